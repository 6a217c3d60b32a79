#pragma once

#include <QByteArray>
#include <QLocalSocket>
#include <QProcess>
#include <QString>

#include <memory>

class NetnsLab;

namespace e2e {

// What a QEMU screendump shows (P6 PPM), reduced to what the test checks: how much of the
// screen has a colour.
struct Screen
{
    int width = 0;
    int height = 0;
    QByteArray rgb;

    static Screen fromPpm(const QByteArray &ppm);
    bool isNull() const { return width == 0; }
    // Fraction 0..1 of pixels with exactly this colour.
    double share(quint8 r, quint8 g, quint8 b) const;
};

// Which QEMU accelerator boots guests here. /dev/kvm may exist and still be useless: on a
// paravirtual (nested) KVM, QEMU starts but iPXE and Linux hang (the kernel's real-mode setup
// prints a line, then nothing). So KVM is used only when the imaging kernel and initramfs reach
// their init (its first line on the serial console is `initLine`) under it within 10 s; else TCG
// (software emulation).
// BOOTBENCH_E2E_ACCEL=kvm|tcg skips the probe.
struct Accelerator
{
    QString name;   // "kvm" or "tcg"
    QString reason; // why, for the log
    static Accelerator choose(const QString &kernelPath, const QString &initrdPath, const QString &workDir,
                              const QByteArray &initLine);
};

// One QEMU virtual machine on tap0 of the lab's switch namespace, with the accelerator chosen by
// Accelerator::choose (set once per run), serial console to a file, monitor on a Unix socket for
// sendkey, screendump and reads of the text screen.
class Vm
{
public:
    // Bios: SeaBIOS with QEMU's iPXE ROM on an e1000. Uefi: OVMF with its own PXE stack on a
    // virtio-net NIC without option ROM (OVMF has the virtio driver, not Intel's).
    // UefiSecureBoot: the same with OVMF's Secure Boot build and Microsoft's keys enrolled
    // (OVMF_CODE_4M.ms.fd / OVMF_VARS_4M.ms.fd; q35 with SMM, secure flash).
    enum class Firmware { Bios, Uefi, UefiSecureBoot };

    Vm(NetnsLab &lab, const QString &switchRole, const QString &workDir, const QString &tag, const QString &mac,
       Firmware firmware = Firmware::Bios);
    static QString ovmfCode();           // empty when OVMF is not installed
    static QString ovmfSecureBootCode(); // empty when OVMF's Secure Boot build is not installed
    static void setAccelerator(const QString &name) { s_accel = name; }
    ~Vm();

    // The bench switch's port: tap0 (default) or tap1, for a second machine running at once.
    void setTap(const QString &tap) { m_tap = tap; }
    bool start(QString *error);
    bool waitForExit(int ms); // the guest powered off
    void stop();
    bool running() const;
    QString serial() const; // console output so far
    // Types `text` on the serial port (QEMU's socket chardev; its output still goes to serial()).
    bool writeSerial(const QByteArray &text);
    // The machine's raw disk (16 MiB, kept between boots of the same tag): IDE on the BIOS
    // machine (ata_piix), AHCI on the UEFI q35 machine (ahci).
    QString diskPath() const { return m_diskPath; }

    // A monitor command; returns its output (empty on failure).
    QByteArray monitor(const QString &command, int ms = 5000);
    bool sendKeys(const QStringList &keys); // QEMU key names: "a", "ret", "down", ...
    Screen screen();
    QString screenshotPath() const { return m_screenPath; }
    // The text on a VGA text-mode screen (BIOS: SeaBIOS, iPXE), read from video memory at
    // 0xb8000: 25 lines of 80 characters, trailing blanks removed. Empty when it cannot be read.
    QStringList screenText();

private:
    NetnsLab &m_lab;
    const QString m_switch;
    const QString m_work;
    const QString m_tag;
    const QString m_mac;
    const Firmware m_firmware;
    QString m_tap = QStringLiteral("tap0");
    QString m_monitorPath;
    QString m_serialPath;
    QString m_serialSocketPath;
    std::unique_ptr<QLocalSocket> m_serialInput; // writeSerial's connection to the serial port
    QString m_screenPath;
    QString m_diskPath;
    QProcess *m_process = nullptr;
    static inline QString s_accel = QStringLiteral("tcg");
};

} // namespace e2e
