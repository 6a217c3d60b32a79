#include "editors/assigndialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace bootbench {

AssignDialog::AssignDialog(const QStringList &bundles, const QStringList &deviceLabels, QWidget *parent)
    : QDialog(parent)
    , m_bundle(new QComboBox(this))
    , m_once(new QRadioButton(tr("&Once: cleared after the work succeeds (the device then boots its own disk)"), this))
    , m_persistent(new QRadioButton(tr("&Persistent: the work runs on every network boot"), this))
{
    setWindowTitle(tr("Assign a bundle"));
    m_bundle->setObjectName(QStringLiteral("assignBundle"));
    m_bundle->addItems(bundles);
    m_once->setObjectName(QStringLiteral("assignOnce"));
    m_persistent->setObjectName(QStringLiteral("assignPersistent"));
    m_once->setChecked(true);

    auto *devices = new QLabel(tr("%n device(s): %1", nullptr, int(deviceLabels.size()))
                                   .arg(deviceLabels.mid(0, 8).join(QStringLiteral(", ")) +
                                        (deviceLabels.size() > 8 ? QStringLiteral(", …") : QString())),
                               this);
    devices->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("&Bundle:"), m_bundle);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Assign"));
    buttons->button(QDialogButtonBox::Ok)->setEnabled(!bundles.isEmpty());
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(devices);
    layout->addLayout(form);
    layout->addWidget(m_once);
    layout->addWidget(m_persistent);
    if (bundles.isEmpty())
        layout->addWidget(new QLabel(tr("There is no bundle yet: create one on the Bundles page."), this));
    layout->addWidget(buttons);
}

QString AssignDialog::bundle() const
{
    return m_bundle->currentText();
}

void AssignDialog::setBundle(const QString &name)
{
    m_bundle->setCurrentIndex(m_bundle->findText(name));
}

bool AssignDialog::persistent() const
{
    return m_persistent->isChecked();
}

void AssignDialog::setPersistent(bool persistent)
{
    (persistent ? m_persistent : m_once)->setChecked(true);
}

} // namespace bootbench
