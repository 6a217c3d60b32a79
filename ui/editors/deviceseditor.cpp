#include "editors/deviceseditor.h"

#include "editors/csvimportdialog.h"
#include "editors/deviceform.h"
#include "editors/fielderror.h"
#include "model/macaddress.h"
#include "store/devicerepository.h"
#include "store/store.h"
#include "store/transaction.h"

#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace bootbench {

namespace {
QString menuText(const Device &d)
{
    if (!d.hasMenuOverride)
        return DevicesEditor::tr("global");
    switch (d.menuOverride) {
    case MenuMode::Hotkey: return DevicesEditor::tr("hotkey");
    case MenuMode::Always: return DevicesEditor::tr("always");
    case MenuMode::Never: return DevicesEditor::tr("never");
    }
    return {};
}
} // namespace

DevicesEditor::DevicesEditor(const Store &store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_newMac(new QLineEdit(this))
    , m_newName(new QLineEdit(this))
    , m_add(new QPushButton(tr("&Add device"), this))
    , m_import(new QPushButton(tr("&Import CSV…"), this))
    , m_table(new QTableWidget(this))
    , m_form(new DeviceForm(this))
    , m_save(new QPushButton(tr("&Save"), this))
    , m_revert(new QPushButton(tr("&Revert"), this))
    , m_delete(new QPushButton(tr("&Delete…"), this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("devicesEditor"));
    m_newMac->setObjectName(QStringLiteral("newMac"));
    m_newMac->setPlaceholderText(QStringLiteral("52:54:00:12:34:56"));
    m_newName->setObjectName(QStringLiteral("newName"));
    m_newName->setPlaceholderText(tr("e.g. lab-pc-07"));
    m_newMacError = new FieldError(m_newMac, this);
    m_newNameError = new FieldError(m_newName, this);
    m_add->setObjectName(QStringLiteral("addDevice"));
    m_import->setObjectName(QStringLiteral("importCsv"));
    m_table->setObjectName(QStringLiteral("deviceTable"));
    m_save->setObjectName(QStringLiteral("saveDevice"));
    m_revert->setObjectName(QStringLiteral("revertDevice"));
    m_delete->setObjectName(QStringLiteral("deleteDevice"));
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);

    auto *addBox = new QGroupBox(tr("Add a device ahead of time"), this);
    auto *addLayout = new QHBoxLayout(addBox);
    auto *macForm = new QFormLayout;
    macForm->addRow(tr("&MAC address:"), withError(m_newMac, m_newMacError));
    auto *nameForm = new QFormLayout;
    nameForm->addRow(tr("N&ame:"), withError(m_newName, m_newNameError));
    addLayout->addLayout(macForm, 1);
    addLayout->addLayout(nameForm, 1);
    addLayout->addWidget(m_add, 0, Qt::AlignTop);
    addLayout->addWidget(m_import, 0, Qt::AlignTop);

    m_table->setColumnCount(6);
    m_table->setHorizontalHeaderLabels(
        {tr("MAC address"), tr("Name"), tr("Manufacturer"), tr("Model"), tr("Menu"), tr("Last seen")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSortingEnabled(true);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_form, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_delete);
    buttons->addStretch();
    buttons->addWidget(m_revert);
    buttons->addWidget(m_save);
    rightLayout->addLayout(buttons);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_table);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(addBox);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);

    connect(m_newMac, &QLineEdit::textChanged, this, &DevicesEditor::validateNew);
    connect(m_newName, &QLineEdit::textChanged, this, &DevicesEditor::validateNew);
    connect(m_newMac, &QLineEdit::returnPressed, this, &DevicesEditor::addDevice);
    connect(m_newName, &QLineEdit::returnPressed, this, &DevicesEditor::addDevice);
    connect(m_add, &QPushButton::clicked, this, &DevicesEditor::addDevice);
    connect(m_import, &QPushButton::clicked, this, &DevicesEditor::chooseCsv);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &DevicesEditor::currentChanged);
    connect(m_form, &DeviceForm::changed, this, &DevicesEditor::updateButtons);
    connect(m_save, &QPushButton::clicked, this, &DevicesEditor::save);
    connect(m_revert, &QPushButton::clicked, this, &DevicesEditor::revert);
    connect(m_delete, &QPushButton::clicked, this, &DevicesEditor::deleteSelected);
    reload();
    m_add->setEnabled(false); // nothing typed yet: no error shown, but nothing to add either
}

