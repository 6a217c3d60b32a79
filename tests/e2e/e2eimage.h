#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

// The imaging environment of the end-to-end test, built from the machine's own Debian files:
// the kernel (linux-image-amd64), an initramfs with busybox-static and the e1000 driver whose
// init talks to the engine API, and a second archive standing for /boot/root.
namespace e2e {

// A "newc" cpio archive (what the kernel unpacks as initramfs).
class NewcArchive
{
public:
    void addDirectory(const QString &path);
    void addFile(const QString &path, const QByteArray &content, bool executable = false);
    void addSymlink(const QString &path, const QString &target);
    QByteArray finish(); // adds the trailer

private:
    void add(const QString &path, quint32 mode, const QByteArray &data);
    QByteArray m_bytes;
    quint32 m_ino = 1;
};

struct ImagingEnvironment
{
    QString kernelPath; // /boot/vmlinuz-<release>
    QString release;
    QString driverPath;        // e1000.ko of that release
    QStringList virtioModules; // virtio-net and what it needs, in load order (for the UEFI VM)
    QString busyboxPath;

    // Empty when everything is there, else what is missing (for QSKIP).
    static QString find(ImagingEnvironment *out);
    // Writes boot/kernel, boot/initrd and boot/root under tftpRoot.
    bool writeTo(const QString &tftpRoot, QString *error) const;
    static QByteArray initScript();
};

} // namespace e2e
