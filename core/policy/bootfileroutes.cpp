#include "policy/bootfileroutes.h"

#include "dhcp/dhcpsettings.h"
#include "tftp/tftppathresolver.h"

#include <QFile>

#include <unistd.h>

namespace bootbench {

BootFileRoutes::BootFileRoutes(const QString &tftpRoot)
    : m_root(tftpRoot)
{}

bool BootFileRoutes::handles(const HttpRequest &request)
{
    return request.path.startsWith(DhcpSettings::httpBootPrefix());
}

HttpReply BootFileRoutes::handle(const HttpRequest &request) const
{
    if (request.method != "GET" && request.method != "HEAD")
        return HttpReply::error(405, QStringLiteral("%1 takes GET").arg(request.path));
    const TftpPathResolver resolver(m_root);
    if (!resolver.isValid())
        return HttpReply::error(404,
                                QStringLiteral("the TFTP root %1 is not usable: %2").arg(m_root, resolver.error()));
    QString normalised;
    QString reason;
    const QString name = request.path.mid(DhcpSettings::httpBootPrefix().size());
    if (!TftpPathResolver::normalise(name.toUtf8(), &normalised, &reason))
        return HttpReply::error(403, QStringLiteral("%1: %2").arg(request.path, reason));
    TftpOpenedFile opened = resolver.openForRead(normalised);
    if (opened.status != TftpLookup::Found)
        return HttpReply::error(opened.status == TftpLookup::AccessViolation ? 403 : 404,
                                QStringLiteral("%1: %2").arg(request.path, opened.reason.isEmpty()
                                                                               ? QStringLiteral("no such file")
                                                                               : opened.reason));
    QFile file;
    if (!file.open(opened.fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(opened.fd);
        return HttpReply::error(500, QStringLiteral("cannot read %1").arg(opened.lookedFor));
    }
    if (opened.size > kMaxBytes)
        return HttpReply::error(413, QStringLiteral("%1 is larger than %2 MiB: not served over HTTP boot")
                                         .arg(opened.path)
                                         .arg(kMaxBytes >> 20));
    HttpReply reply;
    reply.contentType = "application/efi";
    reply.body = file.readAll();
    return reply;
}

} // namespace bootbench
