#include "guilauncher.h"

#include "commandline.h"
#include "editors/editorpages.h"
#include "environmentsetup.h"
#include "mainwindow.h"
#include "servicecomposer.h"
#include "services/appcontext.h"
#include "services/eventstream.h"
#include "services/servicehost.h"
#include "store/eventwriter.h"
#include "store/store.h"
#include "translations.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QMessageBox>
#include <QStatusBar>
#include <QTextStream>

#include <memory>

namespace bootbench {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(bootbench::Gui)
};
} // namespace

int runGui(int argc, char *argv[], const CommandLine &line)
{
    // The application object is made here unless one exists already (a test driving this path).
    std::unique_ptr<QApplication> ownApp;
    if (!QCoreApplication::instance())
        ownApp = std::make_unique<QApplication>(argc, argv);
    installTranslations(*QCoreApplication::instance(), line.language);

    QString error;
    DatabaseUrl url;
    std::unique_ptr<Store> store;
    if (!QDir().mkpath(line.dataDir))
        error = Tr::tr("cannot create the data folder %1").arg(line.dataDir);
    else if (parseDatabaseUrl(line.dbUrl, &url, &error))
        store = Store::open(url, &error);
    if (!store) {
        QMessageBox::critical(nullptr, Tr::tr("Bootbench"), Tr::tr("The data store cannot be opened:\n%1").arg(error));
        return 1;
    }
    QDir().mkpath(line.config.tftpRoot);
    QTextStream(stdout) << Tr::tr("Bootbench data: %1").arg(line.dataDir) << '\n'
                        << Tr::tr("Store: %1").arg(store->url().displayString()) << '\n'
                        << Tr::tr("TFTP root: %1").arg(line.config.tftpRoot) << Qt::endl;

    EventStream events;
    EventWriter writer(*store);
    QObject::connect(&events, &EventStream::batchReady, &writer, &EventWriter::write);
    ServiceHost host;

    AppContext context;
    context.store = store.get();
    context.events = &events;
    context.host = &host;
    context.config = line.config;
    context.dataDir = line.dataDir;
    context.composeServices = composeServices;
    context.enginePath = environmentOptions(line).enginePath;
    context.buildEnvironment = environmentAutoBuild(line);

    // `bootbench replay FILE [--speed N]`: a recorded event log played into the window's monitor
    // (MainWindow::startReplay: it reaches neither the store nor the live bench).
    const bool replay = line.command == QLatin1String("replay");
    const QString replayFile = line.args.value(0);
    double speed = 1.0;
    if (replay) {
        bool speedOk = true;
        if (line.parser->isSet(QStringLiteral("speed")))
            speed = line.parser->value(QStringLiteral("speed")).toDouble(&speedOk);
        if (replayFile.isEmpty() || !speedOk || speed <= 0) {
            QTextStream(stderr) << "bootbench: " << Tr::tr("usage: bootbench replay FILE [--speed N]  (N > 0)")
                                << Qt::endl;
            return 2;
        }
    }

    int code = 0;
    {
        MainWindow window(context);
        // The editors (bundles, assignments, rules, devices, pxemenu.txt) after the monitor.
        for (const auto &[page, title] : createEditorPages(context, &window))
            window.addPage(page, title);
        QString replayError;
        if (replay && !window.startReplay(replayFile, speed, &replayError)) {
            QTextStream(stderr) << "bootbench: " << Tr::tr("cannot replay %1: %2").arg(replayFile, replayError)
                                << Qt::endl;
            host.shutdown();
            return 2;
        }
        // "Store disconnected since …" while the store cannot be written (a PostgreSQL restart).
        auto *storeState = new QLabel(&window);
        storeState->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold"));
        storeState->hide();
        window.statusBar()->addPermanentWidget(storeState);
        QObject::connect(&writer, &EventWriter::storeUnavailable, storeState,
                         [storeState](const QDateTime &since, const QString &) {
                             storeState->setText(Tr::tr("Store disconnected since %1")
                                                     .arg(since.toLocalTime().toString(QStringLiteral("HH:mm:ss"))));
                             storeState->show();
                         });
        QObject::connect(&writer, &EventWriter::storeAvailable, storeState, [storeState] { storeState->hide(); });
        window.show();
        code = QApplication::exec();
        host.shutdown();
    }
    events.flush();
    writer.drain();
    return code;
}

} // namespace bootbench
