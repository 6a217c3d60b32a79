#include "e2evm.h"

#include "netnslab.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocalSocket>
#include <QTest>

namespace e2e {

Screen Screen::fromPpm(const QByteArray &ppm)
{
    Screen s;
    // "P6\n<w> <h>\n255\n" then the pixels
    const QList<QByteArray> head = ppm.left(64).split('\n');
    if (head.size() < 4 || head[0] != "P6")
        return s;
    const QList<QByteArray> wh = head[1].split(' ');
    if (wh.size() != 2)
        return s;
    const int offset = head[0].size() + head[1].size() + head[2].size() + 3;
    s.width = wh[0].toInt();
    s.height = wh[1].toInt();
    s.rgb = ppm.mid(offset);
    if (s.rgb.size() < qsizetype(s.width) * s.height * 3)
        return Screen();
    return s;
}

double Screen::share(quint8 r, quint8 g, quint8 b) const
{
    if (isNull())
        return 0;
    qsizetype hits = 0;
    const qsizetype n = qsizetype(width) * height;
    const auto *p = reinterpret_cast<const quint8 *>(rgb.constData());
    for (qsizetype i = 0; i < n; ++i, p += 3)
        hits += (p[0] == r && p[1] == g && p[2] == b) ? 1 : 0;
    return double(hits) / double(n);
}

Accelerator Accelerator::choose(const QString &kernelPath, const QString &initrdPath, const QString &workDir,
                                const QByteArray &initLine)
{
    const QByteArray forced = qgetenv("BOOTBENCH_E2E_ACCEL");
    if (forced == "kvm" || forced == "tcg")
        return {QString::fromLatin1(forced), QStringLiteral("BOOTBENCH_E2E_ACCEL=%1").arg(QLatin1String(forced))};
    QFile kvm(QStringLiteral("/dev/kvm"));
    if (!kvm.open(QIODevice::ReadWrite))
        return {QStringLiteral("tcg"), QStringLiteral("no usable /dev/kvm")};
    kvm.close();
    // The imaging environment itself must reach its init under KVM. Measured on a paravirtual
    // KVM: the kernel's real-mode setup still prints ("Probing EDD ... ok"), then nothing more.
    const QString log = QDir(workDir).filePath(QStringLiteral("kvm-probe.log"));
    QFile::remove(log);
    QProcess qemu;
    qemu.setProcessChannelMode(QProcess::MergedChannels);
    qemu.start(QStringLiteral("qemu-system-x86_64"),
               {QStringLiteral("-accel"), QStringLiteral("kvm"), QStringLiteral("-m"), QStringLiteral("256"),
                QStringLiteral("-display"), QStringLiteral("none"), QStringLiteral("-no-reboot"),
                QStringLiteral("-nic"), QStringLiteral("none"), QStringLiteral("-serial"),
                QStringLiteral("file:") + log, QStringLiteral("-kernel"), kernelPath, QStringLiteral("-initrd"),
                initrdPath, QStringLiteral("-append"), QStringLiteral("console=ttyS0 quiet panic=-1")});
    if (!qemu.waitForStarted(5000))
        return {QStringLiteral("tcg"), QStringLiteral("QEMU did not start with KVM")};
    const auto initStarted = [&] {
        QFile f(log);
        return f.open(QIODevice::ReadOnly) && f.readAll().contains(initLine);
    };
    // Under a working KVM init runs within a second or two; 10 s leaves room for a loaded machine.
    const bool works =
        QTest::qWaitFor([&] { return initStarted() || qemu.state() == QProcess::NotRunning; }, 10000) && initStarted();
    qemu.kill();
    qemu.waitForFinished(5000);
    if (works)
        return {QStringLiteral("kvm"), QStringLiteral("the imaging kernel reached its init under KVM")};
    QFile f(log);
    const QString seen =
        f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).simplified().right(80) : QString();
    return {QStringLiteral("tcg"),
            QStringLiteral("/dev/kvm is there but the imaging kernel did not reach its init under it in 10 s "
                           "(paravirtual KVM?; serial: \"%1\")")
                .arg(seen)};
}

QString Vm::ovmfCode()
{
    for (const char *p : {"/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/OVMF/OVMF_CODE.fd"}) {
        if (QFileInfo::exists(QLatin1String(p)))
            return QLatin1String(p);
    }
    return {};
}

