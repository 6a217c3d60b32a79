#include "servecommand.h"

#include "commandline.h"
#include "environment/environmentstatus.h"
#include "environment/environmentworker.h"
#include "environmentsetup.h"
#include "net/networkinterfaces.h"
#include "servicecomposer.h"
#include "services/eventstream.h"
#include "services/servicehost.h"
#include "signalwatcher.h"
#include "store/eventrepository.h"
#include "store/eventwriter.h"
#include "store/store.h"
#include "store/storewatcher.h"

#include <QCoreApplication>
#include <QTextStream>

namespace bootbench {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(bootbench::Serve)
};
} // namespace

int runServe(const CommandLine &line, Store &store)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    ServiceConfig config = line.config;
    out << Tr::tr("Bootbench data: %1").arg(line.dataDir) << '\n'
        << Tr::tr("Store: %1 (this bench: %2)").arg(store.url().displayString(), store.benchName()) << '\n'
        << Tr::tr("TFTP root: %1").arg(config.tftpRoot) << Qt::endl;

    // Never answer DHCP on an interface the user did not choose.
    const bool wantsDhcp = config.wants(QStringLiteral("proxydhcp")) || config.wants(QStringLiteral("dhcp"));
    if (config.interfaceName.isEmpty() && wantsDhcp) {
        config.services.removeAll(QStringLiteral("proxydhcp"));
        config.services.removeAll(QStringLiteral("dhcp"));
        out << Tr::tr("No network interface chosen: no DHCP service starts. Choose the bench interface with "
                      "--interface IF (or in the window). This machine's interfaces:")
            << '\n'
            << describeInterfaces(listInterfaces()) << Qt::endl;
    }
    if (config.address.isNull()) {
        config.address =
            config.interfaceName.isEmpty() ? QHostAddress(QHostAddress::LocalHost) : firstIpv4(config.interfaceName);
        if (config.address.isNull()) {
            err << Tr::tr("interface %1 has no IPv4 address; give one with --address").arg(config.interfaceName)
                << Qt::endl;
            return 1;
        }
    }

    EventStream events;
    EventWriter writer(store);
    QObject::connect(&events, &EventStream::batchReady, &writer, &EventWriter::write);
    QObject::connect(&events, &EventStream::batchReady, &events, [&out](const BootEventBatch &batch) {
        for (const BootEvent &e : batch)
            out << e.toLogLine() << '\n';
        out.flush();
    });
    // A store that cannot be written (PostgreSQL restarting): the services go on, events wait in
    // the writer's bounded queue and are written after the reconnect.
    QObject::connect(&writer, &EventWriter::storeUnavailable, &writer,
                     [&err, &writer](const QDateTime &since, const QString &reason) {
                         err << Tr::tr("store disconnected since %1 (%2); up to %3 events wait")
                                    .arg(since.toLocalTime().toString(QStringLiteral("HH:mm:ss")), reason)
                                    .arg(writer.bound())
                             << Qt::endl;
                     });
    QObject::connect(&writer, &EventWriter::storeAvailable, &writer, [&err](qint64 lost) {
        err << Tr::tr("store connected again; %1 events lost").arg(lost) << Qt::endl;
    });

    if (!line.servicesGiven) {
        // The default set: whatever of it this build has (asked of the composition root itself).
        QStringList available;
        for (const QString &name : std::as_const(config.services)) {
            ServiceConfig one = config;
            one.services = {name};
            ServiceHost scratch;
            QString error;
            if (composeServices(one, nullptr, &scratch, &error))
                available << name;
            else
                out << Tr::tr("not starting %1: %2").arg(name, error) << Qt::endl;
        }
        config.services = available;
    }
    ServiceHost host;
    QString error;
    if (!composeServices(config, &events, &host, &error)) {
        err << error << Qt::endl;
        return 1;
    }
    QObject::connect(&host, &ServiceHost::statusChanged, &host, [&out](const ServiceStatus &s) {
        out << Tr::tr("service %1: %2").arg(s.name, serviceStateKey(s.state))
            << (s.reason.isEmpty() ? QString() : QStringLiteral(" - ") + s.reason) << Qt::endl;
    });

    StoreWatcher watcher(store);
    QObject::connect(
        &watcher, &StoreWatcher::connectionChanged, &watcher, [&events](bool connected, const QDateTime &since) {
            BootEvent e;
            e.time = QDateTime::currentDateTimeUtc();
            e.service = QStringLiteral("host");
            e.kind = connected ? QStringLiteral("store-reconnected") : QStringLiteral("store-disconnected");
            e.severity = connected ? BootEvent::Severity::Info : BootEvent::Severity::Warning;
            e.detail = QStringLiteral("disconnected since %1").arg(since.toString(Qt::ISODate));
            events.publish(e);
        });
    // Other benches' events on a shared store, woken by their notification, read by id since the
    // last seen (after a reconnect too), logged with the bench's name.
    QString lastIdError;
    qint64 lastRemoteId = EventRepository(store).lastId(&lastIdError);
    QObject::connect(&watcher, &StoreWatcher::eventsAdded, &watcher, [&store, &out, &lastRemoteId] {
        QString error;
        if (lastRemoteId < 0)
            lastRemoteId = EventRepository(store).lastId(&error);
        for (;;) {
            const BootEventBatch batch = EventRepository(store).since(lastRemoteId, store.benchName(), 1000, &error);
            for (const BootEvent &e : batch)
                out << '[' << e.bench << "] " << e.toLogLine() << '\n';
            if (!batch.isEmpty())
                lastRemoteId = batch.last().storeId;
            if (batch.size() < 1000)
                break;
        }
        out.flush();
    });
    QObject::connect(&watcher, &StoreWatcher::changed, &watcher, [&events](qint64 revision) {
        BootEvent e;
        e.time = QDateTime::currentDateTimeUtc();
        e.service = QStringLiteral("host");
        e.kind = QStringLiteral("configuration-changed");
        e.detail = QStringLiteral("revision %1").arg(revision);
        events.publish(e);
    });

    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, qApp, [&out](int number) {
        out << Tr::tr("signal %1 received: stopping").arg(number) << Qt::endl;
        QCoreApplication::quit();
    });

    // The imaging environment (boot/kernel, boot/initrd, boot/root): built in the background when
    // missing or stale, while the services already answer.
    EnvironmentWorker environmentWorker;
    if (environmentAutoBuild(line)) {
        const EnvironmentOptions options = environmentOptions(line);
        const EnvironmentStatus status = EnvironmentStatusCheck::check(options);
        if (status.state == EnvironmentState::Ready) {
            out << Tr::tr("imaging environment: ready (kernel %1)").arg(status.manifest.kernelRelease) << Qt::endl;
        } else if (!status.missingPackages.isEmpty()) {
            err << Tr::tr("imaging environment: %1, and it cannot be built: missing package(s) %2; install with: %3")
                       .arg(environmentStateKey(status.state), status.missingPackages.join(QStringLiteral(", ")),
                            status.installCommand)
                << Qt::endl;
        } else {
            out << Tr::tr("imaging environment: %1 (%2): building it")
                       .arg(environmentStateKey(status.state), status.reasons.value(0))
                << Qt::endl;
            QObject::connect(&environmentWorker, &EnvironmentWorker::progress, &environmentWorker,
                             [&out](int percent, const QString &stage) {
                                 out << Tr::tr("imaging environment: %1 % %2").arg(percent).arg(stage) << Qt::endl;
                             });
            QObject::connect(&environmentWorker, &EnvironmentWorker::finished, &environmentWorker,
                             [&out, &err](const EnvironmentBuildResult &r) {
                                 if (r.ok)
                                     out << Tr::tr("imaging environment: ready") << Qt::endl;
                                 else
                                     err << Tr::tr("imaging environment: build failed: %1").arg(r.error) << Qt::endl;
                             });
            environmentWorker.start(options);
        }
    }

    out << Tr::tr("Services: %1. Stop with Ctrl+C.")
               .arg(config.services.isEmpty() ? Tr::tr("none") : config.services.join(QStringLiteral(", ")))
        << Qt::endl;
    host.startAll();
    const int code = QCoreApplication::exec();
    host.shutdown();
    events.flush();
    writer.drain();
    out << Tr::tr("stopped") << Qt::endl;
    return code;
}

} // namespace bootbench
