#include "commandline.h"

#include <QCoreApplication>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>

namespace bootbench {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(bootbench::CommandLine)
};

QString subcommandHelp()
{
    return Tr::tr(
        "Bootbench: network boot and imaging for a bench of PCs.\n"
        "\n"
        "Without a command, opens the window. Commands:\n"
        "  serve                               run the services headless until SIGINT/SIGTERM\n"
        "  device list | show MAC | add MAC [--name NAME] | remove MAC\n"
        "  device events MAC | device events --all    a device's (or every) boot events\n"
        "  bundle list | show NAME | remove NAME\n"
        "  bundle add NAME --kind empty|script|image-restore|image-take|winpe|multicast\n"
        "             [--kernel-params \"...\"] [--description TEXT] [--script FILE]\n"
        "             [--image IMAGE [--disk auto|/dev/NAME] [--overwrite]]   folder image (docs/images.md)\n"
        "  device token MAC                    the device's engine token (bootbench.token=)\n"
        "  assign MAC BUNDLE [--once|--persistent]     unassign MAC\n"
        "  image list | show NAME | verify NAME | remove NAME    folder images (docs/images.md)\n"
        "  image import DIR [--name NAME] | export NAME DIR   Bootbench, Clonezilla or FOG image folders\n"
        "  environment build | status [--engine FILE]   the imaging environment in boot/ (docs/environment.md)\n"
        "  rule list | remove ID | move ID POSITION\n"
        "  rule add --bundle NAME --match \"FIELD OP VALUE\" [--match ...] [--any] [--negate] [--name N] [--disabled]\n"
        "           FIELD: mac manufacturer model serial asset-tag architecture ram-mb disk-mb\n"
        "           OP: contains equals starts-with (text), equals lt le gt ge (ram-mb, disk-mb in MB)\n"
        "  menu check FILE | import FILE | export [FILE]   the pxemenu.txt Preboot Menu\n"
        "  menu hash-password                  hash a menu password read from standard input\n"
        "  export FILE | import FILE               the whole configuration as JSON\n"
        "  replay FILE [--speed N]                 play a recorded event log into the window\n"
        "\n"
        "Global options may come before or after the command. Management commands take --json.");
}

quint16 parsePort(const QString &text, const QString &option, QString *error)
{
    bool ok = false;
    const uint v = text.toUInt(&ok);
    if (!ok || v == 0 || v > 65535) {
        *error = Tr::tr("--%1 needs a port number 1-65535, not \"%2\"").arg(option, text);
        return 0;
    }
    return quint16(v);
}
} // namespace

