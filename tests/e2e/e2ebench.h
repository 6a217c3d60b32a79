#pragma once

#include "model/bootevent.h"

#include <QDateTime>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class NetnsLab;

namespace bootbench {
class Store;
}

namespace e2e {

class Vm;

// The bench of the end-to-end test, in network namespaces it creates and deletes:
//
//   "lan": bridge br0 + tap0, where the virtual machines run
//   "bb":  eth0 10.77.0.1  — `bootbench serve` (proxyDHCP or DHCP server + proxy, TFTP, policy)
//   "srv": eth0 10.77.0.2  — Debian's dnsmasq as the bench's plain DHCP server (variant A only)
//   "rtr": eth0 10.77.0.3, fd77::1 — variant A: dnsmasq sending only IPv6 router
//          advertisements with router lifetime 0, so iPXE's "Configuring" does not wait ~16 s
//          for an IPv6 router on every boot; variant B: silent, Bootbench's DHCP server answers
//          the router solicitations itself
//
// serve and the test share one store (SQLite): the test arranges bundles, assignments and
// menus in it and reads back the events serve stored.
class Bench
{
public:
    // Phase 1: A = another DHCP server hands out addresses, Bootbench is proxyDHCP only;
    // B = Bootbench is the DHCP server too (the client goes through port 4011).
    enum class Variant { A, B };

    static constexpr auto kServer = "10.77.0.1";

    Bench();
    ~Bench(); // stops everything, deletes the namespaces

    // Namespaces, router advertisements, the store. `tftpRoot` must hold the imaging environment.
    bool setUp(const QString &workDir, const QString &tftpRoot, QString *error);
    // (Re)starts serve in this variant, with dnsmasq's DHCP running only for variant A.
    bool start(Variant variant, QString *error);
    // Arguments added to `serve` from the next start() on (e.g. --boot-file 7=snponly.efi).
    void setServeArguments(const QStringList &arguments) { m_serveArguments = arguments; }
    Variant variant() const { return m_variant; }

    NetnsLab &lab() { return *m_lab; }
    bootbench::Store &store() { return *m_store; }
    QString path(const QString &name) const;

    bootbench::BootEventBatch eventsSince(const QDateTime &since, const QString &mac);
    // The first event of `kind` (with `outcome`, unless None) for `mac` since `since`; gives up
    // early when `vm` stops.
    std::optional<bootbench::BootEvent> waitForEvent(const QString &kind, const QDateTime &since, int ms,
                                                     const QString &mac,
                                                     bootbench::Outcome outcome = bootbench::Outcome::None,
                                                     Vm *vm = nullptr);
    // Files the TFTP service finished sending to `mac` since `since`, in order.
    QStringList tftpFilesSince(const QDateTime &since, const QString &mac);
    void saveLogs();

private:
    bool startDnsmasq(const QString &role, const QString &tag, const QStringList &args, QProcess **process,
                      QString *error);
    void stop(QProcess *&process);

    std::unique_ptr<NetnsLab> m_lab;
    std::unique_ptr<bootbench::Store> m_store;
    QString m_work;
    QString m_tftpRoot;
    QProcess *m_serve = nullptr;
    QProcess *m_dhcp = nullptr; // dnsmasq, variant A
    QProcess *m_ra = nullptr;   // dnsmasq, router advertisements only
    Variant m_variant = Variant::A;
    QStringList m_serveArguments;
    QByteArray m_serveLog;
};

// "kind detail" lines of a batch, for failure messages.
QString describe(const bootbench::BootEventBatch &events);

} // namespace e2e
