#include "e2ebench.h"

#include "e2evm.h"
#include "netnslab.h"

#include "store/eventrepository.h"
#include "store/store.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTest>

using namespace bootbench;

namespace e2e {

QString describe(const BootEventBatch &events)
{
    QStringList lines;
    for (const BootEvent &e : events)
        lines << e.toLogLine();
    return lines.join(QLatin1Char('\n'));
}

Bench::Bench() = default;

Bench::~Bench()
{
    saveLogs();
    m_lab.reset(); // kills serve, dnsmasq and QEMU, deletes the namespaces
    m_store.reset();
}

QString Bench::path(const QString &name) const
{
    return QDir(m_work).filePath(name);
}

bool Bench::startDnsmasq(const QString &role, const QString &tag, const QStringList &args, QProcess **process,
                         QString *error)
{
    QString dnsmasq = QStandardPaths::findExecutable(QStringLiteral("dnsmasq"));
    if (dnsmasq.isEmpty())
        dnsmasq = QStandardPaths::findExecutable(QStringLiteral("dnsmasq"), {QStringLiteral("/usr/sbin")});
    const QStringList common{QStringLiteral("--no-daemon"),
                             QStringLiteral("--conf-file=/dev/null"),
                             QStringLiteral("--port=0"),
                             QStringLiteral("--user=root"),
                             QStringLiteral("--group=root"),
                             QStringLiteral("--interface=eth0"),
                             QStringLiteral("--bind-interfaces"),
                             QStringLiteral("--log-facility=") + path(tag + QStringLiteral(".log")),
                             QStringLiteral("--pid-file=") + path(tag + QStringLiteral(".pid"))};
    *process = m_lab->start(role, dnsmasq, common + args);
    if (!*process || !(*process)->waitForStarted(5000)) {
        *error = QStringLiteral("dnsmasq (%1) did not start: %2").arg(tag, m_lab->lastError());
        return false;
    }
    return true;
}

bool Bench::setUp(const QString &workDir, const QString &tftpRoot, QString *error)
{
    m_work = workDir;
    m_tftpRoot = tftpRoot;
    m_lab = std::make_unique<NetnsLab>();
    NetnsLab &lab = *m_lab;
    const QString lan = QStringLiteral("lan");
    const auto ip = [&](const QString &role, const QString &args) {
        return lab.ip(role, args.split(QLatin1Char(' ')));
    };
    const bool wired =
        lab.addSwitch(lan) && lab.addNamespace(QStringLiteral("bb")) && lab.addNamespace(QStringLiteral("srv")) &&
        lab.addNamespace(QStringLiteral("rtr")) &&
        lab.plug(QStringLiteral("bb"), QStringLiteral("eth0"), lan, QStringLiteral("10.77.0.1/24")) &&
        lab.plug(QStringLiteral("srv"), QStringLiteral("eth0"), lan, QStringLiteral("10.77.0.2/24")) &&
        lab.plug(QStringLiteral("rtr"), QStringLiteral("eth0"), lan, QStringLiteral("10.77.0.3/24")) &&
        ip(QStringLiteral("rtr"), QStringLiteral("addr add fd77::1/64 dev eth0 nodad")) &&
        ip(lan, QStringLiteral("tuntap add tap0 mode tap")) && ip(lan, QStringLiteral("link set tap0 master br0 up")) &&
        // A second port, for two machines at once (Vm::setTap).
        ip(lan, QStringLiteral("tuntap add tap1 mode tap")) && ip(lan, QStringLiteral("link set tap1 master br0 up"));
    if (!wired) {
        *error = lab.lastError();
        return false;
    }
    DatabaseUrl url;
    url.path = path(QStringLiteral("data/bootbench.db"));
    QDir().mkpath(path(QStringLiteral("data")));
    m_store = Store::open(url, error);
    return bool(m_store);
}

void Bench::stop(QProcess *&process)
{
    if (!process)
        return;
    if (process->state() != QProcess::NotRunning) {
        process->terminate();
        if (!process->waitForFinished(10000)) {
            process->kill();
            process->waitForFinished(5000);
        }
    }
    if (process == m_serve)
        m_serveLog += process->readAll();
    process = nullptr; // the lab still owns it
}

bool Bench::start(Variant variant, QString *error)
{
    stop(m_serve);
    saveLogs();
    m_variant = variant;
    // Variant A: the segment's router namespace says "no IPv6 router" (router advertisements
    // only: no DHCPv4, no DHCPv6, no DNS; interval 0, lifetime 0). Variant B: Bootbench's DHCP
    // server owns the segment and says it itself.
    if (variant == Variant::A && !m_ra &&
        !startDnsmasq(QStringLiteral("rtr"), QStringLiteral("dnsmasq-ra"),
                      {QStringLiteral("--enable-ra"), QStringLiteral("--dhcp-range=::,constructor:eth0,ra-only"),
                       QStringLiteral("--ra-param=eth0,0,0")},
                      &m_ra, error))
        return false;
    if (variant == Variant::B)
        stop(m_ra);
    if (variant == Variant::A && !m_dhcp) {
        // The bench's own DHCP server: addresses only, no boot information.
        if (!startDnsmasq(QStringLiteral("srv"), QStringLiteral("dnsmasq-dhcp"),
                          {QStringLiteral("--dhcp-range=10.77.0.100,10.77.0.150,255.255.255.0,1h"),
                           QStringLiteral("--no-ping"), QStringLiteral("--dhcp-authoritative"),
                           QStringLiteral("--log-dhcp"),
                           QStringLiteral("--dhcp-leasefile=") + path(QStringLiteral("dnsmasq.leases"))},
                          &m_dhcp, error))
            return false;
    } else if (variant == Variant::B) {
        stop(m_dhcp);
    }
    QStringList args{QStringLiteral("serve"),
                     QStringLiteral("--data-dir"),
                     path(QStringLiteral("data")),
                     QStringLiteral("--interface"),
                     QStringLiteral("eth0"),
                     QStringLiteral("--address"),
                     QLatin1String(kServer),
                     QStringLiteral("--services"),
                     QStringLiteral("proxydhcp,tftp,policy"),
                     QStringLiteral("--http-port"),
                     QStringLiteral("8080"),
                     QStringLiteral("--tftp-root"),
                     m_tftpRoot};
    if (variant == Variant::B)
        args << QStringLiteral("--dhcp-mode") << QStringLiteral("server") << QStringLiteral("--dhcp-range")
             << QStringLiteral("10.77.0.160-10.77.0.199");
    args << m_serveArguments;
    m_serve = m_lab->start(QStringLiteral("bb"), QStringLiteral(BOOTBENCH_EXECUTABLE), args);
    if (!m_serve) {
        *error = m_lab->lastError();
        return false;
    }
    QStringList wanted{QStringLiteral("proxydhcp"), QStringLiteral("tftp"), QStringLiteral("policy")};
    if (variant == Variant::B)
        wanted << QStringLiteral("dhcp");
    QByteArray out;
    const auto allRunning = [&] {
        for (const QString &s : std::as_const(wanted)) {
            if (!out.contains(QStringLiteral("service %1: running").arg(s).toUtf8()))
                return false;
        }
        return true;
    };
    const bool up = QTest::qWaitFor(
        [&] {
            out += m_serve->readAll();
            return allRunning() || m_serve->state() == QProcess::NotRunning;
        },
        20000);
    m_serveLog += out;
    if (!up || m_serve->state() != QProcess::Running || !allRunning()) {
        *error = QStringLiteral("serve did not start all of %1:\n%2")
                     .arg(wanted.join(QStringLiteral(", ")), QString::fromUtf8(out));
        return false;
    }
    return true;
}

BootEventBatch Bench::eventsSince(const QDateTime &since, const QString &mac)
{
    QString error;
    return EventRepository(*m_store).query(mac, since, {}, 0, &error);
}

std::optional<BootEvent> Bench::waitForEvent(const QString &kind, const QDateTime &since, int ms, const QString &mac,
                                             Outcome outcome, Vm *vm)
{
    std::optional<BootEvent> found;
    (void)QTest::qWaitFor(
        [&] {
            for (const BootEvent &e : eventsSince(since, mac)) {
                if (e.kind == kind && (outcome == Outcome::None || e.outcome == outcome)) {
                    found = e;
                    return true;
                }
            }
            return vm && !vm->running();
        },
        ms);
    return found;
}

QStringList Bench::tftpFilesSince(const QDateTime &since, const QString &mac)
{
    QStringList files;
    for (const BootEvent &e : eventsSince(since, mac)) {
        // "path: N bytes in ..."
        if (e.service == QLatin1String("tftp") && e.kind == QLatin1String("transfer-finished"))
            files << e.detail.left(e.detail.indexOf(QStringLiteral(": ")));
    }
    return files;
}

void Bench::saveLogs()
{
    if (m_serve)
        m_serveLog += m_serve->readAll();
    if (m_serveLog.isEmpty() || m_work.isEmpty())
        return;
    QFile f(path(QStringLiteral("serve.log")));
    if (f.open(QIODevice::Append))
        f.write(m_serveLog);
    m_serveLog.clear();
}

} // namespace e2e
