#include "editors/editorcommon.h"

#include <QMessageBox>

namespace bootbench {

ConfirmFunction messageBoxConfirm()
{
    return [](QWidget *parent, const QString &title, const QString &text) {
        return QMessageBox::question(parent, title, text, QMessageBox::Yes | QMessageBox::No, QMessageBox::No) ==
               QMessageBox::Yes;
    };
}

ReportFunction messageBoxReport()
{
    return
        [](QWidget *parent, const QString &title, const QString &text) { QMessageBox::warning(parent, title, text); };
}

} // namespace bootbench
