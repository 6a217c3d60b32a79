#include "e2eimage.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace e2e {

namespace {

QByteArray hex8(quint32 v)
{
    return QByteArray::number(v, 16).rightJustified(8, '0');
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace

void NewcArchive::add(const QString &path, quint32 mode, const QByteArray &data)
{
    const QByteArray name = path.toUtf8() + '\0';
    QByteArray h = "070701";
    h += hex8(m_ino++) + hex8(mode) + hex8(0) + hex8(0) + hex8(1) + hex8(0) + hex8(quint32(data.size())) + hex8(0) +
         hex8(0) + hex8(0) + hex8(0) + hex8(quint32(name.size())) + hex8(0);
    m_bytes += h + name;
    while (m_bytes.size() % 4)
        m_bytes += '\0';
    m_bytes += data;
    while (m_bytes.size() % 4)
        m_bytes += '\0';
}

void NewcArchive::addDirectory(const QString &path)
{
    add(path, 040755, {});
}

void NewcArchive::addFile(const QString &path, const QByteArray &content, bool executable)
{
    add(path, executable ? 0100755 : 0100644, content);
}

void NewcArchive::addSymlink(const QString &path, const QString &target)
{
    add(path, 0120777, target.toUtf8());
}

QByteArray NewcArchive::finish()
{
    add(QStringLiteral("TRAILER!!!"), 0, {});
    return m_bytes;
}

QString ImagingEnvironment::find(ImagingEnvironment *out)
{
    const QStringList kernels = QDir(QStringLiteral("/boot"))
                                    .entryList({QStringLiteral("vmlinuz-*")}, QDir::Files, QDir::Name | QDir::Reversed);
    for (const QString &k : kernels) {
        const QString release = k.mid(QStringLiteral("vmlinuz-").size());
        const QString driver =
            QStringLiteral("/lib/modules/%1/kernel/drivers/net/ethernet/intel/e1000/e1000.ko").arg(release);
        if (QFileInfo::exists(driver)) {
            out->kernelPath = QStringLiteral("/boot/") + k;
            out->release = release;
            out->driverPath = driver;
            break;
        }
    }
    const QString modules = QStringLiteral("/lib/modules/%1/kernel/").arg(out->release);
    for (const char *m :
         {"drivers/virtio/virtio_ring.ko", "drivers/virtio/virtio.ko", "drivers/virtio/virtio_pci_legacy_dev.ko",
          "drivers/virtio/virtio_pci_modern_dev.ko", "drivers/virtio/virtio_pci.ko", "net/core/failover.ko",
          "drivers/net/net_failover.ko", "drivers/net/virtio_net.ko"}) {
        if (QFileInfo::exists(modules + QLatin1String(m)))
            out->virtioModules << modules + QLatin1String(m);
    }
    if (out->kernelPath.isEmpty())
        return QStringLiteral("needs a Debian kernel with its e1000 module (apt-get install --no-install-recommends "
                              "linux-image-amd64)");
    for (const char *p : {"/bin/busybox", "/usr/bin/busybox"}) {
        if (QFileInfo::exists(QLatin1String(p)))
            out->busyboxPath = QLatin1String(p);
    }
    if (out->busyboxPath.isEmpty())
        return QStringLiteral("needs busybox-static");
    return {};
}

QByteArray ImagingEnvironment::initScript()
{
    // The imaging environment's init: network up, the optional driver update over TFTP (its
    // absence is normal), then work / progress / result through the engine API with the token
    // from the kernel command line, and power off.
    static const char script[] = R"SH(#!/bin/busybox sh
/bin/busybox mkdir -p /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "bootbench-e2e: init started"
for arg in $(cat /proc/cmdline); do
  case "$arg" in
    bootbench.server=*) SERVER="${arg#bootbench.server=}" ;;
    bootbench.token=*) TOKEN="${arg#bootbench.token=}" ;;
    bootbench.mac=*) MAC="${arg#bootbench.mac=}" ;;
    bootbench.mode=*) MODE="${arg#bootbench.mode=}" ;;
  esac
done
[ -f /etc/bootbench-root ] && echo "bootbench-e2e: root archive loaded"
# UEFI: whether Secure Boot was on (the kernel says so; efivarfs is a module here) and lockdown.
if [ -d /sys/firmware/efi ]; then
  mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
  SB=off; dmesg | grep -q "secureboot: Secure boot enabled" && SB=on
  echo "bootbench-e2e: secure boot $SB, lockdown $(cat /sys/kernel/security/lockdown 2>/dev/null || echo unknown)"