QString DevicesEditor::statusText() const
{
    return m_status->text();
}

void DevicesEditor::setStatus(const QString &text, bool error)
{
    m_status->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
    m_status->setText(text);
}

void DevicesEditor::reload()
{
    QString error;
    const QList<Device> devices = DeviceRepository(m_store).list(&error);
    if (!error.isEmpty()) {
        setStatus(tr("Cannot read the devices: %1").arg(error), true);
        return;
    }
    m_knownMacs.clear();
    {
        const QSignalBlocker block(m_table);
        m_table->setSortingEnabled(false);
        m_table->clearContents();
        m_table->setRowCount(int(devices.size()));
        for (int row = 0; row < devices.size(); ++row) {
            const Device &d = devices.at(row);
            m_knownMacs << d.mac;
            const QStringList cells{d.mac,
                                    d.name,
                                    d.manufacturer,
                                    d.model,
                                    menuText(d),
                                    d.lastSeen.isValid()
                                        ? d.lastSeen.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                                        : tr("not seen yet")};
            for (int c = 0; c < cells.size(); ++c) {
                auto *item = new QTableWidgetItem(cells.at(c));
                item->setData(Qt::UserRole, d.mac);
                m_table->setItem(row, c, item);
            }
        }
        m_table->setSortingEnabled(true);
        m_table->resizeColumnsToContents();
        for (int row = 0; row < m_table->rowCount(); ++row) {
            if (m_table->item(row, 0)->data(Qt::UserRole).toString() == m_selected)
                m_table->selectRow(row);
        }
    }
    if (!m_form->isDirty()) {
        const auto it =
            std::find_if(devices.cbegin(), devices.cend(), [this](const Device &d) { return d.mac == m_selected; });
        if (it != devices.cend()) {
            if (*it != m_form->device() || !m_form->hasDevice())
                m_form->setDevice(*it);
        } else {
            m_selected.clear();
            m_form->clear();
        }
    }
    validateNew();
    updateButtons();
}

void DevicesEditor::validateNew()
{
    const QString text = m_newMac->text();
    const QString mac = normaliseMac(text);
    QString macError;
    if (text.trimmed().isEmpty())
        macError = m_newName->text().isEmpty() ? QString() : tr("Enter the device's MAC address.");
    else if (mac.isEmpty())
        macError = tr("Not a MAC address: expected six hex pairs like 52:54:00:12:34:56.");
    else if (m_knownMacs.contains(mac))
        macError = tr("A device with MAC %1 exists already.").arg(mac);
    m_newMacError->setError(macError);
    QString nameError;
    if (!text.trimmed().isEmpty() && m_newName->text().trimmed().isEmpty())
        nameError = DeviceForm::problemText({DeviceProblemCode::NameEmpty, {}, {}});
    else if (m_newName->text().size() > 64)
        nameError = DeviceForm::problemText({DeviceProblemCode::NameTooLong, {}, {}});
    m_newNameError->setError(nameError);
    m_add->setEnabled(!mac.isEmpty() && macError.isEmpty() && nameError.isEmpty());
    m_add->setToolTip(mac.isEmpty() ? QString() : tr("Adds %1").arg(mac));
}

