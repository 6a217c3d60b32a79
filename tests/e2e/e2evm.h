#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>

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

// One QEMU virtual machine on tap0 of the lab's switch namespace, TCG (the paravirtual /dev/kvm here hangs iPXE and
// Linux), serial console to a file, monitor on a Unix socket for sendkey and screendump.
class Vm
{
public:
    // Bios: SeaBIOS with QEMU's iPXE ROM on an e1000. Uefi: OVMF with its own PXE stack on a
    // virtio-net NIC without option ROM (OVMF has the virtio driver, not Intel's).
    enum class Firmware { Bios, Uefi };

    Vm(NetnsLab &lab, const QString &switchRole, const QString &workDir, const QString &tag, const QString &mac,
       Firmware firmware = Firmware::Bios);
    static QString ovmfCode(); // empty when OVMF is not installed
    ~Vm();

    bool start(QString *error);
    bool waitForExit(int ms); // the guest powered off
    void stop();
    bool running() const;
    QString serial() const; // console output so far

    // A monitor command; returns its output (empty on failure).
    QByteArray monitor(const QString &command, int ms = 5000);
    bool sendKeys(const QStringList &keys); // QEMU key names: "a", "ret", "down", ...
    Screen screen();
    QString screenshotPath() const { return m_screenPath; }

private:
    NetnsLab &m_lab;
    const QString m_switch;
    const QString m_work;
    const QString m_tag;
    const QString m_mac;
    const Firmware m_firmware;
    QString m_monitorPath;
    QString m_serialPath;
    QString m_screenPath;
    QProcess *m_process = nullptr;
};

} // namespace e2e