fi
# The NIC driver: e1000 (BIOS VM) or virtio-net with its dependencies (UEFI VM), in load order.
for m in $(cat /lib/modules/order); do insmod "/lib/modules/$m" 2>/dev/null; done
ip link set lo up
ip link set eth0 up
udhcpc -i eth0 -s /usr/share/udhcpc/default.script -q -n -t 10 -T 1 || echo "bootbench-e2e: dhcp failed"
HOST=${SERVER#http://}; HOST=${HOST%%:*}
AUTH="Authorization: Bearer $TOKEN"
JSON="Content-Type: application/json"
API="$SERVER/api/v1/devices/$MAC"
if tftp -g -r boot/updateDrivers.tgz -l /tmp/updateDrivers.tgz "$HOST" 2>/dev/null; then
  echo "bootbench-e2e: driver update found"
else
  echo "bootbench-e2e: no driver update (normal)"
fi
if [ "$MODE" = work ] && wget -q -O /tmp/work --header "$AUTH" "$API/work"; then
  echo "bootbench-e2e: work $(cat /tmp/work)"
  # The bundle's image from the image port: a first try cut off after 100000 bytes, resumed with
  # Range (wget -c), checked against the sha256 the work names.
  URL=$(sed -n 's/.*"url":"\([^"]*\)".*/\1/p' /tmp/work)
  SUM=$(sed -n 's/.*"sha256":"\([0-9a-f]*\)".*/\1/p' /tmp/work)
  if [ -n "$URL" ]; then
    wget -q -O - --header "$AUTH" "$URL" 2>/dev/null | head -c 100000 > /tmp/image
    if wget -q -c -O /tmp/image --header "$AUTH" "$URL" && [ "$(sha256sum /tmp/image | cut -d' ' -f1)" = "$SUM" ]; then
      echo "bootbench-e2e: image fetched with Range, sha256 ok ($(wc -c < /tmp/image) bytes)"
    else
      echo "bootbench-e2e: image fetch failed ($(wc -c < /tmp/image) bytes)"
    fi
  fi
  wget -q -O /dev/null --header "$AUTH" --header "$JSON" --post-data '{"stage":"restore","percent":50}' "$API/progress"
  wget -q -O /dev/null --header "$AUTH" --header "$JSON" --post-data '{"success":true,"message":"e2e image laid down"}' "$API/result" && echo "bootbench-e2e: result posted"
else
  echo "bootbench-e2e: no work ($MODE)"
fi
echo "bootbench-e2e: powering off"
poweroff -f
)SH";
    return QByteArray(script);
}

bool ImagingEnvironment::writeTo(const QString &tftpRoot, QString *error) const
{
    const QByteArray kernel = readFile(kernelPath);
    const QByteArray busybox = readFile(busyboxPath);
    const QByteArray driver = readFile(driverPath);
    if (kernel.isEmpty() || busybox.isEmpty() || driver.isEmpty()) {
        *error = QStringLiteral("cannot read %1, %2 or %3").arg(kernelPath, busyboxPath, driverPath);
        return false;
    }
    NewcArchive initrd;
    for (const char *d :
         {"bin", "dev", "proc", "sys", "tmp", "etc", "lib", "lib/modules", "usr", "usr/share", "usr/share/udhcpc"})
        initrd.addDirectory(QLatin1String(d));
    initrd.addFile(QStringLiteral("bin/busybox"), busybox, true);
    initrd.addSymlink(QStringLiteral("bin/sh"), QStringLiteral("busybox"));
    initrd.addFile(QStringLiteral("lib/modules/e1000.ko"), driver);
    QStringList order{QStringLiteral("e1000.ko")};
    for (const QString &m : virtioModules) {
        const QString name = QFileInfo(m).fileName();
        initrd.addFile(QStringLiteral("lib/modules/") + name, readFile(m));
        order << name;
    }
    initrd.addFile(QStringLiteral("lib/modules/order"), order.join(QLatin1Char('\n')).toUtf8() + '\n');
    initrd.addFile(QStringLiteral("init"), initScript(), true);
    initrd.addFile(QStringLiteral("usr/share/udhcpc/default.script"),
                   "#!/bin/sh\ncase \"$1\" in bound|renew) ip addr add $ip/${mask:-24} dev $interface ;; esac\n", true);
    NewcArchive root;
    root.addDirectory(QStringLiteral("etc"));
    root.addFile(QStringLiteral("etc/bootbench-root"), "the /boot/root archive of the e2e test\n");
    const QString boot = tftpRoot + QStringLiteral("/boot/");
    if (!writeFile(boot + QStringLiteral("kernel"), kernel) ||
        !writeFile(boot + QStringLiteral("initrd"), initrd.finish()) ||
        !writeFile(boot + QStringLiteral("root"), root.finish())) {
        *error = QStringLiteral("cannot write the imaging environment into %1").arg(boot);
        return false;
    }
    return true;
}

} // namespace e2e