void setUpParser(QCommandLineParser &p)
{
    p.setApplicationDescription(subcommandHelp());
    p.addHelpOption();
    p.addVersionOption();
    p.addOptions({
        {QStringLiteral("data-dir"), Tr::tr("Folder for the store, the TFTP root and logs."), Tr::tr("DIR")},
        {QStringLiteral("db"),
         Tr::tr("Database URL: a SQLite file (default <data dir>/bootbench.db) or postgresql://user:pw@host/db."),
         Tr::tr("URL")},
        {QStringLiteral("bench-name"),
         Tr::tr("This bench's name in a shared store (its events and changes carry it; default: the host name)."),
         Tr::tr("NAME")},
        {QStringLiteral("config"), Tr::tr("INI file with service settings (same names as the options below)."),
         Tr::tr("FILE")},
        {QStringLiteral("lang"), Tr::tr("Language of the interface: ja or en (default: the system's)."),
         Tr::tr("LANG")},
        {QStringLiteral("interface"), Tr::tr("The one network interface the DHCP services answer on."), Tr::tr("IF")},
        {QStringLiteral("address"), Tr::tr("Our IPv4 address on that interface (TFTP, HTTP, DHCP server id)."),
         Tr::tr("IP")},
        {QStringLiteral("services"),
         Tr::tr("Services to run: comma-separated from proxydhcp, dhcp, tftp, policy; or none."), Tr::tr("LIST")},
        {QStringLiteral("dhcp-mode"),
         Tr::tr("Phase-1 variant: proxy (another DHCP server exists) or server (Bootbench hands out addresses too)."),
         Tr::tr("MODE")},
        {QStringLiteral("dhcp-range"), Tr::tr("Address pool of the bench DHCP server."), Tr::tr("FIRST-LAST")},
        {QStringLiteral("no-router-advertisements"),
         Tr::tr("Bench DHCP server: do not answer IPv6 router solicitations with \"no router here\" (then iPXE "
                "waits ~16 s for IPv6 on every boot unless a router answers). In a --config file: "
                "no-router-advertisements=true.")},
        {QStringLiteral("boot-file"),
         Tr::tr("Bootstrap for a client architecture, e.g. 7=snponly.efi for iPXE instead of the signed shim on x64 "
                "UEFI (repeatable; defaults 0=undionly.kpxe, 7/9/16=shimx64.efi)."),
         Tr::tr("ARCH=FILE")},
        {QStringLiteral("tftp-root"), Tr::tr("Folder served by TFTP (default <data dir>/tftp)."), Tr::tr("DIR")},
        {QStringLiteral("tftp-port"), Tr::tr("TFTP port (default 69)."), Tr::tr("N")},
        {QStringLiteral("dhcp-port"), Tr::tr("DHCP/proxyDHCP port (default 67)."), Tr::tr("N")},
        {QStringLiteral("pxe-port"), Tr::tr("PXE boot-server port (default 4011)."), Tr::tr("N")},
        {QStringLiteral("http-port"), Tr::tr("Policy service HTTP port (default 8080)."), Tr::tr("N")},
        {QStringLiteral("image-port"), Tr::tr("Port of the image downloads and uploads (default: HTTP port + 1)."),
         Tr::tr("N")},
        {QStringLiteral("max-upload-mb"), Tr::tr("Largest image upload accepted, in MiB (default 524288)."),
         Tr::tr("N")},
        {QStringLiteral("json"), Tr::tr("Management commands: print JSON.")},
        {QStringLiteral("name"),
         Tr::tr("device add: the device's name; rule add: the rule's name; image import: the image's name."),
         Tr::tr("NAME")},
        {QStringLiteral("kind"), Tr::tr("bundle add: the bundle kind."), Tr::tr("KIND")},
        {QStringLiteral("kernel-params"), Tr::tr("bundle add: kernel parameters."), Tr::tr("TEXT")},
        {QStringLiteral("description"), Tr::tr("bundle add: a description."), Tr::tr("TEXT")},
        {QStringLiteral("image"),
         Tr::tr("bundle add: the folder image an image-take takes or an image-restore restores."), Tr::tr("IMAGE")},
        {QStringLiteral("disk"),
         Tr::tr("bundle add: the disk of the image action (auto: the only or largest fixed disk)."), Tr::tr("DISK")},
        {QStringLiteral("overwrite"), Tr::tr("bundle add: the image-take may replace an existing image.")},
        {QStringLiteral("script"), Tr::tr("bundle add: a file whose text becomes the bundle's script action."),
         Tr::tr("FILE")},
        {QStringLiteral("once"), Tr::tr("assign: cleared after success (default).")},
        {QStringLiteral("persistent"), Tr::tr("assign: kept after success.")},
        {QStringLiteral("bundle"), Tr::tr("rule add: the bundle the rule assigns."), Tr::tr("NAME")},
        {QStringLiteral("match"), Tr::tr("rule add: a criterion \"FIELD OP VALUE\" (repeatable)."),
         Tr::tr("CRITERION")},
        {QStringLiteral("any"), Tr::tr("rule add: combine the criteria with OR (default AND).")},
        {QStringLiteral("negate"), Tr::tr("rule add: NOT the combined criteria.")},
        {QStringLiteral("disabled"), Tr::tr("rule add: add the rule disabled.")},
        {QStringLiteral("all"), Tr::tr("device events: every device's events.")},
        {QStringLiteral("speed"), Tr::tr("replay: speed factor (default 1)."), Tr::tr("N")},
        {QStringLiteral("engine"),
         Tr::tr("environment: the bootbench-engine file to put in the imaging environment (default: next to "
                "bootbench in a build tree, else /usr/lib/bootbench/bootbench-engine)."),
         Tr::tr("FILE")},
        {QStringLiteral("no-environment-build"),
         Tr::tr("serve and the window: do not build the imaging environment at start when it is missing or "
                "stale.")},
    });
    p.addPositionalArgument(QStringLiteral("command"), Tr::tr("The command (see above); none opens the window."),
                            Tr::tr("[command]"));
}

