#pragma once

#include <QRect>

namespace bootbench {

// Where a window goes on a screen: at most the screen's available geometry (without panels), moved
// inside it. `frame` is the window with its frame; an invalid one gets `preferred` centred.
QRect fitWindowToScreen(const QRect &frame, const QRect &available, const QSize &preferred = {});

} // namespace bootbench
