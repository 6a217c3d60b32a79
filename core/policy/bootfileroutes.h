#pragma once

#include "policy/httpmessage.h"

#include <QString>

namespace bootbench {

// UEFI HTTP boot (phase 2 over HTTP): GET/HEAD /boot-files/<path> serves the TFTP root read-only,
// with the TFTP service's rules (no way out of the root, case-insensitive fallback), so a client
// whose DHCP answer named http://SERVER:PORT/boot-files/shimx64.efi loads shim, and shim loads
// grubx64.efi beside it. Files larger than kMaxBytes are refused (the boot chain is a few MB).
class BootFileRoutes
{
public:
    static constexpr qint64 kMaxBytes = 64 * 1024 * 1024;

    explicit BootFileRoutes(const QString &tftpRoot);

    static bool handles(const HttpRequest &request);
    HttpReply handle(const HttpRequest &request) const;

private:
    QString m_root;
};

} // namespace bootbench