bool parseCommandLine(QCommandLineParser &p, const QStringList &arguments, CommandLine *out, QString *error)
{
    if (!p.parse(arguments)) {
        *error = p.errorText();
        return false;
    }
    const QStringList positional = p.positionalArguments();
    out->command = positional.value(0);
    out->args = positional.mid(1);
    out->parser = &p;
    out->json = p.isSet(QStringLiteral("json"));
    out->language = p.value(QStringLiteral("lang"));
    if (!out->language.isEmpty() && out->language != QLatin1String("ja") && out->language != QLatin1String("en")) {
        *error = Tr::tr("--lang must be ja or en, not \"%1\"").arg(out->language);
        return false;
    }
    out->dataDir = p.value(QStringLiteral("data-dir"));
    if (out->dataDir.isEmpty())
        out->dataDir =
            QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/bootbench");
    out->dataDir = QDir::cleanPath(QDir::current().absoluteFilePath(out->dataDir));
    out->benchName = p.value(QStringLiteral("bench-name")).trimmed();
    out->dbUrl = p.value(QStringLiteral("db"));
    if (out->dbUrl.isEmpty())
        out->dbUrl = out->dataDir + QStringLiteral("/bootbench.db");

    // Settings: built-in defaults < --config file < command line.
    ServiceConfig &c = out->config;
    c.dataDir = out->dataDir;
    c.policy.databaseUrl = out->dbUrl; // the policy service opens its own connection to the same store
    c.services = {QStringLiteral("proxydhcp"), QStringLiteral("tftp"), QStringLiteral("policy")};
    QHash<QString, QString> values;
    if (p.isSet(QStringLiteral("config"))) {
        const QString file = p.value(QStringLiteral("config"));
        if (!QFileInfo::exists(file)) {
            *error = Tr::tr("the configuration file %1 does not exist").arg(file);
            return false;
        }
        QSettings ini(file, QSettings::IniFormat);
        if (ini.status() != QSettings::NoError) {
            *error = Tr::tr("cannot read the configuration file %1").arg(file);
            return false;
        }
        const QStringList keys = ini.allKeys();
        for (const QString &key : keys)
            values[key] = ini.value(key).toStringList().join(QLatin1Char(','));
    }
    for (const char *name : {"interface", "address", "services", "dhcp-mode", "dhcp-range", "tftp-root", "tftp-port",
                             "dhcp-port", "pxe-port", "http-port", "image-port", "max-upload-mb"}) {
        const QString key = QString::fromLatin1(name);
        if (p.isSet(key))
            values[key] = p.value(key);
    }
    if (p.isSet(QStringLiteral("boot-file")))
        values[QStringLiteral("boot-file")] = p.values(QStringLiteral("boot-file")).join(QLatin1Char(','));
    if (values.contains(QStringLiteral("boot-file"))) {
        const QStringList entries =
            values.value(QStringLiteral("boot-file")).split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &entry : entries) {
            const qsizetype eq = entry.indexOf(QLatin1Char('='));
            bool ok = false;
            const uint arch = eq > 0 ? entry.left(eq).trimmed().toUInt(&ok) : 0;
            const QString file = eq > 0 ? entry.mid(eq + 1).trimmed() : QString();
            if (!ok || arch > 65535 || file.isEmpty()) {
                *error = Tr::tr("--boot-file needs ARCH=FILE (e.g. 7=snponly.efi), not \"%1\"").arg(entry);
                return false;
            }
            c.dhcp.bootFiles[quint16(arch)] = file;
            c.dhcp.chosenBootArchs << quint16(arch);
        }
    }
    const QString noRouterAdvertisements = QStringLiteral("no-router-advertisements");
    if (p.isSet(noRouterAdvertisements))
        values[noRouterAdvertisements] = QStringLiteral("true");
    if (values.contains(noRouterAdvertisements)) {
        const QString v = values.value(noRouterAdvertisements).trimmed().toLower();
        if (v == QLatin1String("true") || v == QLatin1String("yes") || v == QLatin1String("on") ||
            v == QLatin1String("1")) {
            c.routerAdvertisements = false;
        } else if (v == QLatin1String("false") || v == QLatin1String("no") || v == QLatin1String("off") ||
                   v == QLatin1String("0")) {
            c.routerAdvertisements = true;
        } else {
            *error = Tr::tr("no-router-advertisements must be true or false, not \"%1\"")
                         .arg(values.value(noRouterAdvertisements));
            return false;
        }
    }
    c.interfaceName = values.value(QStringLiteral("interface"));
    if (values.contains(QStringLiteral("address"))) {
        const QString a = values.value(QStringLiteral("address"));
        if (!c.address.setAddress(a) || c.address.protocol() != QAbstractSocket::IPv4Protocol) {
            *error = Tr::tr("--address needs an IPv4 address, not \"%1\"").arg(a);
            return false;
        }
    }
    out->servicesGiven = values.contains(QStringLiteral("services"));
    if (out->servicesGiven) {
        const QString s = values.value(QStringLiteral("services")).trimmed();
        c.services =
            s == QLatin1String("none") || s.isEmpty() ? QStringList() : s.split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (QString &name : c.services)
            name = name.trimmed();
    }
    if (values.contains(QStringLiteral("dhcp-mode"))) {
        bool ok = false;
        c.dhcpMode = dhcpModeFromKey(values.value(QStringLiteral("dhcp-mode")), &ok);
        if (!ok) {
            *error = Tr::tr("--dhcp-mode must be proxy or server, not \"%1\"")
                         .arg(values.value(QStringLiteral("dhcp-mode")));
            return false;
        }
        if (c.dhcpMode == DhcpMode::Server && !c.services.contains(QStringLiteral("dhcp")))
            c.services << QStringLiteral("dhcp");
    }
    if (values.contains(QStringLiteral("dhcp-range")) &&
        !parseRange(values.value(QStringLiteral("dhcp-range")), &c.rangeFirst, &c.rangeLast, error))
        return false;
    c.tftpRoot = values.value(QStringLiteral("tftp-root"), out->dataDir + QStringLiteral("/tftp"));
    c.tftpRoot = QDir::cleanPath(QDir::current().absoluteFilePath(c.tftpRoot));
    const std::pair<const char *, quint16 *> ports[] = {
        {"tftp-port", &c.tftpPort}, {"dhcp-port", &c.dhcpPort}, {"pxe-port", &c.pxePort}, {"http-port", &c.httpPort}};
    for (const auto &[name, field] : ports) {
        const QString key = QString::fromLatin1(name);
        if (!values.contains(key))
            continue;
        *field = parsePort(values.value(key), key, error);
        if (*field == 0)
            return false;
    }
    if (values.contains(QStringLiteral("image-port"))) {
        const quint16 port = parsePort(values.value(QStringLiteral("image-port")), QStringLiteral("image-port"), error);
        if (port == 0)
            return false;
        c.policy.imagePort = port;
    }
    if (values.contains(QStringLiteral("max-upload-mb"))) {
        bool ok = false;
        const qint64 mb = values.value(QStringLiteral("max-upload-mb")).toLongLong(&ok);
        if (!ok || mb < 0 || mb > (qint64(1) << 40)) {
            *error = Tr::tr("--max-upload-mb needs a number of MiB, not \"%1\"")
                         .arg(values.value(QStringLiteral("max-upload-mb")));
            return false;
        }
        c.policy.maxUploadBytes = mb << 20;
    }
    if (const QString e = c.validationError(); !e.isEmpty()) {
        *error = e;
        return false;
    }
    return true;
}

} // namespace bootbench
