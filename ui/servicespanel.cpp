#include "servicespanel.h"

#include "config/poolcheck.h"
#include "environmentsection.h"
#include "net/networkinterfaces.h"
#include "serviceerrortext.h"
#include "services/eventstream.h"
#include "services/servicehost.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QColor>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

namespace bootbench {

namespace {
const QString kGroup = QStringLiteral("services");

bool sameConfig(const ServiceConfig &a, const ServiceConfig &b)
{
    return a.interfaceName == b.interfaceName && a.address == b.address && a.services == b.services &&
           a.dhcpMode == b.dhcpMode && a.rangeFirst == b.rangeFirst && a.rangeLast == b.rangeLast &&
           a.routerAdvertisements == b.routerAdvertisements;
}

QString stateColour(ServiceState state)
{
    switch (state) {
    case ServiceState::Running: return QStringLiteral("#1a7f37");
    case ServiceState::Starting: return QStringLiteral("#9a6700");
    case ServiceState::Failed: return QStringLiteral("#cf222e");
    case ServiceState::Stopped: break;
    }
    return QStringLiteral("#57606a");
}
} // namespace

ServicesPanel::ServicesPanel(const AppContext &context, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
{
    buildUi();
    refreshInterfaces();
    if (m_context.host)
        connect(m_context.host, &ServiceHost::statusChanged, this, &ServicesPanel::onStatusChanged);
    if (m_context.events)
        connect(m_context.events, &EventStream::batchReady, this, &ServicesPanel::onEvents);
}

ServicesPanel::~ServicesPanel() = default;

QString ServicesPanel::displayName(const QString &service)
{
    if (service == QLatin1String("proxydhcp"))
        return tr("Proxy DHCP (UDP 67, 4011)");
    if (service == QLatin1String("dhcp"))
        return tr("DHCP server (UDP 67)");
    if (service == QLatin1String("tftp"))
        return tr("TFTP (UDP 69)");
    if (service == QLatin1String("policy"))
        return tr("Policy (HTTP)");
    return service;
}

QString ServicesPanel::rowName(const QString &service, const ServiceConfig &config)
{
    if (service == QLatin1String("proxydhcp"))
        return tr("Proxy DHCP (UDP %1, %2)").arg(config.dhcpPort).arg(config.pxePort);
    if (service == QLatin1String("dhcp"))
        return tr("DHCP server (UDP %1)").arg(config.dhcpPort);
    if (service == QLatin1String("tftp"))
        return tr("TFTP (UDP %1)").arg(config.tftpPort);
    if (service == QLatin1String("policy"))
        return tr("Policy (HTTP %1)").arg(config.httpPort);
    return service;
}

QString ServicesPanel::stateToolTip(ServiceState state)
{
    switch (state) {
    case ServiceState::Stopped: return tr("Not running: machines get no answer from it. Start it with the button.");
    case ServiceState::Starting: return tr("Opening its ports…");
    case ServiceState::Running: return tr("Running: it answers the machines on its ports.");
    case ServiceState::Failed: return tr("It could not start or stopped by itself: the reason is below the row.");
    }
    return {};
}

QString ServicesPanel::rowNameText(const QString &service) const
{
    const auto it = m_rows.constFind(service);
    return it == m_rows.constEnd() ? QString() : it->name->text();
}

QString ServicesPanel::stateToolTipText(const QString &service) const
{
    const auto it = m_rows.constFind(service);
    return it == m_rows.constEnd() ? QString() : it->state->toolTip();
}

QString ServicesPanel::stateName(ServiceState state)
{
    switch (state) {
    case ServiceState::Stopped: return tr("Stopped");
    case ServiceState::Starting: return tr("Starting");
    case ServiceState::Running: return tr("Running");
    case ServiceState::Failed: return tr("Failed");
    }
    return {};
}

QString ServicesPanel::poolProblemText(int problem)
{
    switch (PoolProblem(problem)) {
    case PoolProblem::None: break;
    case PoolProblem::Missing:
        return tr("The DHCP server needs an address pool: type its first and last address. The other services run "
                  "without it.");
    case PoolProblem::FirstNotAnAddress: return tr("The first address of the pool is not an IPv4 address.");
    case PoolProblem::LastNotAnAddress: return tr("The last address of the pool is not an IPv4 address.");
    case PoolProblem::Reversed: return tr("The pool's first address comes after its last.");
    }
    return {};
}

QString ServicesPanel::interfaceLabel(const InterfaceInfo &info)
{
    QStringList addresses;
    for (const QHostAddress &a : info.ipv4)
        addresses << a.toString();
    QString text = info.name + QStringLiteral(" — ") +
                   (addresses.isEmpty() ? tr("no IPv4 address") : addresses.join(QStringLiteral(", "))) +
                   QStringLiteral(" — ") + (info.running ? tr("link up") : tr("no link"));
    if (info.loopback)
        text += QStringLiteral(" — ") + tr("loopback");
    if (info.holdsDefaultRoute)
        text += QStringLiteral(" — ") + tr("your uplink — not recommended");
    return text;
}

void ServicesPanel::buildUi()
{
    auto *top = new QVBoxLayout(this);

    auto *network = new QGroupBox(tr("Network"), this);
    auto *form = new QFormLayout(network);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto *ifRow = new QHBoxLayout;
    m_interfaces = new QComboBox(network);
    m_interfaces->setObjectName(QStringLiteral("interfacePicker"));
    m_interfaces->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_interfaces->setMinimumContentsLength(16);
    m_interfaces->setToolTip(tr("The one interface the bench's DHCP answers may leave by. "
                                "Choose the bench network, not your uplink."));
    auto *refresh = new QToolButton(network);
    refresh->setText(tr("Refresh"));
    refresh->setToolTip(tr("List the machine's interfaces again"));
    ifRow->addWidget(m_interfaces, 1);
    ifRow->addWidget(refresh);
    form->addRow(tr("Interface:"), ifRow);

    m_proxyOnly = new QRadioButton(tr("Proxy DHCP only"), network);
    m_withServer = new QRadioButton(tr("DHCP server + proxy DHCP"), network);
    m_proxyOnly->setToolTip(tr("Variant A: the network already has a DHCP server; Bootbench only adds the boot "
                               "information."));
    m_withServer->setToolTip(tr("Variant B: an isolated bench; Bootbench also hands out the addresses of the pool "
                                "below."));
    m_proxyOnly->setObjectName(QStringLiteral("variantProxy"));
    m_withServer->setObjectName(QStringLiteral("variantServer"));
    m_variant = new QButtonGroup(this);
    m_variant->addButton(m_proxyOnly, static_cast<int>(DhcpMode::Proxy));
    m_variant->addButton(m_withServer, static_cast<int>(DhcpMode::Server));
    m_proxyOnly->setChecked(true);
    auto *variantBox = new QVBoxLayout;
    variantBox->addWidget(m_proxyOnly);
    variantBox->addWidget(m_withServer);
    auto *variantHint = new QLabel(tr("Proxy only when the network already has a DHCP server; with the server on "
                                      "an isolated bench."),
                                   network);
    variantHint->setWordWrap(true);
    variantHint->setStyleSheet(QStringLiteral("color: #57606a;"));
    variantBox->addWidget(variantHint);
    form->addRow(tr("Phase 1:"), variantBox);

    auto *rangeRow = new QHBoxLayout;
    m_rangeFirst = new QLineEdit(network);
    m_rangeLast = new QLineEdit(network);
    m_rangeFirst->setObjectName(QStringLiteral("rangeFirst"));
    m_rangeLast->setObjectName(QStringLiteral("rangeLast"));
    m_rangeFirst->setPlaceholderText(QStringLiteral("192.0.2.100"));
    m_rangeLast->setPlaceholderText(QStringLiteral("192.0.2.199"));
    rangeRow->addWidget(m_rangeFirst);
    rangeRow->addWidget(new QLabel(QStringLiteral("–"), network));
    rangeRow->addWidget(m_rangeLast);
    form->addRow(tr("Address pool:"), rangeRow);
    // Checked as it is typed; the line keeps its place so the form does not jump.
    m_poolError = new QLabel(network);
    m_poolError->setObjectName(QStringLiteral("poolError"));
    m_poolError->setWordWrap(true);
    m_poolError->setStyleSheet(QStringLiteral("color: #cf222e;"));
    form->addRow(QString(), m_poolError);
    m_routerAdverts = new QCheckBox(tr("IPv6: answer \"no router here\""), network);
    m_routerAdverts->setObjectName(QStringLiteral("routerAdvertisements"));
    m_routerAdverts->setChecked(true);
    m_routerAdverts->setToolTip(tr("The DHCP server answers IPv6 router solicitations on the interface with \"no "
                                   "IPv6 router here\", so iPXE does not wait ~16 s for IPv6 on every boot. Turn it "
                                   "off when the bench network has its own IPv6 router."));
    form->addRow(QString(), m_routerAdverts);
    top->addWidget(network);

    auto *servicesBox = new QGroupBox(tr("Services"), this);
    auto *servicesLayout = new QVBoxLayout(servicesBox);
    m_banner = new QLabel(servicesBox);
    m_banner->setObjectName(QStringLiteral("servicesBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->hide();
    servicesLayout->addWidget(m_banner);
    m_rowsHost = new QWidget(servicesBox);
    m_rowsLayout = new QGridLayout(m_rowsHost);
    m_rowsLayout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout->setColumnStretch(0, 1);
    servicesLayout->addWidget(m_rowsHost);
    m_bootFiles = new QLabel(servicesBox);
    m_bootFiles->setObjectName(QStringLiteral("bootFiles"));
    m_bootFiles->setWordWrap(true);
    m_bootFiles->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_bootFiles->setStyleSheet(QStringLiteral("color: #cf222e;"));
    m_bootFiles->hide();
    servicesLayout->addWidget(m_bootFiles);
    auto *buttons = new QHBoxLayout;
    m_startAll = new QPushButton(tr("Start all"), servicesBox);
    m_stopAll = new QPushButton(tr("Stop all"), servicesBox);
    m_startAll->setObjectName(QStringLiteral("startAll"));
    m_stopAll->setObjectName(QStringLiteral("stopAll"));
    buttons->addWidget(m_startAll);
    buttons->addWidget(m_stopAll);
    servicesLayout->addLayout(buttons);
    top->addWidget(servicesBox);
    top->addWidget(new EnvironmentSection(m_context, this));
    top->addStretch(1);

    connect(refresh, &QToolButton::clicked, this, &ServicesPanel::refreshInterfaces);
    connect(m_interfaces, &QComboBox::activated, this, &ServicesPanel::onChoicesEdited);
    connect(m_variant, &QButtonGroup::idClicked, this, [this] {
        m_variantChosen = true;
        onChoicesEdited();
        emit statesChanged();
    });
    connect(m_rangeFirst, &QLineEdit::textEdited, this, &ServicesPanel::updatePoolHints);
    connect(m_rangeLast, &QLineEdit::textEdited, this, &ServicesPanel::updatePoolHints);
    connect(m_rangeFirst, &QLineEdit::editingFinished, this, &ServicesPanel::onChoicesEdited);
    connect(m_rangeLast, &QLineEdit::editingFinished, this, &ServicesPanel::onChoicesEdited);
    connect(m_routerAdverts, &QCheckBox::clicked, this, &ServicesPanel::onChoicesEdited);
    connect(m_startAll, &QPushButton::clicked, this, &ServicesPanel::startAll);
    connect(m_stopAll, &QPushButton::clicked, this, &ServicesPanel::stopAll);
}

void ServicesPanel::refreshInterfaces()
{
    const QString current = m_interfaces->currentData().toString();
    m_interfaces->clear();
    m_interfaces->addItem(tr("(choose the bench interface)"), QString());
    const QList<InterfaceInfo> all = listInterfaces();
    for (const InterfaceInfo &info : all) {
        m_interfaces->addItem(interfaceLabel(info), info.name);
        const int index = m_interfaces->count() - 1;
        m_interfaces->setItemData(index, info.ipv4.isEmpty() ? QString() : info.ipv4.first().toString(),
                                  Qt::UserRole + 1);
        if (info.holdsDefaultRoute)
            m_interfaces->setItemData(index, QColor(0xcf, 0x22, 0x2e), Qt::ForegroundRole);
    }
    const int index = m_interfaces->findData(current);
    m_interfaces->setCurrentIndex(index < 0 ? 0 : index);
}

ServiceConfig ServicesPanel::currentConfig() const
{
    ServiceConfig config = m_context.config;
    config.interfaceName = m_interfaces->currentData().toString();
    const QString address = m_interfaces->currentData(Qt::UserRole + 1).toString();
    config.address = address.isEmpty() ? QHostAddress() : QHostAddress(address);
    config.dhcpMode = m_withServer->isChecked() ? DhcpMode::Server : DhcpMode::Proxy;
    QHostAddress first(m_rangeFirst->text().trimmed()), last(m_rangeLast->text().trimmed());
    config.rangeFirst = first;
    config.rangeLast = last;
    config.routerAdvertisements = m_routerAdverts->isChecked();
    QStringList services = m_context.config.services;
    if (services.isEmpty())
        services = ServiceConfig::knownServices();
    services.removeAll(QStringLiteral("dhcp"));
    if (config.dhcpMode == DhcpMode::Server)
        services.insert(qMin(1, int(services.size())), QStringLiteral("dhcp"));
    config.services = services;
    return config;
}

bool ServicesPanel::allRunning() const
{
    if (!m_context.host || m_context.host->serviceNames().isEmpty())
        return false;
    for (const QString &name : m_context.host->serviceNames()) {
        if (m_context.host->status(name).state != ServiceState::Running)
            return false;
    }
    return true;
}

QWidget *ServicesPanel::interfacePicker() const
{
    return m_interfaces;
}

QWidget *ServicesPanel::variantChoice() const
{
    return m_withServer->isChecked() ? m_withServer : m_proxyOnly;
}

QWidget *ServicesPanel::bootFilesLabel() const
{
    return m_bootFiles->isVisible() ? static_cast<QWidget *>(m_bootFiles) : m_startAll;
}

QWidget *ServicesPanel::startAllButton() const
{
    return m_startAll;
}

QString ServicesPanel::stateText(const QString &service) const
{
    const auto it = m_rows.constFind(service);
    return it == m_rows.constEnd() ? QString() : it->state->text();
}

QString ServicesPanel::reasonText(const QString &service) const
{
    const auto it = m_rows.constFind(service);
    return it == m_rows.constEnd() ? QString() : it->reason->text();
}

QString ServicesPanel::bannerText() const
{
    return m_banner->isVisible() || !m_banner->text().isEmpty() ? m_banner->text() : QString();
}

QString ServicesPanel::bootFilesText() const
{
    return m_bootFiles->text();
}

QString ServicesPanel::poolErrorText() const
{
    return m_poolError->text();
}

void ServicesPanel::updatePoolHints()
{
    const QPair<QString, QString> example =
        suggestedPool(QHostAddress(m_interfaces->currentData(Qt::UserRole + 1).toString()));
    m_rangeFirst->setPlaceholderText(example.first);
    m_rangeLast->setPlaceholderText(example.second);
    const bool server = m_withServer->isChecked();
    m_poolError->setText(server ? poolProblemText(int(checkPool(m_rangeFirst->text(), m_rangeLast->text())))
                                : QString());
}

void ServicesPanel::onEvents(const BootEventBatch &batch)
{
    // The boot chain is laid out (and reported) each time the services are composed: the newest
    // report replaces the previous one.
    QStringList missing;
    bool report = false;
    for (const BootEvent &e : batch) {
        if (e.service != QLatin1String("bootchain"))
            continue;
        report = true;
        // Missing files are errors; a missing imaging environment is a warning, but no machine
        // can be imaged without it either.
        if (e.severity == BootEvent::Severity::Error || e.kind == QLatin1String("imaging-environment"))
            missing << QStringLiteral("• ") + ServiceErrorText::localized(e.detail);
    }
    if (!report)
        return;
    m_bootFiles->setText(missing.isEmpty() ? QString()
                                           : tr("The boot chain in the TFTP root is not complete:") +
                                                 QLatin1Char('\n') + missing.join(QLatin1Char('\n')));
    m_bootFiles->setVisible(!missing.isEmpty());
}

void ServicesPanel::setBanner(const QString &text, bool error)
{
    m_banner->setText(ServiceErrorText::localized(text));
    m_banner->setStyleSheet(error ? QStringLiteral("color: #cf222e;") : QStringLiteral("color: #9a6700;"));
    m_banner->setVisible(!text.isEmpty());
}

void ServicesPanel::rebuildRows()
{
    for (const Row &row : std::as_const(m_rows)) {
        delete row.name;
        delete row.state;
        delete row.reason;
        delete row.toggle;
    }
    m_rows.clear();
    const ServiceConfig config = currentConfig();
    const QStringList names = config.services;
    int line = 0;
    for (const QString &name : names) {
        Row row;
        row.name = new QLabel(rowName(name, config), m_rowsHost);
        row.state = new QLabel(m_rowsHost);
        row.state->setObjectName(name + QStringLiteral("State"));
        row.toggle = new QPushButton(m_rowsHost);
        row.toggle->setObjectName(name + QStringLiteral("Toggle"));
        row.reason = new QLabel(m_rowsHost);
        row.reason->setObjectName(name + QStringLiteral("Reason"));
        row.reason->setWordWrap(true);
        row.reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
        row.reason->setStyleSheet(QStringLiteral("color: #cf222e;"));
        m_rowsLayout->addWidget(row.name, line, 0);
        m_rowsLayout->addWidget(row.state, line, 1);
        m_rowsLayout->addWidget(row.toggle, line, 2);
        m_rowsLayout->addWidget(row.reason, line + 1, 0, 1, 3);
        line += 2;
        connect(row.toggle, &QPushButton::clicked, this, [this, name] {
            const ServiceState state = m_statuses.value(name).state;
            if (state == ServiceState::Running || state == ServiceState::Starting)
                stopService(name);
            else
                startService(name);
        });
        m_rows.insert(name, row);
        ServiceStatus status = m_context.host ? m_context.host->status(name) : ServiceStatus{name, {}, {}};
        if (m_context.host && !m_context.host->serviceNames().contains(name))
            status.reason = name == QLatin1String("dhcp") && !poolErrorText().isEmpty()
                                ? tr("Waiting for a usable address pool (above).")
                                : tr("Not available: the service could not be created (see above).");
        m_statuses.insert(name, status);
        updateRow(status);
    }
}

void ServicesPanel::updateRow(const ServiceStatus &status)
{
    const auto it = m_rows.constFind(status.name);
    if (it == m_rows.constEnd())
        return;
    it->state->setText(QStringLiteral("● ") + stateName(status.state));
    it->state->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;").arg(stateColour(status.state)));
    it->state->setToolTip(stateToolTip(status.state));
    it->reason->setText(ServiceErrorText::localized(status.reason));
    it->reason->setVisible(!status.reason.isEmpty());
    const bool active = status.state == ServiceState::Running || status.state == ServiceState::Starting;
    it->toggle->setText(active ? tr("Stop") : tr("Start"));
}

void ServicesPanel::onStatusChanged(const ServiceStatus &status)
{
    m_statuses.insert(status.name, status);
    updateRow(status);
    emit statesChanged();
}

bool ServicesPanel::ensureComposed()
{
    // A DHCP server without a usable pool waits for it; the other services do not.
    const ServiceConfig config = composableConfig(currentConfig());
    if (m_hasComposed && sameConfig(config, m_composed))
        return m_context.host && !m_context.host->serviceNames().isEmpty();
    if (!m_context.host)
        return false;
    m_composed = config;
    m_hasComposed = true;
    m_statuses.clear();
    const QString invalid = config.validationError();
    m_context.host->shutdown();
    QString error;
    if (!invalid.isEmpty()) {
        setBanner(tr("The services cannot start: %1.").arg(invalid), true);
    } else if (!m_context.composeServices) {
        setBanner(tr("This build cannot create network services."), true);
    } else if (!m_context.composeServices(config, m_context.events, m_context.host, &error)) {
        setBanner(tr("The services could not be created: %1.").arg(error), true);
    } else if (config.interfaceName.isEmpty()) {
        setBanner(tr("No interface chosen: no DHCP answer will be sent until you choose the bench "
                     "interface above."),
                  false);
    } else {
        const QList<InterfaceInfo> all = listInterfaces();
        const auto it = std::find_if(all.cbegin(), all.cend(),
                                     [&](const InterfaceInfo &i) { return i.name == config.interfaceName; });
        if (it != all.cend() && it->holdsDefaultRoute)
            setBanner(tr("%1 holds the default route (your uplink): answering DHCP there can disturb the "
                         "network it leads to. Prefer a separate bench interface.")
                          .arg(config.interfaceName),
                      false);
        else
            setBanner({}, false);
    }
    rebuildRows();
    emit statesChanged();
    return !m_context.host->serviceNames().isEmpty();
}

bool ServicesPanel::confirmMove(const ServiceConfig &wanted)
{
    if (!m_hasComposed || !m_context.host)
        return true;
    const bool moves = wanted.interfaceName != m_composed.interfaceName || wanted.dhcpMode != m_composed.dhcpMode;
    bool running = false;
    for (const QString &name : m_context.host->serviceNames()) {
        const ServiceState state = m_context.host->status(name).state;
        running = running || state == ServiceState::Running || state == ServiceState::Starting;
    }
    if (!moves || !running)
        return true;
    const QList<InterfaceInfo> all = listInterfaces();
    const auto it =
        std::find_if(all.cbegin(), all.cend(), [&](const InterfaceInfo &i) { return i.name == wanted.interfaceName; });
    const bool uplink = it != all.cend() && it->holdsDefaultRoute;
    const QString variant = wanted.dhcpMode == DhcpMode::Server ? m_withServer->text() : m_proxyOnly->text();
    const QString where = wanted.interfaceName.isEmpty() ? tr("no interface") : wanted.interfaceName;
    QString question = tr("The services are running. Restart them on %1 with \"%2\"? Machines booting now lose "
                          "their transfers.")
                           .arg(where, variant);
    if (uplink)
        question = tr("%1 is your uplink: it holds the default route. Answering DHCP there can disturb the network "
                      "it leads to, not only the bench. Restart the services on %1 anyway?")
                       .arg(wanted.interfaceName);
    if (m_confirm(this, tr("Restart the services"), question))
        return true;
    // Back to what runs.
    const int index = m_interfaces->findData(m_composed.interfaceName);
    m_interfaces->setCurrentIndex(index < 0 ? 0 : index);
    (m_composed.dhcpMode == DhcpMode::Server ? m_withServer : m_proxyOnly)->setChecked(true);
    return false;
}

void ServicesPanel::onChoicesEdited()
{
    if (!confirmMove(currentConfig())) {
        m_rangeFirst->setEnabled(m_withServer->isChecked());
        m_rangeLast->setEnabled(m_withServer->isChecked());
        m_routerAdverts->setEnabled(m_withServer->isChecked());
        updatePoolHints();
        return;
    }
    m_rangeFirst->setEnabled(m_withServer->isChecked());
    m_rangeLast->setEnabled(m_withServer->isChecked());
    m_routerAdverts->setEnabled(m_withServer->isChecked());
    updatePoolHints();
    saveSettings();
    // Phase 1 is wanted: with the server variant that includes the DHCP server.
    if (m_withServer->isChecked() && m_wantedRunning.contains(QStringLiteral("proxydhcp")) &&
        !m_wantedRunning.contains(QStringLiteral("dhcp")))
        m_wantedRunning << QStringLiteral("dhcp");
    else if (!m_withServer->isChecked())
        m_wantedRunning.removeAll(QStringLiteral("dhcp"));
    saveRunning();
    const ServiceConfig config = currentConfig();
    if (m_hasComposed && sameConfig(composableConfig(config), m_composed))
        return;
    // Apply at once: recreate the services and bring back the ones that were asked to run.
    ensureComposed();
    for (const QString &name : std::as_const(m_wantedRunning)) {
        if (m_context.host->serviceNames().contains(name))
            m_context.host->start(name);
    }
    emit configChanged(config);
}

void ServicesPanel::startService(const QString &name)
{
    if (!m_wantedRunning.contains(name))
        m_wantedRunning << name;
    saveRunning();
    if (ensureComposed())
        m_context.host->start(name);
}

void ServicesPanel::stopService(const QString &name)
{
    m_wantedRunning.removeAll(name);
    saveRunning();
    if (m_context.host)
        m_context.host->stop(name);
}

void ServicesPanel::startAll()
{
    m_wantedRunning = currentConfig().services;
    saveRunning();
    if (ensureComposed())
        m_context.host->startAll();
}

void ServicesPanel::stopAll()
{
    m_wantedRunning.clear();
    saveRunning();
    if (m_context.host)
        m_context.host->stopAll();
}

void ServicesPanel::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(kGroup);
    settings.setValue(QStringLiteral("interface"), m_interfaces->currentData().toString());
    settings.setValue(QStringLiteral("variant"), dhcpModeKey(currentConfig().dhcpMode));
    settings.setValue(QStringLiteral("rangeFirst"), m_rangeFirst->text().trimmed());
    settings.setValue(QStringLiteral("rangeLast"), m_rangeLast->text().trimmed());
    settings.setValue(QStringLiteral("routerAdvertisements"), m_routerAdverts->isChecked());
}

void ServicesPanel::saveRunning() const
{
    QSettings settings;
    settings.setValue(kGroup + QStringLiteral("/running"), m_wantedRunning);
}

void ServicesPanel::restore()
{
    QSettings settings;
    settings.beginGroup(kGroup);
    // The command line wins over what was saved.
    QString interfaceName = m_context.config.interfaceName;
    if (interfaceName.isEmpty())
        interfaceName = settings.value(QStringLiteral("interface")).toString();
    const int index = m_interfaces->findData(interfaceName);
    m_interfaces->setCurrentIndex(index < 0 ? 0 : index);
    bool ok = false;
    DhcpMode mode = dhcpModeFromKey(settings.value(QStringLiteral("variant")).toString(), &ok);
    if (!ok)
        mode = m_context.config.dhcpMode;
    (mode == DhcpMode::Server ? m_withServer : m_proxyOnly)->setChecked(true);
    m_variantChosen = ok || !m_context.config.rangeFirst.isNull();
    const QString first = settings.value(QStringLiteral("rangeFirst")).toString();
    const QString last = settings.value(QStringLiteral("rangeLast")).toString();
    m_rangeFirst->setText(
        first.isEmpty() && !m_context.config.rangeFirst.isNull() ? m_context.config.rangeFirst.toString() : first);
    m_rangeLast->setText(last.isEmpty() && !m_context.config.rangeLast.isNull() ? m_context.config.rangeLast.toString()
                                                                                : last);
    m_rangeFirst->setEnabled(mode == DhcpMode::Server);
    m_rangeLast->setEnabled(mode == DhcpMode::Server);
    // Switched off on the command line (or its --config file): that wins over what was saved.
    m_routerAdverts->setChecked(m_context.config.routerAdvertisements &&
                                settings.value(QStringLiteral("routerAdvertisements"), true).toBool());
    m_routerAdverts->setEnabled(mode == DhcpMode::Server);
    m_wantedRunning = settings.value(QStringLiteral("running")).toStringList();
    settings.endGroup();
    updatePoolHints();

    if (!m_context.host)
        return;
    if (!m_context.host->serviceNames().isEmpty() && !m_hasComposed) {
        // The composition root already created the services: show them as they are.
        m_composed = composableConfig(currentConfig());
        m_hasComposed = true;
        rebuildRows();
    } else {
        ensureComposed();
    }
    for (const QString &name : std::as_const(m_wantedRunning)) {
        if (m_context.host->serviceNames().contains(name))
            m_context.host->start(name);
    }
}

} // namespace bootbench
