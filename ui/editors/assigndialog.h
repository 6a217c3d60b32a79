#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QRadioButton;

namespace bootbench {

// Which bundle to assign to the selected devices, and whether once (cleared after success, the
// default) or persistent.
class AssignDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AssignDialog)

public:
    AssignDialog(const QStringList &bundles, const QStringList &deviceLabels, QWidget *parent = nullptr);

    QString bundle() const;
    void setBundle(const QString &name);
    bool persistent() const;
    void setPersistent(bool persistent);

private:
    QComboBox *m_bundle;
    QRadioButton *m_once;
    QRadioButton *m_persistent;
};

} // namespace bootbench
