#include "config/windowgeometry.h"

#include <algorithm>

namespace bootbench {

QRect fitWindowToScreen(const QRect &frame, const QRect &available, const QSize &preferred)
{
    if (!available.isValid())
        return frame;
    QRect fitted = frame;
    if (!fitted.isValid()) {
        fitted = QRect(QPoint(0, 0), preferred.isValid() ? preferred : available.size());
        fitted.setSize(fitted.size().boundedTo(available.size()));
        fitted.moveCenter(available.center());
        return fitted;
    }
    fitted.setSize(fitted.size().boundedTo(available.size()));
    // Moved inside: right and bottom edges first, then left and top win.
    fitted.moveLeft(std::max(available.left(), std::min(fitted.left(), available.right() - fitted.width() + 1)));
    fitted.moveTop(std::max(available.top(), std::min(fitted.top(), available.bottom() - fitted.height() + 1)));
    return fitted;
}

} // namespace bootbench