bool DevicesEditor::addDevice()
{
    validateNew();
    if (!m_add->isEnabled()) {
        if (m_newMac->text().trimmed().isEmpty())
            m_newMacError->setError(tr("Enter the device's MAC address."));
        setStatus(tr("Not added: fix the fields marked in red."), true);
        return false;
    }
    Device d;
    d.mac = normaliseMac(m_newMac->text());
    d.name = m_newName->text().trimmed();
    QString error;
    Transaction tx(m_store.database());
    if (!DeviceRepository(m_store).add(d, &error) || !tx.commit(&error)) {
        setStatus(tr("Not added: %1").arg(error), true);
        return false;
    }
    m_newMac->clear();
    m_newName->clear();
    m_selected = d.mac;
    m_form->clear(); // show the new device
    reload();
    setStatus(tr("Added %1 (%2).").arg(d.name, d.mac), false);
    m_newMac->setFocus();
    emit devicesChanged();
    return true;
}

void DevicesEditor::chooseCsv()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import devices"), QString(),
                                                      tr("CSV files (*.csv *.txt);;All files (*)"));
    if (!path.isEmpty())
        importCsvFile(path);
}

void DevicesEditor::importCsvFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        setStatus(tr("Cannot read %1: %2").arg(path, f.errorString()), true);
        return;
    }
    CsvImportDialog dialog(m_store, path, QString::fromUtf8(f.readAll()), this);
    if (dialog.exec() == QDialog::Accepted) {
        reload();
        setStatus(tr("Imported %n device(s).", nullptr, dialog.importableCount()), false);
        emit devicesChanged();
    }
}

void DevicesEditor::currentChanged()
{
    if (m_reverting)
        return;
    const QList<QTableWidgetItem *> items = m_table->selectedItems();
    const QString mac = items.isEmpty() ? QString() : items.first()->data(Qt::UserRole).toString();
    if (mac == m_selected)
        return;
    if (m_form->isDirty() &&
        !m_confirm(this, tr("Unsaved changes"),
                   tr("The device %1 has changes that are not saved. Discard them?").arg(m_selected))) {
        m_reverting = true;
        selectDevice(m_selected);
        m_reverting = false;
        return;
    }
    m_selected = mac;
    m_form->clear();
    reload();
}

bool DevicesEditor::selectDevice(const QString &mac)
{
    const QString norm = normaliseMac(mac);
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, 0)->data(Qt::UserRole).toString() == norm) {
            m_table->selectRow(row);
            return m_selected == norm;
        }
    }
    return false;
}

void DevicesEditor::updateButtons()
{
    m_save->setEnabled(m_form->isDirty() && m_form->isValid());
    m_revert->setEnabled(m_form->isDirty());
    m_delete->setEnabled(!m_selected.isEmpty());
}

bool DevicesEditor::save()
{
    m_form->validate();
    if (!m_form->hasDevice())
        return false;
    if (!m_form->isValid()) {
        setStatus(tr("Not saved: %1").arg(m_form->problemMessages().value(0)), true);
        return false;
    }
    const Device d = m_form->device();
    QString error;
    Transaction tx(m_store.database());
    if (!DeviceRepository(m_store).update(d, &error) || !tx.commit(&error)) {
        setStatus(tr("Not saved: %1").arg(error), true);
        return false;
    }
    m_form->clear();
    reload();
    setStatus(tr("Saved %1.").arg(d.mac), false);
    emit devicesChanged();
    return true;
}

void DevicesEditor::revert()
{
    m_form->clear();
    reload();
    setStatus(QString(), false);
}

bool DevicesEditor::deleteSelected()
{
    if (m_selected.isEmpty())
        return false;
    const QString mac = m_selected;
    if (!m_confirm(this, tr("Delete device"),
                   tr("Delete the device %1? Its assignment is removed with it. It is added again when it next "
                      "boots from Bootbench.")
                       .arg(mac)))
        return false;
    QString error;
    Transaction tx(m_store.database());
    if (!DeviceRepository(m_store).remove(mac, &error) || !tx.commit(&error)) {
        setStatus(tr("Not deleted: %1").arg(error), true);
        return false;
    }
    m_selected.clear();
    m_form->clear();
    reload();
    setStatus(tr("Deleted %1.").arg(mac), false);
    emit devicesChanged();
    return true;
}

} // namespace bootbench
