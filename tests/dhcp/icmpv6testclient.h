#pragma once

#include <QList>
#include <QObject>
#include <QString>

#include <memory>

class NetnsLab;
class QSocketNotifier;

// The host side of IPv6 neighbour discovery in a test: a raw ICMPv6 socket opened inside a lab
// namespace and bound to one interface, that sends router solicitations and records every
// router advertisement it receives with what the kernel says about it (hop limit, interface).
class Icmpv6TestClient : public QObject
{
    Q_OBJECT

public:
    struct Advert
    {
        int type = 0;
        int code = 0;
        int hopLimit = -1; // of the IPv6 header as received
        int curHopLimit = 0;
        int flags = 0;
        int routerLifetime = -1;
        int optionBytes = 0;
        unsigned ifindex = 0; // where it came in
        QString from;
        bool fromLinkLocal = false;
    };

    Icmpv6TestClient();
    ~Icmpv6TestClient() override;

    // Empty when the namespace's kernel has IPv6, else why not (for QSKIP).
    static QString ipv6UnavailableReason(const NetnsLab &lab, const QString &role);

    bool open(const NetnsLab &lab, const QString &role, const QString &ifname, QString *error);
    // A router solicitation to all routers (ff02::2), hop limit 255, with a source link-layer
    // address option carrying `mac` ("aa:bb:…") when given.
    bool sendRouterSolicitation(const QString &mac, QString *error);
    // Waits until a router advertisement arrived (already received ones count); false on time-out.
    bool waitForAdvert(int timeoutMs);
    const QList<Advert> &adverts() const { return m_adverts; }
    unsigned ifindex() const { return m_ifindex; }
    void clear() { m_adverts.clear(); }

private:
    void onReadable();

    int m_fd = -1;
    unsigned m_ifindex = 0;
    std::unique_ptr<QSocketNotifier> m_notifier;
    QList<Advert> m_adverts;
};
