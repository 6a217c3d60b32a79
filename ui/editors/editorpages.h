#pragma once

#include "services/appcontext.h"

#include <QList>
#include <QPair>
#include <QString>

class QWidget;

namespace bootbench {

// The editor pages for the main window, in order: bundles, assignments, hardware rules, devices,
// pxemenu.txt. Each is a QWidget with its title; the caller adds them (MainWindow::addPage) and
// owns them. The pages notice changes made elsewhere (the command line, another bench on the
// same store, the services) through one StoreWatcher they share.
QList<QPair<QWidget *, QString>> createEditorPages(const AppContext &context, QWidget *parent = nullptr);

// Where the editors keep their files: <data dir>/images and <data dir>/pxemenu.txt.
QString editorImageRoot(const AppContext &context);
QString editorMenuFile(const AppContext &context);

} // namespace bootbench
