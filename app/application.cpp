#include "application.h"

#include "cli/clicontext.h"
#include "cli/terminaltext.h"
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
        {QStringLiteral("device"), runDeviceCommand}, {QStringLiteral("bundle"), runBundleCommand},
        {QStringLiteral("assign"), runAssignCommand}, {QStringLiteral("unassign"), runUnassignCommand},
        {QStringLiteral("rule"), runRuleCommand},     {QStringLiteral("menu"), runMenuCommand},
        {QStringLiteral("image"), runImageCommand},   {QStringLiteral("export"), runExportCommand},
        {QStringLiteral("import"), runImportCommand}, {QStringLiteral("environment"), runEnvironmentCommand},
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
    if (url.kind == DatabaseUrl::Kind::Postgres && !url.password.isEmpty())
        err << QCoreApplication::applicationName() << ": "
            << Tr::tr("warning: a password in --db shows in the process list; leave it out and set PGPASSWORD or "
                      "use a password file (~/.pgpass or PGPASSFILE), see docs/shared-store.md")
            << Qt::endl;
    std::unique_ptr<Store> store = Store::open(url, &error);
    if (!store)
        err << QCoreApplication::applicationName() << ": " << error << Qt::endl;
    return store;
}

// The command is needed before any QCoreApplication exists (only the GUI gets a QApplication).
// A command line that does not parse goes to the command-line path, which explains the error in
// the user's language.
bool wantsGui(int argc, char *argv[])
{
    QCommandLineParser parser;
    setUpParser(parser);
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    CommandLine line;
    QString error;
    if (!parseCommandLine(parser, args, &line, &error))
        return false;
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("version")))
        return false;
    return line.command.isEmpty() || line.command == QLatin1String("replay");
}

// --lang before the parser exists: its help texts and Qt's own messages are made in that language.
QString requestedLanguage(const QStringList &args)
{
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--"))
            break;
        if (args.at(i) == QLatin1String("--lang"))
            return args.value(i + 1);
        if (args.at(i).startsWith(QLatin1String("--lang=")))
            return args.at(i).mid(7);
    }
    return {};
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
        Store::setDefaultBenchName(line.benchName);
        return runGui(argc, argv, line);
    }

    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    // Translations first, so the help, Qt's parser errors and ours are in the user's language
    // (an unknown --lang value is reported below, in the system's language).
    const QString language = requestedLanguage(QCoreApplication::arguments());
    installTranslations(app, language == QLatin1String("ja") || language == QLatin1String("en") ? language : QString());
    QCommandLineParser parser;
    setUpParser(parser);
    CommandLine line;
    QString error;
    const bool parsed = parseCommandLine(parser, QCoreApplication::arguments(), &line, &error);
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return kExitOk;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        out << "bootbench " << QCoreApplication::applicationVersion() << Qt::endl;
        return kExitOk;
    }
    if (!parsed) {
        err << "bootbench: " << TerminalText::escaped(error) << Qt::endl
            << Tr::tr("Try \"bootbench --help\".") << Qt::endl;
        return kExitUsage;
    }
    Store::setDefaultBenchName(line.benchName);
    if (gui) {
        // No display: the headless service host instead of the window.
        out << Tr::tr("No display found: starting the headless service host (bootbench serve).") << Qt::endl;
        line.command = QStringLiteral("serve");
    }
    const bool serve = line.command == QLatin1String("serve");
    if (!serve && !managementCommands().contains(line.command)) {
        err << "bootbench: " << TerminalText::escaped(Tr::tr("unknown command \"%1\"").arg(line.command)) << Qt::endl
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
