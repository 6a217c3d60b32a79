#pragma once

#include <QString>

#include <functional>

class QWidget;

namespace bootbench {

// Asks the user a yes/no question (a QMessageBox by default). Editors take one so that tests can
// answer without a modal dialog.
using ConfirmFunction = std::function<bool(QWidget *parent, const QString &title, const QString &text)>;
ConfirmFunction messageBoxConfirm();

// Tells the user something went wrong (a QMessageBox by default).
using ReportFunction = std::function<void(QWidget *parent, const QString &title, const QString &text)>;
ReportFunction messageBoxReport();

} // namespace bootbench