QString Vm::ovmfSecureBootCode()
{
    const QString code = QStringLiteral("/usr/share/OVMF/OVMF_CODE_4M.ms.fd");
    return QFileInfo::exists(code) && QFileInfo::exists(QStringLiteral("/usr/share/OVMF/OVMF_VARS_4M.ms.fd"))
               ? code
               : QString();
}

Vm::Vm(NetnsLab &lab, const QString &switchRole, const QString &workDir, const QString &tag, const QString &mac,
       Firmware firmware)
    : m_lab(lab)
    , m_switch(switchRole)
    , m_work(workDir)
    , m_tag(tag)
    , m_mac(mac)
    , m_firmware(firmware)
{
    m_monitorPath = QDir(m_work).filePath(m_tag + QStringLiteral(".monitor"));
    m_serialPath = QDir(m_work).filePath(m_tag + QStringLiteral("-serial.log"));
    m_serialSocketPath = QDir(m_work).filePath(m_tag + QStringLiteral(".serial"));
    m_screenPath = QDir(m_work).filePath(m_tag + QStringLiteral("-screen.ppm"));
    m_diskPath = QDir(m_work).filePath(m_tag + QStringLiteral("-disk.img"));
}

Vm::~Vm()
{
    stop();
}

bool Vm::start(QString *error)
{
    QFile::remove(m_monitorPath);
    QFile::remove(m_serialPath);
    QFile::remove(m_serialSocketPath);
    const QString &disk = m_diskPath;
    if (!QFileInfo::exists(disk)) {
        QFile f(disk);
        if (!f.open(QIODevice::WriteOnly) || !f.resize(16 * 1024 * 1024)) {
            *error = QStringLiteral("cannot create %1").arg(disk);
            return false;
        }
    }
    QStringList args{
        QStringLiteral("-accel"), s_accel, QStringLiteral("-m"), QStringLiteral("384"), QStringLiteral("-display"),
        QStringLiteral("none"), QStringLiteral("-no-reboot"),
        // The serial port: what the guest writes goes to the log file, the test
        // types into the socket (writeSerial).
        QStringLiteral("-chardev"),
        QStringLiteral("socket,id=ser0,path=%1,server=on,wait=off,logfile=%2").arg(m_serialSocketPath, m_serialPath),
        QStringLiteral("-serial"), QStringLiteral("chardev:ser0"), QStringLiteral("-monitor"),
        QStringLiteral("unix:%1,server,nowait").arg(m_monitorPath), QStringLiteral("-netdev"),
        QStringLiteral("tap,id=n0,ifname=%1,script=no,downscript=no").arg(m_tap), QStringLiteral("-drive"),
        QStringLiteral("file=%1,format=raw,if=ide").arg(disk)};
    if (m_firmware != Firmware::Bios) {
        const bool secure = m_firmware == Firmware::UefiSecureBoot;
        const QString code = secure ? ovmfSecureBootCode() : ovmfCode();
        const QString vars = QDir(m_work).filePath(m_tag + QStringLiteral("-vars.fd"));
        const QString varsTemplate = QString(code).replace(QStringLiteral("CODE"), QStringLiteral("VARS"));
        QFile::remove(vars);
        if (code.isEmpty() || !QFile::copy(varsTemplate, vars)) {
            *error = QStringLiteral("needs OVMF (package ovmf): %1").arg(varsTemplate);
            return false;
        }
        if (secure)
            args << QStringLiteral("-global") << QStringLiteral("driver=cfi.pflash01,property=secure,value=on");
        args << QStringLiteral("-machine") << (secure ? QStringLiteral("q35,smm=on") : QStringLiteral("q35"))
             << QStringLiteral("-drive") << QStringLiteral("if=pflash,format=raw,readonly=on,file=") + code
             << QStringLiteral("-drive") << QStringLiteral("if=pflash,format=raw,file=") + vars
             << QStringLiteral("-device")
             << QStringLiteral("virtio-net-pci,netdev=n0,romfile=,bootindex=1,mac=") + m_mac;
    } else {
        args << QStringLiteral("-device") << QStringLiteral("e1000,netdev=n0,mac=") + m_mac << QStringLiteral("-boot")
             << QStringLiteral("n");
    }
    m_process = m_lab.start(m_switch, QStringLiteral("qemu-system-x86_64"), args);
    if (!m_process || !m_process->waitForStarted(5000)) {
        *error = QStringLiteral("qemu-system-x86_64 did not start: %1").arg(m_lab.lastError());
        return false;
    }
    const bool monitorUp = QTest::qWaitFor([this] { return QFileInfo::exists(m_monitorPath) || !running(); }, 10000);
    if (!monitorUp || !running()) {
        *error = QStringLiteral("QEMU stopped at once: %1").arg(QString::fromLocal8Bit(m_process->readAll()));
        return false;
    }
    return true;
}

