#pragma once

#include "model/bootevent.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

class QSocketNotifier;

namespace bootbench {

// "No IPv6 router here", for a bench segment that has none. Without a router advertisement
// iPXE's "Configuring" waits ~16 s for IPv6 on every boot before it goes on with IPv4. When
// Bootbench owns the segment (it is the DHCP server, variant B) it answers router solicitations
// with a router advertisement that says there is no router: router lifetime 0, neither the
// managed nor the other flag, no prefix (RFC 4861 6.2.3, 4.2). That ends iPXE's wait at once and
// gives hosts nothing to configure. It falls silent for good when a real router advertises on
// the segment. Answers go to all nodes (ff02::1), at most one a second. Needs CAP_NET_RAW.
// Lives on the DHCP server's worker thread.
class RouterAdvertiser final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RouterAdvertiser)

public:
    using Publish = std::function<void(const BootEvent &)>;
    RouterAdvertiser(const QString &service, Publish publish, QObject *parent = nullptr);
    ~RouterAdvertiser() override;

    // Opens the ICMPv6 socket on `interfaceName`. False with the reason (no CAP_NET_RAW, no IPv6).
    bool start(const QString &interfaceName, QString *error);
    void stop();
    int answered() const { return m_answered; }
    bool silenced() const { return m_silenced; }

private:
    void onReadable();
    void answer(const QString &mac, const QString &from);
    BootEvent event(const QString &kind, const QString &mac, BootEvent::Severity severity, const QString &detail,
                    const QString &peer) const;

    const QString m_service;
    const Publish m_publish;
    QString m_interface;
    unsigned m_ifindex = 0;
    int m_fd = -1;
    std::unique_ptr<QSocketNotifier> m_notifier;
    QElapsedTimer m_lastAnswer;
    int m_answered = 0;
    bool m_silenced = false;
};

} // namespace bootbench
