#pragma once

#include "model/phase.h"
#include "policy/httpmessage.h"
#include "policy/policydecider.h"

#include <QDateTime>
#include <QHash>

namespace bootbench {

class PolicyContext;

// The routes iPXE talks to (phases 3 and 4): identity report, menu settings, the menu with its
// password, the menu choice and the work query. Every answer is an iPXE script; every request
// is a boot event. Runs on the policy service's thread.
//   GET /boot.ipxe (and DhcpSettings::ipxeScriptPath)  first script: report identity
//   GET /ipxe/hello?mac&uuid&serial&...                 register, answer the menu settings
//   GET /ipxe/menu?mac[&attempt&password]               password form, then the menu
//   GET /ipxe/choice?mac&ticket&item                    the chosen entry's action
//   GET /ipxe/work?mac[&via]                            work query: loader + config, or local boot
//   GET /grub/hello|menu|choice|work?…                  the same for Debian's signed GRUB (virtual TFTP
//                                                       files, GrubTftpFiles): GRUB configurations
class PolicyRoutes
{
public:
    explicit PolicyRoutes(PolicyContext &context);

    bool handles(const HttpRequest &request) const;
    HttpReply handle(const HttpRequest &request);

private:
    HttpReply hello(const HttpRequest &request, const QString &mac);
    HttpReply menu(const HttpRequest &request, const QString &mac);
    HttpReply choice(const HttpRequest &request, const QString &mac);
    HttpReply work(const HttpRequest &request, const QString &mac, const QString &via);
    HttpReply maintenance(const HttpRequest &request, const QString &mac);
    // Loader + config file for `decision` (or a maintenance boot when decision is null).
    HttpReply bootImaging(const HttpRequest &request, const QString &mac, const Bundle *bundle,
                          const QString &configFile, const QString &what);
    HttpReply localBoot(const HttpRequest &request, const QString &mac, const QString &why, const QString &kind,
                        Phase phase);
    HttpReply failure(const HttpRequest &request, const QString &mac, Phase phase, const QString &reason);
    // Makes sure a device asking without /ipxe/hello first is known; returns the decider.
    std::optional<PolicyDecider> decider(QString *error);
    QString newTicket(const QString &mac);
    bool checkTicket(const QString &mac, const QString &ticket);

    PolicyContext &m_context;
    struct Ticket
    {
        QString value;
        QDateTime expires;
    };
    QHash<QString, Ticket> m_tickets; // by MAC: a menu session after the password was given
    bool m_grub = false;              // the request being answered comes from the signed GRUB
};

} // namespace bootbench
