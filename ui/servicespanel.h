#pragma once

#include "config/serviceconfig.h"
#include "editors/editorcommon.h"
#include "model/bootevent.h"
#include "services/appcontext.h"
#include "services/servicestate.h"

#include <QHash>
#include <QWidget>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSettings;

namespace bootbench {

struct InterfaceInfo;

// The left-hand services panel: which interface DHCP may answer on, the phase-1 variant
// (proxy only, or DHCP server + proxy with its pool), start / stop of all services and of each,
// and each service's state with the exact reason when it failed. Choices persist in QSettings
// and the services that were running come back on the next start.
class ServicesPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServicesPanel)

public:
    explicit ServicesPanel(const AppContext &context, QWidget *parent = nullptr);
    ~ServicesPanel() override;

    // Asked before running services move to another interface or variant (a QMessageBox by default).
    void setConfirm(ConfirmFunction confirm) { m_confirm = std::move(confirm); }

    // The configuration the panel would compose services with now.
    ServiceConfig currentConfig() const;
    // What the panel shows for a service: its state text and reason ("" when unknown).
    QString stateText(const QString &service) const;
    QString reasonText(const QString &service) const;
    // The message above the service list (composition errors, missing interface).
    QString bannerText() const;
    // Boot files the TFTP root lacks, with the Debian package to install ("" when complete).
    QString bootFilesText() const;
    // What is wrong with the address pool as typed, in the user's words ("" when usable or when the
    // DHCP server is not chosen).
    QString poolErrorText() const;

    // Whether the user chose the phase-1 variant (clicked one, saved, or the command line gave a
    // pool); every composed service runs.
    bool variantChosen() const { return m_variantChosen; }
    bool allRunning() const;
    // Where the first-start guide's steps lead.
    QWidget *interfacePicker() const;
    QWidget *variantChoice() const;
    QWidget *bootFilesLabel() const;
    QWidget *startAllButton() const;

    // Translated display name and port summary of a service key.
    static QString displayName(const QString &service);
    static QString stateName(ServiceState state);
    // A service row's name with the ports it listens on (policy: its HTTP port).
    static QString rowName(const QString &service, const ServiceConfig &config);
    static QString stateToolTip(ServiceState state);
    // What a service row shows as its name and as its state's tooltip.
    QString rowNameText(const QString &service) const;
    QString stateToolTipText(const QString &service) const;
    static QString poolProblemText(int problem); // a PoolProblem
    // The line shown for an interface in the picker.
    static QString interfaceLabel(const InterfaceInfo &info);

public slots:
    void refreshInterfaces();
    void startAll();
    void stopAll();
    void startService(const QString &name);
    void stopService(const QString &name);
    // Restores the choices from QSettings and restarts what was running; called once at start.
    void restore();

signals:
    void configChanged(const bootbench::ServiceConfig &config);
    // A service's state changed, the services were composed again, or the variant was chosen.
    void statesChanged();

private:
    struct Row
    {
        QLabel *name = nullptr;
        QLabel *state = nullptr;
        QLabel *reason = nullptr;
        QPushButton *toggle = nullptr;
    };

    void buildUi();
    void rebuildRows();
    void onStatusChanged(const ServiceStatus &status);
    void updateRow(const ServiceStatus &status);
    void onChoicesEdited();
    void updatePoolHints();
    // Running services are about to move to another interface or variant: true when the user
    // agrees (asked explicitly for the uplink); false puts the choices back.
    bool confirmMove(const ServiceConfig &wanted);
    // Recreates the services when the configuration differs from the composed one.
    bool ensureComposed();
    void saveSettings() const;
    void saveRunning() const;
    void setBanner(const QString &text, bool error);
    void onEvents(const BootEventBatch &batch);

    const AppContext m_context;
    ServiceConfig m_composed; // what the host's services were composed with
    bool m_hasComposed = false;
    bool m_variantChosen = false;
    QStringList m_wantedRunning; // what the user asked to run (persisted)

    QComboBox *m_interfaces = nullptr;
    QRadioButton *m_proxyOnly = nullptr;
    QRadioButton *m_withServer = nullptr;
    QButtonGroup *m_variant = nullptr;
    QLineEdit *m_rangeFirst = nullptr;
    QLineEdit *m_rangeLast = nullptr;
    QLabel *m_poolError = nullptr;
    QCheckBox *m_routerAdverts = nullptr;
    QLabel *m_banner = nullptr;
    QLabel *m_bootFiles = nullptr;
    QGridLayout *m_rowsLayout = nullptr;
    QWidget *m_rowsHost = nullptr;
    QPushButton *m_startAll = nullptr;
    QPushButton *m_stopAll = nullptr;
    QHash<QString, Row> m_rows;
    QHash<QString, ServiceStatus> m_statuses;
    ConfirmFunction m_confirm = messageBoxConfirm();
};

} // namespace bootbench