bool Vm::running() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

bool Vm::waitForExit(int ms)
{
    return QTest::qWaitFor([this] { return !running(); }, ms);
}

void Vm::stop()
{
    m_serialInput.reset();
    if (!running())
        return;
    m_process->kill();
    m_process->waitForFinished(5000);
}

QString Vm::serial() const
{
    QFile f(m_serialPath);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

bool Vm::writeSerial(const QByteArray &text)
{
    // One connection for the VM's life: QEMU reads from it only as fast as the guest's UART takes
    // bytes, and drops what is unread when the connection closes. What QEMU sends back on it is
    // the same as the log file's and is discarded.
    if (!m_serialInput) {
        m_serialInput = std::make_unique<QLocalSocket>();
        QObject::connect(m_serialInput.get(), &QLocalSocket::readyRead, m_serialInput.get(),
                         [socket = m_serialInput.get()] { socket->readAll(); });
        m_serialInput->connectToServer(m_serialSocketPath);
        if (!m_serialInput->waitForConnected(2000)) {
            m_serialInput.reset();
            return false;
        }
    }
    if (m_serialInput->write(text) != text.size())
        return false;
    while (m_serialInput->bytesToWrite() > 0) {
        if (!m_serialInput->waitForBytesWritten(2000))
            return false;
    }
    return true;
}

QByteArray Vm::monitor(const QString &command, int ms)
{
    QLocalSocket socket;
    socket.connectToServer(m_monitorPath);
    if (!socket.waitForConnected(2000))
        return {};
    QByteArray out;
    // The banner ends with the first prompt; the command's output ends with the next one.
    const bool banner = QTest::qWaitFor(
        [&] {
            socket.waitForReadyRead(50);
            out += socket.readAll();
            return out.contains("(qemu)");
        },
        ms);
    if (!banner)
        return {};
    out.clear();
    socket.write(command.toUtf8() + '\n');
    socket.flush();
    (void)QTest::qWaitFor(
        [&] {
            socket.waitForReadyRead(50);
            out += socket.readAll();
            return out.count("(qemu)") >= 1 && out.contains('\n');
        },
        ms);
    return out.isEmpty() ? QByteArray(" ") : out;
}

bool Vm::sendKeys(const QStringList &keys)
{
    for (const QString &k : keys) {
        if (monitor(QStringLiteral("sendkey ") + k).isEmpty())
            return false;
    }
    return true;
}

Screen Vm::screen()
{
    QFile::remove(m_screenPath);
    if (monitor(QStringLiteral("screendump ") + m_screenPath).isEmpty())
        return {};
    QFile f(m_screenPath);
    return f.open(QIODevice::ReadOnly) ? Screen::fromPpm(f.readAll()) : Screen();
}

QStringList Vm::screenText()
{
    const QString dump = QDir(m_work).filePath(m_tag + QStringLiteral("-text.bin"));
    QFile::remove(dump);
    if (monitor(QStringLiteral("pmemsave 0xb8000 4000 \"%1\"").arg(dump)).isEmpty())
        return {};
    QFile f(dump);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray cells = f.readAll();
    if (cells.size() < 4000)
        return {};
    QStringList lines;
    for (int row = 0; row < 25; ++row) {
        QString line;
        for (int col = 0; col < 80; ++col) {
            const auto c = quint8(cells[(row * 80 + col) * 2]);
            line += (c >= 0x20 && c < 0x7f) ? QChar(c) : QLatin1Char(' '); // box drawing etc. as blanks
        }
        while (line.endsWith(QLatin1Char(' ')))
            line.chop(1);
        lines << line;
    }
    return lines;
}

} // namespace e2e
