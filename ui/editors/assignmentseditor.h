#pragma once

#include "editors/editorcommon.h"
#include "model/assignment.h"
#include "model/device.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QPushButton;
class QRadioButton;
class QTableWidget;

namespace bootbench {

class BundleDropList;
class DeviceDragTable;
class Store;

// The assignments page: assign a bundle to one or many devices (drag them onto a bundle, or the
// dialog), once or persistent; see each assignment's state and reset or remove it.
class AssignmentsEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AssignmentsEditor)

public:
    explicit AssignmentsEditor(const Store &store, QWidget *parent = nullptr);

    void setConfirm(ConfirmFunction confirm) { m_confirm = std::move(confirm); }
    DeviceDragTable *deviceTable() const { return m_devices; }
    BundleDropList *bundleList() const { return m_bundles; }
    QTableWidget *assignmentTable() const { return m_assignments; }
    QRadioButton *dropPersistent() const { return m_dropPersistent; }
    QString statusText() const;

public slots:
    void reload();
    // Assigns in one transaction (asks first when it replaces work); false when nothing changed.
    bool assign(const QStringList &macs, const QString &bundle, bool persistent);
    void openAssignDialog(); // for the selected devices
    bool resetSelected();    // selected assignments back to pending
    bool unassignSelected();
    bool selectDevices(const QStringList &macs);
    bool selectAssignments(const QStringList &macs);

signals:
    void assignmentsChanged();

private:
    QStringList selectedAssignmentMacs() const;
    void updateButtons();
    void setStatus(const QString &text, bool error);
    QString deviceLabel(const QString &mac) const;

    const Store &m_store;
    DeviceDragTable *m_devices;
    BundleDropList *m_bundles;
    QRadioButton *m_dropOnce;
    QRadioButton *m_dropPersistent;
    QPushButton *m_assign;
    QTableWidget *m_assignments;
    QPushButton *m_reset;
    QPushButton *m_unassign;
    QLabel *m_status;
    ConfirmFunction m_confirm = messageBoxConfirm();
    QHash<QString, Device> m_deviceByMac;
    QHash<QString, Assignment> m_assignmentByMac;
};

} // namespace bootbench
