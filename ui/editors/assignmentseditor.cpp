#include "editors/assignmentseditor.h"

#include "editors/assigndialog.h"
#include "editors/assignmentwidgets.h"
#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/devicerepository.h"
#include "store/store.h"
#include "store/transaction.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QSet>
#include <QSignalBlocker>
#include <QSplitter>
#include <QVBoxLayout>

namespace bootbench {

namespace {
QString stateText(const Assignment &a)
{
    switch (a.state) {
    case AssignmentState::Pending: return AssignmentsEditor::tr("pending");
    case AssignmentState::Running: return AssignmentsEditor::tr("running");
    case AssignmentState::Done: return AssignmentsEditor::tr("done");
    case AssignmentState::Failed: return AssignmentsEditor::tr("failed");
    }
    return {};
}

QColor stateColour(AssignmentState s)
{
    switch (s) {
    case AssignmentState::Pending: return QColor(0x45, 0x5a, 0x64);
    case AssignmentState::Running: return QColor(0x15, 0x65, 0xc0);
    case AssignmentState::Done: return QColor(0x2e, 0x7d, 0x32);
    case AssignmentState::Failed: return QColor(0xc6, 0x28, 0x28);
    }
    return {};
}

QString localTime(const QDateTime &t)
{
    // ISO with a four-digit year, like every date in the window (not the locale's "12/6/26 1:07 AM").
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
}
} // namespace

AssignmentsEditor::AssignmentsEditor(const Store &store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_devices(new DeviceDragTable(this))
    , m_bundles(new BundleDropList(this))
    , m_dropOnce(new QRadioButton(tr("&Once (cleared after success)"), this))
    , m_dropPersistent(new QRadioButton(tr("&Persistent"), this))
    , m_assign(new QPushButton(tr("&Assign…"), this))
    , m_assignments(new QTableWidget(this))
    , m_reset(new QPushButton(tr("&Reset to pending"), this))
    , m_unassign(new QPushButton(tr("&Unassign"), this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("assignmentsEditor"));
    m_devices->setObjectName(QStringLiteral("assignDevices"));
    m_bundles->setObjectName(QStringLiteral("assignBundles"));
    m_dropOnce->setObjectName(QStringLiteral("dropOnce"));
    m_dropPersistent->setObjectName(QStringLiteral("dropPersistent"));
    m_assign->setObjectName(QStringLiteral("openAssignDialog"));
    m_assignments->setObjectName(QStringLiteral("assignmentTable"));
    m_reset->setObjectName(QStringLiteral("resetAssignment"));
    m_unassign->setObjectName(QStringLiteral("unassign"));
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    m_dropOnce->setChecked(true);

    m_devices->setColumnCount(3);
    m_devices->setHorizontalHeaderLabels({tr("MAC address"), tr("Name"), tr("Assigned")});
    m_assign->setToolTip(tr("Assign a bundle to the selected devices"));

    auto *deviceBox = new QGroupBox(tr("Devices (select, then drag onto a bundle)"), this);
    auto *deviceLayout = new QVBoxLayout(deviceBox);
    deviceLayout->addWidget(m_devices);
    auto *assignRow = new QHBoxLayout;
    assignRow->addStretch();
    assignRow->addWidget(m_assign);
    deviceLayout->addLayout(assignRow);

    auto *bundleBox = new QGroupBox(tr("Bundles (drop devices here)"), this);
    auto *bundleLayout = new QVBoxLayout(bundleBox);
    bundleLayout->addWidget(m_bundles, 1);
    bundleLayout->addWidget(new QLabel(tr("A drop assigns:"), bundleBox));
    bundleLayout->addWidget(m_dropOnce);
    bundleLayout->addWidget(m_dropPersistent);

    auto *top = new QSplitter(this);
    top->addWidget(deviceBox);
    top->addWidget(bundleBox);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 2);

    m_assignments->setColumnCount(8);
    m_assignments->setHorizontalHeaderLabels({tr("MAC address"), tr("Name"), tr("Bundle"), tr("Mode"), tr("State"),
                                              tr("Reason"), tr("Assigned"), tr("Finished")});
    m_assignments->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_assignments->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_assignments->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_assignments->verticalHeader()->hide();
    m_assignments->horizontalHeader()->setStretchLastSection(true);
    auto *assignmentBox = new QGroupBox(tr("Assignments"), this);
    auto *assignmentLayout = new QVBoxLayout(assignmentBox);
    assignmentLayout->addWidget(m_assignments);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_reset);
    buttons->addWidget(m_unassign);
    assignmentLayout->addLayout(buttons);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(assignmentBox);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(m_bundles, &BundleDropList::devicesDropped, this, [this](const QString &bundle, const QStringList &macs) {
        assign(macs, bundle, m_dropPersistent->isChecked());
    });
    connect(m_assign, &QPushButton::clicked, this, &AssignmentsEditor::openAssignDialog);
    connect(m_reset, &QPushButton::clicked, this, &AssignmentsEditor::resetSelected);
    connect(m_unassign, &QPushButton::clicked, this, &AssignmentsEditor::unassignSelected);
    connect(m_devices, &QTableWidget::itemSelectionChanged, this, &AssignmentsEditor::updateButtons);
    connect(m_assignments, &QTableWidget::itemSelectionChanged, this, &AssignmentsEditor::updateButtons);
    reload();
}

