#pragma once

#include "editors/actioneditor.h"

class QComboBox;
class QLabel;
class QLineEdit;

namespace bootbench {

// Third-party (WinPE) imaging: the boot manager, BCD, boot.sdi and boot.wim, chosen from a folder
// the technician provides (found there automatically when they have their usual names), with a
// check that all four are present.
class WinPeActionEditor final : public ActionEditor
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WinPeActionEditor)

public:
    explicit WinPeActionEditor(QWidget *parent = nullptr);

    QString type() const override { return QString::fromLatin1(actionkey::kWinPe); }
    void setAction(const BundleAction &action) override;
    BundleAction action() const override;
    QLineEdit *folderEdit() const { return m_folder; }
    QLabel *checkLabel() const { return m_check; }

private:
    void browse();
    void folderChanged();
    void listFiles(bool pickUsualNames);
    void updateCheck();

    QLineEdit *m_folder;
    QComboBox *m_files[4];
    QLabel *m_check;
};

} // namespace bootbench
