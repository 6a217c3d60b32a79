#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

// A throw-away network lab for DHCP tests: network namespaces, Ethernet "switches" (a bridge in
// a namespace of its own) and veth cables, all created inside namespaces (nothing is added to the
// machine's own namespace) and deleted by the destructor, also when a test fails. Namespaces left
// over by a crashed run (their test process is gone) are deleted on the next run.
//
// Sockets belong to the namespace of the thread that creates them: enter() moves the calling
// thread for a scope, moveThreadToNamespace() moves a service's worker thread for good.
class NetnsLab
{
public:
    NetnsLab();
    ~NetnsLab();
    NetnsLab(const NetnsLab &) = delete;
    NetnsLab &operator=(const NetnsLab &) = delete;

    // Empty when the lab can run here, else why not (for QSKIP): not root.
    static QString unavailableReason();
    // Empty when `ip` is there, else the Debian package to install (for QFAIL: never a skip).
    static QString missingPackage();

    QString name(const QString &role) const; // the namespace's real name
    bool addNamespace(const QString &role);
    bool addSwitch(const QString &role); // a namespace with bridge "br0", up
    // A veth pair: `ifname` in `role`, its peer on the switch's bridge. `cidr` (optional) is
    // given to `ifname`. Both ends up.
    bool plug(const QString &role, const QString &ifname, const QString &switchRole, const QString &cidr = {});
    bool ip(const QString &role, const QStringList &args); // `ip -n NS args…`
    QString macOf(const QString &role, const QString &ifname);
    // Starts a program inside the namespace (ip netns exec); killed by the destructor.
    QProcess *start(const QString &role, const QString &program, const QStringList &args);

    // RAII: the calling thread is in the namespace until the guard goes.
    class Scope
    {
    public:
        Scope(const NetnsLab &lab, const QString &role);
        ~Scope();
        bool ok() const { return m_ok; }

    private:
        int m_home = -1;
        bool m_ok = false;
    };
    // Moves the thread `object` lives on into the namespace (blocks until done).
    bool moveThreadToNamespace(QObject *object, const QString &role);

    QString lastError() const { return m_error; }

private:
    bool run(const QStringList &args);
    static void removeStaleNamespaces();

    QString m_prefix;
    QStringList m_namespaces;
    QHash<QString, int> m_switchPorts;
    QList<QProcess *> m_processes;
    QString m_error;
};