QString AssignmentsEditor::statusText() const
{
    return m_status->text();
}

void AssignmentsEditor::setStatus(const QString &text, bool error)
{
    m_status->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
    m_status->setText(text);
}

QString AssignmentsEditor::deviceLabel(const QString &mac) const
{
    const Device d = m_deviceByMac.value(mac);
    return d.name.isEmpty() ? mac : QStringLiteral("%1 (%2)").arg(d.name, mac);
}

void AssignmentsEditor::reload()
{
    QString error;
    const QList<Device> devices = DeviceRepository(m_store).list(&error);
    const QList<Bundle> bundles = BundleRepository(m_store).list(&error);
    const QList<Assignment> assignments = AssignmentRepository(m_store).list(&error);
    if (!error.isEmpty()) {
        setStatus(tr("Cannot read the store: %1").arg(error), true);
        return;
    }
    const QStringList selectedDevices = m_devices->selectedMacs();
    const QStringList selectedAssignments = selectedAssignmentMacs();
    m_deviceByMac.clear();
    m_assignmentByMac.clear();
    for (const Device &d : devices)
        m_deviceByMac.insert(d.mac, d);
    for (const Assignment &a : assignments)
        m_assignmentByMac.insert(a.mac, a);

    {
        const QSignalBlocker block(m_devices);
        m_devices->setRowCount(int(devices.size()));
        for (int row = 0; row < devices.size(); ++row) {
            const Device &d = devices.at(row);
            const Assignment a = m_assignmentByMac.value(d.mac);
            const QStringList cells{d.mac, d.name, a.bundleName};
            for (int c = 0; c < cells.size(); ++c) {
                auto *item = new QTableWidgetItem(cells.at(c));
                item->setData(Qt::UserRole, d.mac);
                m_devices->setItem(row, c, item);
            }
        }
        m_devices->resizeColumnsToContents();
    }
    selectDevices(selectedDevices);

    m_bundles->clear();
    for (const Bundle &b : bundles) {
        int count = 0;
        for (const Assignment &a : assignments)
            count += a.bundleName == b.name ? 1 : 0;
        auto *item =
            new QListWidgetItem(count ? tr("%1 — %n device(s)", nullptr, count).arg(b.name) : b.name, m_bundles);
        item->setData(Qt::UserRole, b.name);
        item->setToolTip(tr("Drop devices here to assign \"%1\" to them").arg(b.name));
    }

    {
        const QSignalBlocker block(m_assignments);
        m_assignments->setRowCount(int(assignments.size()));
        for (int row = 0; row < assignments.size(); ++row) {
            const Assignment &a = assignments.at(row);
            const QStringList cells{a.mac,
                                    m_deviceByMac.value(a.mac).name,
                                    a.bundleName,
                                    a.persistent ? tr("persistent") : tr("once"),
                                    stateText(a),
                                    a.reason,
                                    localTime(a.created),
                                    localTime(a.finished)};
            for (int c = 0; c < cells.size(); ++c) {
                auto *item = new QTableWidgetItem(cells.at(c));
                item->setData(Qt::UserRole, a.mac);
                if (c == 4 || (c == 5 && a.state == AssignmentState::Failed))
                    item->setForeground(stateColour(a.state));
                if (c == 5)
                    item->setToolTip(a.reason);
                m_assignments->setItem(row, c, item);
            }
        }
        m_assignments->resizeColumnsToContents();
    }
    selectAssignments(selectedAssignments);
    updateButtons();
}

bool AssignmentsEditor::selectDevices(const QStringList &macs)
{
    m_devices->clearSelection();
    int found = 0;
    for (int row = 0; row < m_devices->rowCount(); ++row) {
        if (macs.contains(m_devices->item(row, 0)->data(Qt::UserRole).toString())) {
            m_devices->selectionModel()->select(m_devices->model()->index(row, 0),
                                                QItemSelectionModel::Select | QItemSelectionModel::Rows);
            ++found;
        }
    }
    return found == macs.size();
}

bool AssignmentsEditor::selectAssignments(const QStringList &macs)
{
    m_assignments->clearSelection();
    int found = 0;
    for (int row = 0; row < m_assignments->rowCount(); ++row) {
        if (macs.contains(m_assignments->item(row, 0)->data(Qt::UserRole).toString())) {
            m_assignments->selectionModel()->select(m_assignments->model()->index(row, 0),
                                                    QItemSelectionModel::Select | QItemSelectionModel::Rows);
            ++found;
        }
    }
    return found == macs.size();
}

QStringList AssignmentsEditor::selectedAssignmentMacs() const
{
    QStringList out;
    const QModelIndexList rows = m_assignments->selectionModel()->selectedRows();
    for (const QModelIndex &i : rows)
        out << m_assignments->item(i.row(), 0)->data(Qt::UserRole).toString();
    return out;
}

