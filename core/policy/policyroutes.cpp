#include "policy/policyroutes.h"

#include "menu/menupassword.h"
#include "model/macaddress.h"
#include "policy/configfile.h"
#include "policy/devicetoken.h"
#include "policy/grubconfig.h"
#include "policy/ipxescript.h"
#include "policy/policycontext.h"
#include "store/assignmentrepository.h"
#include "store/devicerepository.h"

#include <QRandomGenerator>
#include <QStringList>

namespace bootbench {

namespace {

constexpr int kTicketMinutes = 15;

Device deviceWithMac(const QString &mac)
{
    Device d;
    d.mac = mac;
    return d;
}

QString peerOf(const HttpRequest &r)
{
    return r.peer.toString();
}

QString architectureOf(const QString &platform, const QString &buildarch)
{
    if (platform == QLatin1String("pcbios"))
        return QStringLiteral("bios");
    if (platform == QLatin1String("efi")) {
        if (buildarch == QLatin1String("x86_64"))
            return QStringLiteral("x64-uefi");
        if (buildarch == QLatin1String("i386"))
            return QStringLiteral("ia32-uefi");
        if (buildarch == QLatin1String("arm64"))
            return QStringLiteral("arm64-uefi");
        return QStringLiteral("uefi");
    }
    return platform;
}

QString clean(const QString &value)
{
    return PolicyDecider::isPlaceholder(value) ? QString() : value.trimmed().left(200);
}

} // namespace

PolicyRoutes::PolicyRoutes(PolicyContext &context)
    : m_context(context)
{}

bool PolicyRoutes::handles(const HttpRequest &request) const
{
    return request.path == QLatin1String("/boot.ipxe") || request.path == m_context.config().dhcp.ipxeScriptPath ||
           request.path.startsWith(QLatin1String("/ipxe/")) || request.path.startsWith(QLatin1String("/grub/"));
}

HttpReply PolicyRoutes::handle(const HttpRequest &request)
{
    if (request.method != "GET" && request.method != "HEAD")
        return HttpReply::error(405, QStringLiteral("%1 takes GET").arg(request.path));
    // The same routes answer Debian's signed GRUB (through virtual TFTP files, GrubTftpFiles)
    // with GRUB configurations instead of iPXE scripts.
    m_grub = request.path.startsWith(QLatin1String("/grub/"));
    if (request.path == QLatin1String("/boot.ipxe") || request.path == m_context.config().dhcp.ipxeScriptPath)
        return HttpReply::script(IpxeScript::identify(m_context.baseUrl()));
    const QString mac = normaliseMac(request.queryValue(QStringLiteral("mac")));
    if (mac.isEmpty()) {
        m_context.publish({}, QStringLiteral("bad-request"), Phase::MenuSettings, Outcome::None,
                          QStringLiteral("%1 without a valid mac parameter").arg(request.path), peerOf(request),
                          BootEvent::Severity::Warning);
        return HttpReply::error(400, QStringLiteral("%1 needs mac=<MAC address>").arg(request.path));
    }
    const QString route = request.path.mid(5); // after "/ipxe" or "/grub"
    if (route == QLatin1String("/hello"))
        return hello(request, mac);
    if (route == QLatin1String("/menu"))
        return menu(request, mac);
    if (route == QLatin1String("/choice"))
        return choice(request, mac);
    if (route == QLatin1String("/work"))
        return work(request, mac, request.queryValue(QStringLiteral("via")));
    return HttpReply::error(404, QStringLiteral("no such policy route: %1").arg(request.path));
}

std::optional<PolicyDecider> PolicyRoutes::decider(QString *error)
{
    PolicySnapshotPtr snap = m_context.snapshot(error);
    if (!snap)
        return std::nullopt;
    return PolicyDecider(snap);
}

HttpReply PolicyRoutes::failure(const HttpRequest &request, const QString &mac, Phase phase, const QString &reason)
{
    m_context.publish(mac, QStringLiteral("policy-error"), phase, Outcome::Failed, reason, peerOf(request),
                      BootEvent::Severity::Error);
    if (m_grub)
        return HttpReply::script(GrubConfig::localBoot(QStringLiteral("Bootbench: ") + reason));
    return HttpReply::script(
        IpxeScript::localBoot(m_context.config().policy.exitMethod, QStringLiteral("Bootbench: ") + reason));
}

HttpReply PolicyRoutes::hello(const HttpRequest &request, const QString &mac)
{
    QString error;
    const auto d = decider(&error);
    if (!d)
        return failure(request, mac, Phase::MenuSettings, error);
    Device reported;
    reported.mac = mac;
    reported.uuid = clean(request.queryValue(QStringLiteral("uuid"))).toLower();
    reported.serial = clean(request.queryValue(QStringLiteral("serial")));
    reported.manufacturer = clean(request.queryValue(QStringLiteral("manufacturer")));
    reported.model = clean(request.queryValue(QStringLiteral("product")));
    reported.assetTag = clean(request.queryValue(QStringLiteral("asset")));
    reported.architecture =
        architectureOf(request.queryValue(QStringLiteral("platform")), request.queryValue(QStringLiteral("buildarch")));
    reported.ramMb = request.queryValue(QStringLiteral("memsize")).toLongLong();
    reported.lastSeen = QDateTime::currentDateTimeUtc();
    const bool known = d->snapshot().devices.contains(mac);
    if (!known) {
        reported.name = PolicyDecider::deviceName(m_context.config().policy.deviceNamePrefix, reported);
        reported.firstSeen = reported.lastSeen;
    }
    QStringList identity;
    const QList<std::pair<const char *, QString>> fields{
        {"uuid", reported.uuid},
        {"serial", reported.serial},
        {"manufacturer", reported.manufacturer},
        {"product", reported.model},
        {"asset", reported.assetTag},
        {"platform", request.queryValue(QStringLiteral("platform"))},
        {"arch", request.queryValue(QStringLiteral("buildarch"))},
        {"memsize", reported.ramMb > 0 ? QString::number(reported.ramMb) + QStringLiteral(" MB") : QString()},
        {"ip", request.queryValue(QStringLiteral("ip"))},
        {"nic", request.queryValue(QStringLiteral("chip"))},
        {"ipxe", request.queryValue(QStringLiteral("version"))},
        {"bootstrap", m_grub ? QStringLiteral("signed shim + GRUB") : QString()}};
    for (const auto &[key, value] : fields) {
        if (!value.isEmpty())
            identity << QLatin1String(key) + QLatin1Char('=') + value;
    }
    m_context.publish(mac, QStringLiteral("identity-reported"), Phase::MenuSettings, Outcome::None,
                      identity.join(QLatin1Char(' ')), peerOf(request));
    if (!DeviceRepository(m_context.store()).registerSeen(reported, &error)) {
        m_context.publish(mac, QStringLiteral("register-failed"), Phase::MenuSettings, Outcome::None,
                          QStringLiteral("could not record the device: %1").arg(error), peerOf(request),
                          BootEvent::Severity::Error);
    } else if (!known) {
        m_context.publish(mac, QStringLiteral("device-registered"), Phase::MenuSettings, Outcome::None,
                          QStringLiteral("new device registered as \"%1\"").arg(reported.name), peerOf(request));
    }
    const MenuDecision m = d->menuFor(d->effectiveDevice(reported));
    QString detail = QStringLiteral("menu %1").arg(menuModeKey(m.mode));
    if (m.mode == MenuMode::Hotkey)
        detail += QStringLiteral(" (prompt %1 s)").arg(m.promptSeconds);
    detail += m.perDevice ? QStringLiteral(", set for this device") : QStringLiteral(", global setting");
    if (!m.passwordHash.isEmpty())
        detail += QStringLiteral(", password protected");
    m_context.publish(mac, QStringLiteral("menu-settings"), Phase::MenuSettings, Outcome::None, detail,
                      peerOf(request));
    if (m_grub)
        return HttpReply::script(GrubConfig::menuSettings(mac, m));
    return HttpReply::script(IpxeScript::menuSettings(m_context.baseUrl(), mac, m));
}

QString PolicyRoutes::newTicket(const QString &mac)
{
    const QString value = QString::number(QRandomGenerator::system()->generate64(), 36) +
                          QString::number(QRandomGenerator::system()->generate64(), 36);
    m_tickets.insert(mac, Ticket{value, QDateTime::currentDateTimeUtc().addSecs(kTicketMinutes * 60)});
    return value;
}

bool PolicyRoutes::checkTicket(const QString &mac, const QString &ticket)
{
    const auto it = m_tickets.constFind(mac);
    return it != m_tickets.constEnd() && !ticket.isEmpty() && it->value == ticket &&
           it->expires > QDateTime::currentDateTimeUtc();
}

HttpReply PolicyRoutes::menu(const HttpRequest &request, const QString &mac)
{
    QString error;
    const auto d = decider(&error);
    if (!d)
        return failure(request, mac, Phase::MenuSettings, error);
    const MenuParseResult &parsed = d->snapshot().menu;
    const MenuPage *main = parsed.menu.main();
    if (parsed.hasErrors()) {
        const MenuDiagnostic &first =
            *std::find_if(parsed.diagnostics.cbegin(), parsed.diagnostics.cend(),
                          [](const MenuDiagnostic &x) { return x.severity == MenuDiagnostic::Severity::Error; });
        m_context.publish(
            mac, QStringLiteral("menu-invalid"), Phase::MenuSettings, Outcome::None,
            QStringLiteral("pxemenu.txt has %1 error(s), first: %2").arg(parsed.errorCount()).arg(first.toString()),
            peerOf(request), BootEvent::Severity::Warning);
    }
    if (!main || !main->defaultEntry())
        return work(request, mac, QStringLiteral("menu-unusable"));

    const MenuDecision m = d->menuFor(d->effectiveDevice(deviceWithMac(mac)));
    if (m_grub && !m.passwordHash.isEmpty()) {
        // The signed GRUB has no `read` command to send a typed password here, and the stored
        // hash is not GRUB's PBKDF2 form: a protected menu is not shown (docs/secureboot.md).
        m_context.publish(mac, QStringLiteral("menu-password-unsupported"), Phase::MenuSettings, Outcome::None,
                          QStringLiteral("the menu is password protected, which the signed GRUB chain cannot check: "
                                         "menu not shown (give the device iPXE to use the menu)"),
                          peerOf(request), BootEvent::Severity::Warning);
        return work(request, mac, QStringLiteral("menu-password-unsupported"));
    }
    if (!m.passwordHash.isEmpty()) {
        const int attempt = request.queryValue(QStringLiteral("attempt")).toInt();
        if (!request.query.hasQueryItem(QStringLiteral("password"))) {
            m_context.publish(mac, QStringLiteral("menu-password-asked"), Phase::MenuSettings, Outcome::None,
                              QStringLiteral("the menu is password protected: login form sent"), peerOf(request));
            return HttpReply::script(IpxeScript::login(m_context.baseUrl(), mac, 1, {}));
        }
        if (!MenuPassword::verify(request.queryValue(QStringLiteral("password")), m.passwordHash)) {
            const int allowed = qMax(1, m_context.config().policy.passwordAttempts);
            m_context.publish(mac, QStringLiteral("menu-password-wrong"), Phase::MenuSettings, Outcome::None,
                              QStringLiteral("wrong menu password (attempt %1 of %2)").arg(attempt).arg(allowed),
                              peerOf(request), BootEvent::Severity::Warning);
            if (attempt >= allowed)
                return work(request, mac, QStringLiteral("menu-password-refused"));
            return HttpReply::script(
                IpxeScript::login(m_context.baseUrl(), mac, attempt + 1, QStringLiteral("Wrong password.")));
        }
    }
    int entries = 0;
    for (const MenuPage &p : parsed.menu.pages)
        entries += int(std::count_if(p.items.cbegin(), p.items.cend(), [](const MenuItem &i) { return !i.separator; }));
    m_context.publish(mac, QStringLiteral("menu-shown"), Phase::MenuSettings, Outcome::MenuShown,
                      QStringLiteral("\"%1\": %2 entries in %3 menu(s)%4")
                          .arg(main->title)
                          .arg(entries)
                          .arg(parsed.menu.pages.size())
                          .arg(m.passwordHash.isEmpty() ? QString() : QStringLiteral(", password accepted")),
                      peerOf(request));
    if (m_grub)
        return HttpReply::script(GrubConfig::menu(mac, parsed.menu, newTicket(mac)));
    return HttpReply::script(IpxeScript::menu(m_context.baseUrl(), mac, parsed.menu, newTicket(mac)));
}

HttpReply PolicyRoutes::choice(const HttpRequest &request, const QString &mac)
{
    const QString menuUrl = m_context.baseUrl() + QStringLiteral("/ipxe/menu?") + IpxeScript::deviceQuery(mac);
    // A message, a pause, the menu again: in the dialect of the asker.
    auto showMenuAgain = [&](const QString &message, int seconds) {
        return HttpReply::script(
            m_grub ? GrubConfig::messageThenRoute(message, seconds, GrubConfig::routePath(mac, QStringLiteral("menu")))
                   : IpxeScript::messageThenChain(message, seconds, menuUrl));
    };
    if (!checkTicket(mac, request.queryValue(QStringLiteral("ticket")))) {
        m_context.publish(mac, QStringLiteral("menu-choice-refused"), Phase::MenuSettings, Outcome::None,
                          QStringLiteral("menu choice without a valid menu session (expired or forged)"),
                          peerOf(request), BootEvent::Severity::Warning);
        return showMenuAgain(QStringLiteral("Bootbench: the menu session has expired; showing the menu again."), 3);
    }
    QString error;
    const auto d = decider(&error);
    if (!d)
        return failure(request, mac, Phase::MenuSettings, error);
    const QString id = request.queryValue(QStringLiteral("item"));
    const MenuItem *item = d->snapshot().menu.menu.findItem(id);
    if (!item) {
        return showMenuAgain(
            QStringLiteral("Bootbench: the menu has changed (no entry \"%1\"); showing it again.").arg(id), 3);
    }
    QString action = menuActionKey(item->action.type);
    if (!item->action.argument.isEmpty())
        action += QLatin1Char(' ') + item->action.argument;
    m_context.publish(mac, QStringLiteral("menu-choice"), Phase::MenuSettings, Outcome::MenuShown,
                      QStringLiteral("%1 \"%2\": %3").arg(item->id, item->label, action), peerOf(request));
    switch (item->action.type) {
    case MenuAction::Type::Imaging: return work(request, mac, QStringLiteral("menu"));
    case MenuAction::Type::Maintenance: return maintenance(request, mac);
    case MenuAction::Type::Bundle:
        if (!AssignmentRepository(m_context.store()).assign(mac, item->action.argument, false, &error)) {
            m_context.publish(mac, QStringLiteral("menu-bundle-failed"), Phase::MenuSettings, Outcome::None, error,
                              peerOf(request), BootEvent::Severity::Error);
            return showMenuAgain(QStringLiteral("Bootbench: ") + error, 5);
        }
        return work(request, mac, QStringLiteral("menu bundle %1").arg(item->action.argument));
    case MenuAction::Type::LocalBoot:
        return localBoot(request, mac, QStringLiteral("chosen in the menu"), QStringLiteral("menu-exit"),
                         Phase::MenuSettings);
    case MenuAction::Type::Reboot:
        return HttpReply::script(m_grub ? GrubConfig::reboot(QStringLiteral("Rebooting..."))
                                        : IpxeScript::reboot(QStringLiteral("Rebooting...")));
    case MenuAction::Type::PowerOff: {
        if (m_grub)
            return HttpReply::script(GrubConfig::powerOff(QStringLiteral("Powering off...")));
        QString path;
        if (request.queryValue(QStringLiteral("platform")) != QLatin1String("efi") &&
            m_context.publishConfigFile(mac, ConfigFile::powerOffName(), ConfigFile::powerOff(mac), &error))
            path = ConfigFile::devicePath(mac, ConfigFile::powerOffName());
        return HttpReply::script(IpxeScript::powerOff(QStringLiteral("Powering off..."), m_context.tftpServer(),
                                                      m_context.config().policy.biosLoader, path));
    }
    case MenuAction::Type::Submenu:
    case MenuAction::Type::Back: break; // answered inside the menu script; a request here shows it again
    }
    return showMenuAgain({}, 0);
}

HttpReply PolicyRoutes::localBoot(const HttpRequest &request, const QString &mac, const QString &why,
                                  const QString &kind, Phase phase)
{
    const ExitMethod method = m_context.config().policy.exitMethod;
    m_context.publish(mac, kind, phase, Outcome::LocalBoot,
                      QStringLiteral("%1: booting the local disk (%2)").arg(why, exitMethodKey(method)),
                      peerOf(request));
    const QString message = QStringLiteral("Bootbench: no imaging work, booting the local disk.");
    if (m_grub)
        return HttpReply::script(GrubConfig::localBoot(message));
    return HttpReply::script(IpxeScript::localBoot(method, message));
}

HttpReply PolicyRoutes::work(const HttpRequest &request, const QString &mac, const QString &via)
{
    QString error;
    auto d = decider(&error);
    if (!d)
        return failure(request, mac, Phase::WorkQuery, error);
    if (!d->snapshot().devices.contains(mac)) {
        // Asked without /ipxe/hello first (a hand-written script): register it now.
        Device dev = deviceWithMac(mac);
        dev.name = PolicyDecider::deviceName(m_context.config().policy.deviceNamePrefix, dev);
        if (DeviceRepository(m_context.store()).registerSeen(dev, &error))
            d = decider(&error);
        if (!d)
            return failure(request, mac, Phase::WorkQuery, error);
    }
    const Device device = d->effectiveDevice(deviceWithMac(mac));
    const WorkDecision w = d->workFor(device);
    const QString asked = via.isEmpty() ? QString() : QStringLiteral(" [via %1]").arg(via);
    if (!w.hasWork())
        return localBoot(request, mac, w.why + asked, QStringLiteral("work-answer"), Phase::WorkQuery);
    if (w.source == WorkDecision::Source::Rule) {
        m_context.publish(mac, QStringLiteral("rule-matched"), Phase::WorkQuery, Outcome::None, w.why, peerOf(request));
        // The rule's bundle becomes a once assignment, so the engine reports on it like any other
        // and success ends it (and the rule for this device).
        if (!AssignmentRepository(m_context.store()).assign(mac, w.bundle.name, false, &error) ||
            !RuleWorkLedger::noteAssigned(m_context.store(), mac, RuleWork{w.ruleName, w.bundle.name, false}, &error))
            return failure(request, mac, Phase::WorkQuery, error);
    }
    return bootImaging(request, mac, &w.bundle, w.configFile, w.why + asked);
}

HttpReply PolicyRoutes::maintenance(const HttpRequest &request, const QString &mac)
{
    return bootImaging(request, mac, nullptr, ConfigFile::zAutoName(),
                       QStringLiteral("imaging maintenance chosen in the menu"));
}

HttpReply PolicyRoutes::bootImaging(const HttpRequest &request, const QString &mac, const Bundle *bundle,
                                    const QString &configFile, const QString &what)
{
    QString error;
    const QByteArray secret = m_context.tokenSecret(&error);
    if (secret.isEmpty())
        return failure(request, mac, Phase::WorkQuery, error);
    ImagingBoot boot;
    boot.mac = mac;
    boot.serverUrl = m_context.baseUrl();
    boot.token = DeviceToken::make(secret, mac);
    boot.mode = bundle ? ImagingBoot::Mode::Work : ImagingBoot::Mode::Maintenance;
    boot.kernelParams = m_context.config().policy.kernelParams;
    if (bundle && !bundle->kernelParams.isEmpty())
        boot.kernelParams += QLatin1Char(' ') + bundle->kernelParams;
    const QString comment = bundle ? QStringLiteral("bundle \"%1\"").arg(bundle->name) : QStringLiteral("maintenance");
    const QString text = ConfigFile::render(configFile, boot, comment);
    if (!m_context.publishConfigFile(mac, configFile, text, &error))
        return failure(request, mac, Phase::WorkQuery, error);
    const bool efi = request.queryValue(QStringLiteral("platform")) == QLatin1String("efi");
    const QString loader = efi ? m_context.config().policy.efiLoader : m_context.config().policy.biosLoader;
    const QString path = ConfigFile::devicePath(mac, configFile);
    const QString message = QStringLiteral("Bootbench: imaging work (%1)").arg(comment);
    if (m_grub) {
        // The signed chain: GRUB loads the signed kernel (shim checks it) or the WinPE boot manager.
        const bool winpe = configFile == ConfigFile::winpeName();
        m_context.publish(mac, QStringLiteral("work-answer"), Phase::WorkQuery, Outcome::None,
                          QStringLiteral("%1 → GRUB loads %2 (signed chain)")
                              .arg(what, winpe ? QStringLiteral("/boot/bootmgfw.efi")
                                               : QStringLiteral("/boot/kernel, /boot/initrd, /boot/root")),
                          peerOf(request));
        if (winpe)
            return HttpReply::script(GrubConfig::chainEfi(QStringLiteral("boot/bootmgfw.efi"), message));
        return HttpReply::script(GrubConfig::bootKernel(ConfigFile::kernelCommandLine(boot) +
                                                            QStringLiteral(" BOOTIF=01-") +
                                                            QString(mac).replace(QLatin1Char(':'), QLatin1Char('-')),
                                                        message));
    }
    if (efi && loader.isEmpty()) {
        // UEFI without a loader: iPXE boots what the config file would have named.
        const bool winpe = configFile == ConfigFile::winpeName();
        m_context.publish(mac, QStringLiteral("work-answer"), Phase::WorkQuery, Outcome::None,
                          QStringLiteral("%1 → iPXE loads %2 (UEFI)")
                              .arg(what, winpe ? QStringLiteral("/boot/bootmgfw.efi")
                                               : QStringLiteral("/boot/kernel, /boot/initrd, /boot/root")),
                          peerOf(request));
        if (winpe)
            return HttpReply::script(
                IpxeScript::chainEfi(m_context.tftpServer(), QStringLiteral("boot/bootmgfw.efi"), message));
        const QString commandLine = ConfigFile::kernelCommandLine(boot) + QStringLiteral(" BOOTIF=01-") +
                                    QString(mac).replace(QLatin1Char(':'), QLatin1Char('-'));
        return HttpReply::script(IpxeScript::bootKernel(m_context.tftpServer(), commandLine, message));
    }
    m_context.publish(mac, QStringLiteral("work-answer"), Phase::WorkQuery, Outcome::None,
                      QStringLiteral("%1 → %2 with %3").arg(what, loader, path), peerOf(request));
    return HttpReply::script(IpxeScript::chainLoader(m_context.tftpServer(), loader, path, message));
}

} // namespace bootbench
