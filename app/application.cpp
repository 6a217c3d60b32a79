#include "application.h"

#include "cli/clicontext.h"
#include "commandline.h"
#include "guilauncher.h"
#include "servecommand.h"
#include "store/store.h"
#include "translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QTextStream>

#include <functional>
#include <memory>

namespace bootbench {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(bootbench::Application)
};

using Handler = std::function<int(const CliContext &)>;

const QHash<QString, Handler> &managementCommands()
{
    static const QHash<QString, Handler> kCommands = {
        {QStringLiteral("device"), runDeviceCommand},
        {QStringLiteral("bundle"), runBundleCommand},
        {QStringLiteral("assign"), runAssignCommand},
        {QStringLiteral("unassign"), runUnassignCommand},
        {QStringLiteral("rule"), runRuleCommand},
        {QStringLiteral("menu"), runMenuCommand},
        {QStringLiteral("export"), runExportCommand},
        {QStringLiteral("import"), runImportCommand},
        {QStringLiteral("environment"), runEnvironmentCommand},
    };
    return kCommands;
}

std::unique_ptr<Store> openStore(const CommandLine &line, QTextStream &err)
{
    QString error;
    DatabaseUrl url;
    if (!parseDatabaseUrl(line.dbUrl, &url, &error)) {
        err << QCoreApplication::applicationName() << ": " << error << Qt::endl;
        return nullptr;
    }
    std::unique_ptr<Store> store = Store::open(url, &error);
    if (!store)
        err << QCoreApplication::applicationName() << ": " << error << Qt::endl;
    return store;
}

// The command is needed before any QCoreApplication exists (only the GUI gets a QApplication).
bool wantsGui(int argc, char *argv[])
{
    QCommandLineParser parser;
    setUpParser(parser);
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    parser.parse(args);
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("version")))
        return false;
    const QString command = parser.positionalArguments().value(0);
    return command.isEmpty() || command == QLatin1String("replay");
}
} // namespace

int runApplication(int argc, char *argv[])
{
    QCoreApplication::setApplicationName(QStringLiteral("bootbench"));
    QCoreApplication::setOrganizationName(QStringLiteral("bootbench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BOOTBENCH_VERSION));

    const bool haveDisplay = qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
                             qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
    const bool gui = wantsGui(argc, argv);
    if (gui && haveDisplay) {
        QCommandLineParser parser;
        setUpParser(parser);
        CommandLine line;
        QString error;
        QStringList args;
        for (int i = 0; i < argc; ++i)
            args << QString::fromLocal8Bit(argv[i]);
        if (!parseCommandLine(parser, args, &line, &error)) {
            QTextStream(stderr) << "bootbench: " << error << Qt::endl;
            return kExitUsage;
        }
        return runGui(argc, argv, line);
    }

    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser parser;
    setUpParser(parser);
    CommandLine line;
    QString error;
    const bool parsed = parseCommandLine(parser, QCoreApplication::arguments(), &line, &error);
    installTranslations(app, line.language);
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return kExitOk;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        out << "bootbench " << QCoreApplication::applicationVersion() << Qt::endl;
        return kExitOk;
    }
    if (!parsed) {
        err << "bootbench: " << error << Qt::endl << Tr::tr("Try \"bootbench --help\".") << Qt::endl;
        return kExitUsage;
    }
    if (gui) {
        // No display: the headless service host instead of the window.
        out << Tr::tr("No display found: starting the headless service host (bootbench serve).") << Qt::endl;
        line.command = QStringLiteral("serve");
    }
    const bool serve = line.command == QLatin1String("serve");
    if (!serve && !managementCommands().contains(line.command)) {
        err << "bootbench: " << Tr::tr("unknown command \"%1\"").arg(line.command) << Qt::endl
            << Tr::tr("Try \"bootbench --help\".") << Qt::endl;
        return kExitUsage;
    }
    if (!QDir().mkpath(line.dataDir)) {
        err << "bootbench: " << Tr::tr("cannot create the data folder %1").arg(line.dataDir) << Qt::endl;
        return kExitFailure;
    }
    std::unique_ptr<Store> store = openStore(line, err);
    if (!store)
        return kExitFailure;
    if (serve) {
        if (!QDir().mkpath(line.config.tftpRoot)) {
            err << "bootbench: " << Tr::tr("cannot create the TFTP root %1").arg(line.config.tftpRoot) << Qt::endl;
            return kExitFailure;
        }
        return runServe(line, *store);
    }
    const CliContext cli{line, *store, out, err};
    return managementCommands().value(line.command)(cli);
}

} // namespace bootbench