void AssignmentsEditor::updateButtons()
{
    m_assign->setEnabled(!m_devices->selectedMacs().isEmpty() && m_bundles->count() > 0);
    const QStringList selected = selectedAssignmentMacs();
    bool resettable = false;
    for (const QString &mac : selected)
        resettable = resettable || m_assignmentByMac.value(mac).state != AssignmentState::Pending;
    m_reset->setEnabled(resettable);
    m_unassign->setEnabled(!selected.isEmpty());
}

bool AssignmentsEditor::assign(const QStringList &macs, const QString &bundle, bool persistent)
{
    if (macs.isEmpty() || bundle.isEmpty())
        return false;
    // Replacing work: say which, and warn about imaging in progress.
    QStringList replaced;
    bool running = false;
    for (const QString &mac : macs) {
        const auto it = m_assignmentByMac.constFind(mac);
        if (it == m_assignmentByMac.cend() ||
            (it->bundleName == bundle && it->persistent == persistent && it->state == AssignmentState::Pending))
            continue;
        replaced << tr("%1: %2 (%3)").arg(deviceLabel(mac), it->bundleName, stateText(*it));
        running = running || it->state == AssignmentState::Running;
    }
    if (!replaced.isEmpty()) {
        QString text = tr("This replaces the work assigned to %n device(s):", nullptr, int(replaced.size())) +
                       QStringLiteral("\n") + replaced.join(QStringLiteral("\n"));
        if (running)
            text += QStringLiteral("\n\n") + tr("Imaging is running on at least one of them: replacing its work "
                                                "does not stop it.");
        if (!m_confirm(this, tr("Replace assignments"), text))
            return false;
    }
    QString error;
    Transaction tx(m_store.database());
    for (const QString &mac : macs) {
        if (!AssignmentRepository(m_store).assign(mac, bundle, persistent, &error)) {
            setStatus(tr("Nothing assigned: %1").arg(error), true);
            return false;
        }
    }
    if (!tx.commit(&error)) {
        setStatus(tr("Nothing assigned: %1").arg(error), true);
        return false;
    }
    reload();
    selectAssignments(macs);
    setStatus(persistent ? tr("Assigned \"%1\" to %n device(s), persistent.", nullptr, int(macs.size())).arg(bundle)
                         : tr("Assigned \"%1\" to %n device(s), once.", nullptr, int(macs.size())).arg(bundle),
              false);
    emit assignmentsChanged();
    return true;
}

void AssignmentsEditor::openAssignDialog()
{
    const QStringList macs = m_devices->selectedMacs();
    if (macs.isEmpty())
        return;
    QStringList bundles, labels;
    for (int i = 0; i < m_bundles->count(); ++i)
        bundles << m_bundles->item(i)->data(Qt::UserRole).toString();
    for (const QString &mac : macs)
        labels << deviceLabel(mac);
    AssignDialog dialog(bundles, labels, this);
    if (QListWidgetItem *current = m_bundles->currentItem())
        dialog.setBundle(current->data(Qt::UserRole).toString());
    dialog.setPersistent(m_dropPersistent->isChecked());
    if (dialog.exec() == QDialog::Accepted)
        assign(macs, dialog.bundle(), dialog.persistent());
}

bool AssignmentsEditor::resetSelected()
{
    const QStringList macs = selectedAssignmentMacs();
    QString error;
    Transaction tx(m_store.database());
    int count = 0;
    for (const QString &mac : macs) {
        if (m_assignmentByMac.value(mac).state == AssignmentState::Pending)
            continue;
        if (!AssignmentRepository(m_store).setState(mac, AssignmentState::Pending, QString(), &error)) {
            setStatus(tr("Nothing reset: %1").arg(error), true);
            return false;
        }
        ++count;
    }
    if (count == 0 || !tx.commit(&error)) {
        setStatus(count ? tr("Nothing reset: %1").arg(error) : tr("The selected assignments are pending already."),
                  count != 0);
        return false;
    }
    reload();
    selectAssignments(macs);
    setStatus(tr("%n assignment(s) reset to pending: the work runs at the next network boot.", nullptr, count), false);
    emit assignmentsChanged();
    return true;
}

bool AssignmentsEditor::unassignSelected()
{
    const QStringList macs = selectedAssignmentMacs();
    if (macs.isEmpty())
        return false;
    QStringList labels;
    for (const QString &mac : macs)
        labels << deviceLabel(mac);
    if (!m_confirm(this, tr("Unassign"),
                   tr("Remove the work assigned to %n device(s)?", nullptr, int(macs.size())) + QStringLiteral("\n") +
                       labels.join(QStringLiteral("\n"))))
        return false;
    QString error;
    Transaction tx(m_store.database());
    for (const QString &mac : macs) {
        if (!AssignmentRepository(m_store).unassign(mac, &error)) {
            setStatus(tr("Nothing unassigned: %1").arg(error), true);
            return false;
        }
    }
    if (!tx.commit(&error)) {
        setStatus(tr("Nothing unassigned: %1").arg(error), true);
        return false;
    }
    reload();
    setStatus(tr("Unassigned %n device(s).", nullptr, int(macs.size())), false);
    emit assignmentsChanged();
    return true;
}

} // namespace bootbench
