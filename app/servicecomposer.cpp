#include "servicecomposer.h"

#include "bootchain/bootchainlayout.h"
#include "dhcp/addressbook.h"
#include "dhcp/dhcpportarbiter.h"
#include "dhcp/dhcpserverservice.h"
#include "dhcp/proxydhcpservice.h"
#include "policy/policyservice.h"
#include "services/eventstream.h"
#include "services/servicehost.h"
#include "tftp/tftpservice.h"

namespace bootbench {

bool composeServices(const ServiceConfig &requested, EventStream *events, ServiceHost *host, QString *error)
{
    // Variant A (proxy only): x64 UEFI gets iPXE unless the signed chain was chosen (DhcpSettings::bootFilesFor).
    ServiceConfig config = requested;
    config.dhcp.bootFiles = requested.dhcp.bootFilesFor(!requested.wants(QStringLiteral("dhcp")));
    if (config.wants(QStringLiteral("tftp")) || config.wants(QStringLiteral("policy"))) {
        // The boot chain from Debian's packages (iPXE, pxelinux, syslinux), including the names
        // the proxy announces; what is missing is reported by package.
        const BootChainReport layout =
            BootChainLayout::layOut(config.tftpRoot, BootChainLayout::aliasesFor(config.dhcp.bootFiles.values()));
        if (events)
            events->publish(layout.toEvents());
    }
    // proxyDHCP and the bench DHCP server share MAC ↔ IP learning and, when both run, port 67.
    const auto addressBook = std::make_shared<AddressBook>();
    if (events && (config.wants(QStringLiteral("proxydhcp")) || config.wants(QStringLiteral("dhcp")))) {
        // TFTP and HTTP only see an address: put their events on the device's lane by the MAC
        // the DHCP services learned for it.
        events->setMacResolver([addressBook](const QHostAddress &address) { return addressBook->macFor(address); });
    }
    const bool bothDhcp = config.wants(QStringLiteral("proxydhcp")) && config.wants(QStringLiteral("dhcp"));
    const auto port67 = bothDhcp ? std::make_shared<DhcpPortArbiter>() : nullptr;
    TftpService *tftp = nullptr;
    PolicyService *policy = nullptr;
    for (const QString &name : config.services) {
        if (name == QLatin1String("tftp")) {
            auto service = std::make_unique<TftpService>(config, events);
            tftp = service.get();
            host->addService(std::move(service));
            continue;
        }
        // Each service is wired here as it lands: tftp, proxydhcp, dhcp, policy.
        if (name == QLatin1String("policy")) {
            // Opens its own connection to config.policy.databaseUrl (default <dataDir>/bootbench.db).
            auto service = std::make_unique<PolicyService>(config, events);
            policy = service.get();
            host->addService(std::move(service));
            continue;
        }
        if (name == QLatin1String("proxydhcp")) {
            host->addService(std::make_unique<ProxyDhcpService>(config, events, port67, addressBook));
            continue;
        }
        if (name == QLatin1String("dhcp")) {
            host->addService(std::make_unique<DhcpServerService>(config, events, nullptr, port67, addressBook));
            continue;
        }
        *error = QStringLiteral("the %1 service is not available in this build").arg(name);
        return false;
    }
    // Debian's signed GRUB reads its configuration over TFTP: the policy service answers there.
    if (tftp && policy)
        tftp->addFileProvider(policy->tftpFiles());
    return true;
}

} // namespace bootbench
