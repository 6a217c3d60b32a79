#include "tftp/tftpevents.h"

#include <array>

namespace bootbench {

namespace {

QString baseName(const QString &path)
{
    return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1).toLower();
}

BootEvent makeEvent(const QString &kind, const TftpEndpoint &peer, const QString &path)
{
    BootEvent e;
    e.time = QDateTime::currentDateTimeUtc();
    e.service = QStringLiteral("tftp");
    e.kind = kind;
    e.peer = peer.toString();
    e.phase = tftpPhaseForPath(path);
    return e;
}

QString rate(qint64 bytes, qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("-");
    return QStringLiteral("%1 MB/s").arg(double(bytes) / 1e6 / (double(ms) / 1000.0), 0, 'f', 2);
}

QString direction(const TftpTransfer &t)
{
    return t.isUpload() ? QStringLiteral("upload ") : QString();
}

} // namespace

Phase tftpPhaseForPath(const QString &normalisedPath)
{
    const QString path = normalisedPath.toLower();
    const QString name = baseName(path);
    if (path.startsWith(QLatin1String("boot/")))
        return Phase::ImagingFiles;
    if (path.startsWith(QLatin1String("pxelinux.cfg/")) || name == QLatin1String("z_auto.cfg") ||
        name == QLatin1String("winpe.cfg"))
        return Phase::ConfigFile;
    if (name == QLatin1String("pxelinux.0") || name == QLatin1String("lpxelinux.0") ||
        name == QLatin1String("syslinux.efi") || name.startsWith(QLatin1String("ldlinux.")) ||
        name.endsWith(QLatin1String(".c32")) || name.endsWith(QLatin1String(".e32")) ||
        name.endsWith(QLatin1String(".e64")))
        return Phase::Loader;
    if (name == QLatin1String("nvlnbp.sys") || name.startsWith(QLatin1String("undionly.")) ||
        name.startsWith(QLatin1String("snponly.")) || name.startsWith(QLatin1String("ipxe.")) ||
        name.endsWith(QLatin1String(".kpxe")) || name.endsWith(QLatin1String(".kkpxe")) ||
        name == QLatin1String("shimx64.efi") || name == QLatin1String("grubx64.efi"))
        return Phase::Bootstrap;
    return Phase::None;
}

bool tftpNotFoundIsExpected(const QString &normalisedPath)
{
    const QString path = normalisedPath.toLower();
    // The signed GRUB looks for grub/x86_64-efi/grub.cfg before grub/grub.cfg (docs/secureboot.md).
    return path.startsWith(QLatin1String("pxelinux.cfg/")) || path == QLatin1String("boot/updatedrivers.tgz") ||
           path == QLatin1String("grub/x86_64-efi/grub.cfg");
}

namespace tftpevents {

QString failureKey(TftpFailure failure)
{
    static constexpr std::array<const char *, 14> keys = {"none",
                                                          "not-found",
                                                          "access-violation",
                                                          "uploads-disabled",
                                                          "illegal-operation",
                                                          "option-refused",
                                                          "file-exists",
                                                          "disk-full",
                                                          "busy",
                                                          "server-error",
                                                          "timeout",
                                                          "client-abort",
                                                          "tsize-probe",
                                                          "stopped"};
    const auto index = static_cast<size_t>(failure);
    return index < keys.size() ? QString::fromLatin1(keys[index]) : QStringLiteral("unknown");
}

Outcome outcomeFor(TftpFailure failure, const QString &path)
{
    switch (failure) {
    case TftpFailure::TsizeProbe: return Outcome::Expected;
    case TftpFailure::NotFound: return tftpNotFoundIsExpected(path) ? Outcome::Expected : Outcome::Failed;
    default: return Outcome::Failed;
    }
}

BootEvent started(const TftpTransfer &t)
{
    BootEvent e = makeEvent(QStringLiteral("transfer-started"), t.peer(), t.path());
    e.total = t.bytesTotal() > 0 ? t.bytesTotal() : 0;
    e.detail = QStringLiteral("%1%2 (%3%4%5)")
                   .arg(direction(t), t.path(), t.netascii() ? QStringLiteral("netascii ") : QStringLiteral("octet "),
                        t.negotiation().summary(),
                        t.bytesTotal() >= 0 ? QStringLiteral(", %1 bytes").arg(t.bytesTotal()) : QString());
    return e;
}

BootEvent progress(const TftpTransfer &t)
{
    BootEvent e = makeEvent(QStringLiteral("transfer-progress"), t.peer(), t.path());
    e.severity = BootEvent::Severity::Debug;
    e.bytes = t.bytesDone();
    e.total = t.bytesTotal() > 0 ? t.bytesTotal() : 0;
    e.detail =
        QStringLiteral("%1%2: %3 bytes, %4").arg(direction(t), t.path()).arg(e.bytes).arg(rate(e.bytes, t.elapsedMs()));
    return e;
}

BootEvent finished(const TftpTransfer &t)
{
    BootEvent e = makeEvent(QStringLiteral("transfer-finished"), t.peer(), t.path());
    e.outcome = Outcome::None;
    e.bytes = t.bytesDone();
    e.total = e.bytes;
    const qint64 ms = t.elapsedMs();
    e.detail = QStringLiteral("%1%2: %3 bytes in %4 s (%5), %6 retransmissions")
                   .arg(direction(t), t.path())
                   .arg(e.bytes)
                   .arg(double(ms) / 1000.0, 0, 'f', 3)
                   .arg(rate(e.bytes, ms))
                   .arg(t.retransmissions());
    return e;
}

BootEvent failed(const TftpTransfer &t, TftpFailure failure, const QString &reason)
{
    BootEvent e = makeEvent(QStringLiteral("transfer-failed"), t.peer(), t.path());
    e.outcome = outcomeFor(failure, t.path());
    e.severity = e.outcome == Outcome::Expected ? BootEvent::Severity::Info : BootEvent::Severity::Warning;
    e.bytes = t.bytesDone();
    e.total = t.bytesTotal() > 0 ? t.bytesTotal() : 0;
    e.detail = QStringLiteral("%1%2: %3: %4").arg(direction(t), t.path(), failureKey(failure), reason);
    return e;
}

BootEvent refused(const TftpEndpoint &peer, const QString &path, bool upload, TftpFailure failure,
                  const QString &reason)
{
    BootEvent e = makeEvent(QStringLiteral("transfer-failed"), peer, path);
    e.outcome = outcomeFor(failure, path);
    e.severity = e.outcome == Outcome::Expected ? BootEvent::Severity::Info : BootEvent::Severity::Warning;
    e.detail = QStringLiteral("%1%2: %3: %4")
                   .arg(upload ? QStringLiteral("upload ") : QString(), path, failureKey(failure), reason);
    return e;
}

} // namespace tftpevents

} // namespace bootbench
