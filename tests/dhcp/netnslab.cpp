#include "netnslab.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QThread>

#include <cerrno>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>

namespace {

const QString kIp = QStringLiteral("ip");

int openNamespace(const QString &name)
{
    return ::open(qPrintable(QStringLiteral("/run/netns/") + name), O_RDONLY | O_CLOEXEC);
}

QString runIp(const QStringList &args, bool *ok)
{
    QProcess p;
    p.start(kIp, args);
    if (!p.waitForFinished(10000)) {
        p.kill();
        p.waitForFinished();
        *ok = false;
        return QStringLiteral("ip %1: did not finish").arg(args.join(QLatin1Char(' ')));
    }
    *ok = p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    return QString::fromLocal8Bit(p.readAllStandardOutput() + p.readAllStandardError());
}

} // namespace

QString NetnsLab::unavailableReason()
{
    if (::geteuid() != 0)
        return QStringLiteral("needs root: the test creates network namespaces and veth pairs (ip netns add); run it "
                              "as root (CI does)");
    return {};
}

QString NetnsLab::missingPackage()
{
    if (QStandardPaths::findExecutable(kIp).isEmpty() && !QFileInfo::exists(QStringLiteral("/usr/sbin/ip")) &&
        !QFileInfo::exists(QStringLiteral("/sbin/ip")))
        return QStringLiteral("needs the `ip` command (Debian package iproute2)");
    return {};
}

NetnsLab::NetnsLab()
    : m_prefix(QStringLiteral("bbt%1-").arg(QCoreApplication::applicationPid()))
{
    removeStaleNamespaces();
}

NetnsLab::~NetnsLab()
{
    for (QProcess *p : m_processes) {
        if (p->state() != QProcess::NotRunning) {
            p->terminate();
            if (!p->waitForFinished(2000)) {
                p->kill();
                p->waitForFinished(2000);
            }
        }
        delete p;
    }
    // Deleting a namespace deletes the veths in it, and so their peers.
    for (const QString &ns : m_namespaces) {
        bool ok = false;
        runIp({QStringLiteral("netns"), QStringLiteral("del"), ns}, &ok);
    }
}

void NetnsLab::removeStaleNamespaces()
{
    bool ok = false;
    const QString list = runIp({QStringLiteral("netns"), QStringLiteral("list")}, &ok);
    static const QRegularExpression re(QStringLiteral("^(bbt(\\d+)-\\S+)"), QRegularExpression::MultilineOption);
    for (auto it = re.globalMatch(list); it.hasNext();) {
        const auto m = it.next();
        const pid_t pid = pid_t(m.captured(2).toLongLong());
        if (::kill(pid, 0) != 0 && errno == ESRCH)
            runIp({QStringLiteral("netns"), QStringLiteral("del"), m.captured(1)}, &ok);
    }
}

QString NetnsLab::name(const QString &role) const
{
    return m_prefix + role;
}

bool NetnsLab::run(const QStringList &args)
{
    bool ok = false;
    const QString out = runIp(args, &ok);
    if (!ok)
        m_error = QStringLiteral("ip %1: %2").arg(args.join(QLatin1Char(' ')), out.trimmed());
    return ok;
}

bool NetnsLab::addNamespace(const QString &role)
{
    if (!run({QStringLiteral("netns"), QStringLiteral("add"), name(role)}))
        return false;
    m_namespaces << name(role);
    return ip(role, {QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("lo"), QStringLiteral("up")});
}

bool NetnsLab::addSwitch(const QString &role)
{
    return addNamespace(role) &&
           ip(role, {QStringLiteral("link"), QStringLiteral("add"), QStringLiteral("br0"), QStringLiteral("type"),
                     QStringLiteral("bridge")}) &&
           ip(role, {QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("br0"), QStringLiteral("up")});
}

bool NetnsLab::plug(const QString &role, const QString &ifname, const QString &switchRole, const QString &cidr)
{
    const QString port = QStringLiteral("p%1").arg(++m_switchPorts[switchRole]);
    if (!run({QStringLiteral("link"), QStringLiteral("add"), QStringLiteral("name"), ifname, QStringLiteral("netns"),
              name(role), QStringLiteral("type"), QStringLiteral("veth"), QStringLiteral("peer"),
              QStringLiteral("name"), port, QStringLiteral("netns"), name(switchRole)}))
        return false;
    if (!ip(switchRole, {QStringLiteral("link"), QStringLiteral("set"), port, QStringLiteral("master"),
                         QStringLiteral("br0"), QStringLiteral("up")}))
        return false;
    if (!cidr.isEmpty() &&
        !ip(role, {QStringLiteral("addr"), QStringLiteral("add"), cidr, QStringLiteral("dev"), ifname}))
        return false;
    return ip(role, {QStringLiteral("link"), QStringLiteral("set"), ifname, QStringLiteral("up")});
}

bool NetnsLab::ip(const QString &role, const QStringList &args)
{
    return run(QStringList{QStringLiteral("-n"), name(role)} + args);
}

QString NetnsLab::macOf(const QString &role, const QString &ifname)
{
    bool ok = false;
    const QString out = runIp({QStringLiteral("-n"), name(role), QStringLiteral("-br"), QStringLiteral("link"),
                               QStringLiteral("show"), ifname},
                              &ok);
    static const QRegularExpression re(QStringLiteral("([0-9a-f]{2}(:[0-9a-f]{2}){5})"));
    return ok ? re.match(out).captured(1) : QString();
}

QProcess *NetnsLab::start(const QString &role, const QString &program, const QStringList &args)
{
    auto *p = new QProcess;
    p->setProcessChannelMode(QProcess::MergedChannels);
    p->start(kIp, QStringList{QStringLiteral("netns"), QStringLiteral("exec"), name(role), program} + args);
    m_processes << p;
    if (!p->waitForStarted(5000))
        m_error = QStringLiteral("cannot start %1 in %2: %3").arg(program, name(role), p->errorString());
    return p;
}

NetnsLab::Scope::Scope(const NetnsLab &lab, const QString &role)
{
    m_home = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    const int target = openNamespace(lab.name(role));
    m_ok = m_home >= 0 && target >= 0 && ::setns(target, CLONE_NEWNET) == 0;
    if (target >= 0)
        ::close(target);
}

NetnsLab::Scope::~Scope()
{
    if (m_home >= 0) {
        ::setns(m_home, CLONE_NEWNET);
        ::close(m_home);
    }
}

bool NetnsLab::moveThreadToNamespace(QObject *object, const QString &role)
{
    const int target = openNamespace(name(role));
    if (target < 0) {
        m_error = QStringLiteral("no namespace %1").arg(name(role));
        return false;
    }
    bool ok = false;
    QMetaObject::invokeMethod(
        object, [&] { ok = ::setns(target, CLONE_NEWNET) == 0; },
        object->thread() == QThread::currentThread() ? Qt::DirectConnection : Qt::BlockingQueuedConnection);
    ::close(target);
    if (!ok)
        m_error = QStringLiteral("setns into %1 failed").arg(name(role));
    return ok;
}
