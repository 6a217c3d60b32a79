// Folder images end to end (docs/images.md): loop devices with real file systems are taken by the
// real bootbench-engine into a real `bootbench serve` on loopback, then restored onto blank loop
// devices of the same size and larger, and compared: the table, clean fsck, every file's SHA-256,
// the raw partition byte for byte, the GPT backup header. Damaged images and a small disk fail
// with a reason naming the part. Needs root (loop devices, mounts).
#include "model/bundleactions.h"
#include "policy/devicetoken.h"
#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/devicerepository.h"
#include "store/settingsrepository.h"
#include "store/store.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

#include <functional>

using namespace bootbench;

namespace {

const QString kMac = QStringLiteral("52:54:00:11:22:33");
const QString kSecret = QStringLiteral("imaging-test-secret");
constexpr qint64 kMiB = 1024 * 1024;

struct Run
{
    int exitCode = -1;
    QByteArray output;
};

Run run(const QString &program, const QStringList &args, const QByteArray &input = {},
        const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(), int timeoutMs = 300000)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    Run r;
    if (!p.waitForStarted(10000)) {
        r.output = "cannot start " + program.toUtf8() + ": " + p.errorString().toUtf8();
        return r;
    }
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs))
        p.kill();
    p.waitForFinished(5000);
    r.output = p.readAll();
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return r;
}

bool ok(const QString &program, const QStringList &args, QByteArray *output = nullptr, const QByteArray &input = {})
{
    const Run r = run(program, args, input);
    if (output)
        *output = r.output;
    if (r.exitCode != 0)
        qWarning("%s %s failed (%d): %s", qPrintable(program), qPrintable(args.join(QLatin1Char(' '))), r.exitCode,
                 r.output.constData());
    return r.exitCode == 0;
}

QProcessEnvironment mtoolsEnv()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("MTOOLS_SKIP_CHECK"), QStringLiteral("1"));
    return env;
}

quint16 freePort()
{
    QTcpServer s;
    return s.listen(QHostAddress::LocalHost, 0) ? s.serverPort() : 0;
}

QByteArray randomBytes(qint64 size, quint32 seed)
{
    QRandomGenerator g(seed);
    QByteArray b(size, Qt::Uninitialized);
    for (qint64 i = 0; i + 4 <= size; i += 4) {
        const quint32 v = g.generate();
        memcpy(b.data() + i, &v, 4);
    }
    return b;
}

QString sha(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

// A loop device over a sparse file, removed (with its partitions) when it goes.
class LoopDisk
{
public:
    LoopDisk(const QString &file, qint64 bytes)
        : m_file(file)
    {
        QFile f(file);
        if (f.open(QIODevice::WriteOnly) && f.resize(bytes)) {
            f.close();
            QByteArray out;
            if (ok(QStringLiteral("losetup"), {QStringLiteral("-f"), QStringLiteral("--show"), file}, &out))
                m_dev = QString::fromUtf8(out).trimmed();
        }
    }
    ~LoopDisk()
    {
        if (!m_dev.isEmpty()) {
            run(QStringLiteral("umount"), {QStringLiteral("-q"), m_dev + QStringLiteral("p2")});
            run(QStringLiteral("partx"), {QStringLiteral("-d"), m_dev});
            run(QStringLiteral("losetup"), {QStringLiteral("-d"), m_dev});
        }
        QFile::remove(m_file);
    }
    LoopDisk(const LoopDisk &) = delete;
    LoopDisk &operator=(const LoopDisk &) = delete;
    QString dev() const { return m_dev; }
    QString part(int n) const { return m_dev + QStringLiteral("p") + QString::number(n); }
    bool partition(const QByteArray &script) const
    {
        return ok(QStringLiteral("sfdisk"), {QStringLiteral("-q"), m_dev}, nullptr, script) &&
               ok(QStringLiteral("partx"), {QStringLiteral("-a"), m_dev});
    }

private:
    QString m_file;
    QString m_dev;
};

// Every file below a folder: relative path -> SHA-256.
QMap<QString, QString> hashTree(const QString &root)
{
    QMap<QString, QString> out;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            out.insert(QDir(root).relativeFilePath(path), sha(f.readAll()));
    }
    return out;
}

// Files of a mounted file system (ext4 with `mount`, NTFS with `ntfs-3g`), read-only.
QMap<QString, QString> hashMounted(const QString &program, const QStringList &options, const QString &device,
                                   const QString &mountPoint)
{
    QDir().mkpath(mountPoint);
    if (!ok(program, options + QStringList{device, mountPoint}))
        return {};
    QMap<QString, QString> out = hashTree(mountPoint);
    out.remove(QStringLiteral("lost+found"));
    ok(QStringLiteral("umount"), {mountPoint});
    return out;
}

// Files of a FAT file system through mtools (this kernel mounts no vfat).
QMap<QString, QString> hashFat(const QString &device, const QStringList &files)
{
    QMap<QString, QString> out;
    for (const QString &f : files) {
        QProcess p; // stdout only: mtools' warnings on stderr are not the file
        p.setProcessEnvironment(mtoolsEnv());
        p.start(QStringLiteral("mtype"), {QStringLiteral("-i"), device, QStringLiteral("::/") + f});
        if (p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0)
            out.insert(f, sha(p.readAllStandardOutput()));
    }
    return out;
}

QByteArray readDevice(const QString &device, qint64 offset, qint64 size)
{
    QFile f(device);
    if (!f.open(QIODevice::ReadOnly) || !f.seek(offset))
        return {};
    return f.read(size);
}

// The partition lines and the label of an sfdisk dump, without device names and the last LBA
// (which differs on a larger disk by design).
QStringList tableOf(const QString &device)
{
    QByteArray dump;
    if (!ok(QStringLiteral("sfdisk"), {QStringLiteral("-d"), device}, &dump))
        return {};
    QStringList out;
    for (QString line : QString::fromUtf8(dump).split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("device:")) || line.startsWith(QLatin1String("last-lba:")) ||
            line.trimmed().isEmpty())
            continue;
        line.replace(QRegularExpression(QStringLiteral("^/dev/loop\\d+p")), QStringLiteral("p"));
        out << line;
    }
    return out;
}

// A TCP relay on loopback in this process. Each connection goes to `to`; the first connection that
// moves more than `cutAfter` bytes (either way) is cut there, once. With `rewrite`, what the server
// sends has `rewrite` applied (the same length, so Content-Length holds).
class CuttingProxy : public QObject
{
public:
    CuttingProxy(quint16 to, qint64 cutAfter, std::function<QByteArray(QByteArray)> rewrite = {})
        : m_to(to)
        , m_cutAfter(cutAfter)
        , m_rewrite(std::move(rewrite))
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_server.nextPendingConnection())
                relay(client);
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return m_server.serverPort(); }
    int cuts() const { return m_cuts; }

private:
    void relay(QTcpSocket *client)
    {
        auto *server = new QTcpSocket(client);
        auto *moved = new qint64(0);
        QObject::connect(client, &QObject::destroyed, [moved] { delete moved; });
        const auto cutIfDue = [this, client, server, moved](qint64 n) {
            *moved += n;
            if (m_cuts == 0 && m_cutAfter >= 0 && *moved > m_cutAfter) {
                ++m_cuts;
                server->abort();
                client->abort();
                return true;
            }
            return false;
        };
        QObject::connect(client, &QTcpSocket::readyRead, server, [client, server, cutIfDue] {
            const QByteArray data = client->readAll();
            if (!cutIfDue(data.size()))
                server->write(data);
        });
        QObject::connect(server, &QTcpSocket::readyRead, client, [this, client, server, cutIfDue] {
            const QByteArray data = server->readAll();
            if (m_rewrite)
                client->write(m_rewrite(data)); // the API's answers are small: one read each on loopback
            else if (!cutIfDue(data.size()))
                client->write(data);
        });
        QObject::connect(server, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
        QObject::connect(client, &QTcpSocket::disconnected, client, [client, server] {
            server->disconnectFromHost();
            client->deleteLater();
        });
        server->connectToHost(QHostAddress::LocalHost, m_to);
    }

    QTcpServer m_server;
    quint16 m_to;
    qint64 m_cutAfter;
    std::function<QByteArray(QByteArray)> m_rewrite;
    int m_cuts = 0;
};

} // namespace

class TestImagingRoundTrip : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void gptRoundTrip();
    void mbrRoundTrip();
    void damagedImagesFail();
    void brokenConnectionsResume();
    void clonezillaFolderImports();
    void fogFolderImports();
    void badImportFoldersRefused();

private:
    bool addBundle(const QString &name, BundleKind kind, const QString &image, bool overwrite = false);
    // Assigns the bundle and runs the engine's work on `disk`; the engine's output.
    Run engine(const QString &bundle, const QString &disk);
    QString imageDir(const QString &image) const { return m_dir.filePath(QStringLiteral("images/") + image); }
    void makeGptSource(LoopDisk &disk);
    // Restores `image` onto a blank 128 MiB loop device and compares it with the GPT source.
    void restoreAndCompare(const QString &image, const QStringList &sourceTable);
    // `bootbench image import FOLDER --name NAME --json`.
    Run importFolder(const QString &folder, const QString &name);
    // Makes a Clonezilla and a FOG folder of the GPT source disk with those tools' commands.
    void makeForeignFolders();

    QTemporaryDir m_dir;
    QProcess m_serve;
    QByteArray m_serveOutput;
    quint16 m_httpPort = 0;
    quint16 m_imagePort = 0;
    std::unique_ptr<Store> m_store;
    QMap<QString, QString> m_extFiles, m_ntfsFiles, m_fatFiles;
    // The same files as a restore leaves them: the device's host name written in (docs/images.md).
    QMap<QString, QString> m_extRestored, m_ntfsRestored;
    QByteArray m_raw;
    QString m_clonezilla, m_fog;
    QStringList m_foreignTable;
};

void TestImagingRoundTrip::initTestCase()
{
    if (::geteuid() != 0)
        QSKIP("needs root: loop devices, partx and mounts");
    const QList<QPair<QString, QString>> tools{{QStringLiteral("sfdisk"), QStringLiteral("fdisk")},
                                               {QStringLiteral("sgdisk"), QStringLiteral("gdisk")},
                                               {QStringLiteral("partx"), QStringLiteral("util-linux")},
                                               {QStringLiteral("losetup"), QStringLiteral("mount")},
                                               {QStringLiteral("mkfs.vfat"), QStringLiteral("dosfstools")},
                                               {QStringLiteral("fsck.vfat"), QStringLiteral("dosfstools")},
                                               {QStringLiteral("mcopy"), QStringLiteral("mtools")},
                                               {QStringLiteral("mkntfs"), QStringLiteral("ntfs-3g")},
                                               {QStringLiteral("ntfs-3g"), QStringLiteral("ntfs-3g")},
                                               {QStringLiteral("ntfsfix"), QStringLiteral("ntfs-3g")},
                                               {QStringLiteral("mkfs.ext4"), QStringLiteral("e2fsprogs")},
                                               {QStringLiteral("e2fsck"), QStringLiteral("e2fsprogs")},
                                               {QStringLiteral("partclone.extfs"), QStringLiteral("partclone")},
                                               {QStringLiteral("zstd"), QStringLiteral("zstd")},
                                               {QStringLiteral("gzip"), QStringLiteral("gzip")},
                                               {QStringLiteral("split"), QStringLiteral("coreutils")},
                                               {QStringLiteral("partclone.chkimg"), QStringLiteral("partclone")},
                                               {QStringLiteral("blkid"), QStringLiteral("util-linux")}};
    for (const auto &[tool, package] : tools) {
        if (QStandardPaths::findExecutable(tool, {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin"),
                                                  QStringLiteral("/usr/bin"), QStringLiteral("/bin")})
                .isEmpty())
            QFAIL(qPrintable(QStringLiteral("%1 is missing: install the Debian package %2").arg(tool, package)));
    }
    QVERIFY(m_dir.isValid());
    DatabaseUrl url;
    url.path = m_dir.filePath(QStringLiteral("bootbench.db"));
    QString error;
    m_store = Store::open(url, &error);
    QVERIFY2(m_store, qPrintable(error));
    QVERIFY(SettingsRepository(*m_store).setValue(DeviceToken::settingKey(), kSecret, &error));
    Device d;
    d.mac = kMac;
    d.name = QStringLiteral("bench-01");
    d.imageSafe.hostName = QStringLiteral("lab-pc-07"); // what a restore writes into the restored system
    QVERIFY2(DeviceRepository(*m_store).add(d, &error), qPrintable(error));
    QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("images"))));
    QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("mnt"))));

    m_httpPort = freePort();
    const quint16 imagePort = freePort();
    m_imagePort = imagePort;
    QVERIFY(m_httpPort && imagePort && m_httpPort != imagePort);
    m_serve.setProcessChannelMode(QProcess::MergedChannels);
    bool running = false;
    connect(&m_serve, &QProcess::readyRead, this, [this, &running] {
        m_serveOutput += m_serve.readAll();
        running = running || m_serveOutput.contains("service policy: running");
    });
    m_serve.start(QStringLiteral(BOOTBENCH_EXECUTABLE),
                  {QStringLiteral("serve"), QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("--address"),
                   QStringLiteral("127.0.0.1"), QStringLiteral("--services"), QStringLiteral("policy"),
                   QStringLiteral("--http-port"), QString::number(m_httpPort), QStringLiteral("--image-port"),
                   QString::number(imagePort)});
    QVERIFY(m_serve.waitForStarted(10000));
    QTRY_VERIFY2_WITH_TIMEOUT(running, m_serveOutput.constData(), 20000);
    disconnect(&m_serve, &QProcess::readyRead, this, nullptr);
    connect(&m_serve, &QProcess::readyRead, this, [this] { m_serveOutput += m_serve.readAll(); });
}

void TestImagingRoundTrip::cleanupTestCase()
{
    if (m_serve.state() != QProcess::NotRunning) {
        m_serve.terminate();
        if (!m_serve.waitForFinished(10000))
            m_serve.kill();
    }
}

bool TestImagingRoundTrip::addBundle(const QString &name, BundleKind kind, const QString &image, bool overwrite)
{
    Bundle b;
    b.name = name;
    b.kind = kind;
    BundleAction a = defaultAction(actionTypesForKind(kind).constFirst());
    a.params.insert(QLatin1String(paramkey::kImage), image);
    a.params.insert(QLatin1String(paramkey::kDisk), QStringLiteral("auto"));
    a.params.insert(QLatin1String(paramkey::kFormat), QLatin1String(paramkey::kFormatFolder));
    if (kind == BundleKind::ImageTake)
        a.params.insert(QStringLiteral("overwrite"), overwrite);
    b.actions = {a};
    QString error;
    const bool added = BundleRepository(*m_store).add(b, &error);
    if (!added)
        qWarning("bundle %s: %s", qPrintable(name), qPrintable(error));
    return added;
}

Run TestImagingRoundTrip::engine(const QString &bundle, const QString &disk)
{
    QString error;
    if (!AssignmentRepository(*m_store).assign(kMac, bundle, false, &error))
        return {-1, error.toUtf8()};
    const QString token = DeviceToken::make(kSecret.toLatin1(), kMac);
    const QString cmdline = QStringLiteral("bootbench.server=http://127.0.0.1:%1 bootbench.mac=%2 bootbench.token=%3 "
                                           "bootbench.mode=work")
                                .arg(m_httpPort)
                                .arg(kMac, token);
    return run(QStringLiteral(BOOTBENCH_ENGINE_EXECUTABLE),
               {QStringLiteral("work"), QStringLiteral("--cmdline"), cmdline, QStringLiteral("--disk"), disk,
                QStringLiteral("--no-reboot")});
}

void TestImagingRoundTrip::makeGptSource(LoopDisk &disk)
{
    // 128 MiB: ESP (FAT32) 40 MiB, ext4 40 MiB, NTFS 32 MiB, 8 MiB of random bytes.
    QVERIFY(disk.partition("label: gpt\n"
                           "size=40MiB, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name=\"EFI system\"\n"
                           "size=40MiB, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=\"root\"\n"
                           "size=32MiB, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, name=\"windows\"\n"
                           "size=8MiB, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=\"raw\"\n"));
    // ESP: FAT32 with a folder and files, through mtools.
    QVERIFY(ok(QStringLiteral("mkfs.vfat"),
               {QStringLiteral("-F"), QStringLiteral("32"), QStringLiteral("-s"), QStringLiteral("1"),
                QStringLiteral("-n"), QStringLiteral("ESP"), disk.part(1)}));
    QTemporaryDir files;
    QVERIFY(files.isValid());
    QVERIFY(run(QStringLiteral("mmd"), {QStringLiteral("-i"), disk.part(1), QStringLiteral("::/EFI")}, {}, mtoolsEnv())
                .exitCode == 0);
    for (int i = 0; i < 4; ++i) {
        const QString name = QStringLiteral("EFI/BOOT%1.EFI").arg(i);
        const QByteArray data = randomBytes((i + 1) * 300 * 1024 + i, 100 + quint32(i));
        QFile f(files.filePath(QStringLiteral("f%1").arg(i)));
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(data) == data.size());
        f.close();
        QVERIFY(run(QStringLiteral("mcopy"),
                    {QStringLiteral("-i"), disk.part(1), f.fileName(), QStringLiteral("::/") + name}, {}, mtoolsEnv())
                    .exitCode == 0);
        m_fatFiles.insert(name, sha(data));
    }
    QCOMPARE(hashFat(disk.part(1), m_fatFiles.keys()), m_fatFiles);
    // ext4 with files in folders.
    QVERIFY(ok(QStringLiteral("mkfs.ext4"), {QStringLiteral("-q"), QStringLiteral("-F"), disk.part(2)}));
    const QString mnt = m_dir.filePath(QStringLiteral("mnt"));
    QVERIFY(QDir().mkpath(mnt));
    QVERIFY(ok(QStringLiteral("mount"), {disk.part(2), mnt}));
    for (int i = 0; i < 12; ++i) {
        const QString rel = QStringLiteral("dir%1/file%2.bin").arg(i % 3).arg(i);
        QDir().mkpath(QFileInfo(mnt + QLatin1Char('/') + rel).absolutePath());
        QFile f(mnt + QLatin1Char('/') + rel);
        const QByteArray data = i % 2 ? randomBytes(i * 200 * 1024 + 7, 200 + quint32(i))
                                      : QByteArray(i * 100 * 1024 + 3, char('a' + i)); // compressible
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(data) == data.size());
    }
    // A Linux root: /etc/hostname and /etc/hosts name the golden machine.
    QDir().mkpath(mnt + QStringLiteral("/etc"));
    const QByteArray hosts = "127.0.0.1\tlocalhost\n127.0.1.1\tgolden.example golden\n::1\tlocalhost ip6-localhost\n";
    for (const auto &[file, data] : {std::pair{QStringLiteral("/etc/hostname"), QByteArray("golden\n")},
                                     std::pair{QStringLiteral("/etc/hosts"), hosts}}) {
        QFile f(mnt + file);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(data) == data.size());
    }
    QVERIFY(ok(QStringLiteral("umount"), {mnt}));
    m_extFiles = hashMounted(QStringLiteral("mount"), {QStringLiteral("-o"), QStringLiteral("ro")}, disk.part(2), mnt);
    QCOMPARE(m_extFiles.size(), 14);
    m_extRestored = m_extFiles;
    m_extRestored.insert(QStringLiteral("etc/hostname"), sha("lab-pc-07\n"));
    m_extRestored.insert(QStringLiteral("etc/hosts"),
                         sha("127.0.0.1\tlocalhost\n127.0.1.1\tlab-pc-07\n::1\tlocalhost ip6-localhost\n"));
    // NTFS with files.
    QVERIFY(ok(QStringLiteral("mkntfs"), {QStringLiteral("-Q"), QStringLiteral("-F"), QStringLiteral("-L"),
                                          QStringLiteral("windows"), disk.part(3)}));
    QVERIFY(ok(QStringLiteral("ntfs-3g"), {disk.part(3), mnt}));
    for (int i = 0; i < 5; ++i) {
        const QString rel = QStringLiteral("Windows/System32/f%1.dll").arg(i);
        QDir().mkpath(QFileInfo(mnt + QLatin1Char('/') + rel).absolutePath());
        QFile f(mnt + QLatin1Char('/') + rel);
        const QByteArray data = randomBytes(i * 250 * 1024 + 11, 300 + quint32(i));
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(data) == data.size());
    }
    // Sysprepped: an answer file whose ComputerName a restore sets.
    const QByteArray unattend =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n"
        "  <settings pass=\"specialize\">\n    <component name=\"Microsoft-Windows-Shell-Setup\">\n"
        "      <ComputerName>GOLDEN</ComputerName>\n    </component>\n  </settings>\n</unattend>\n";
    QDir().mkpath(mnt + QStringLiteral("/Windows/Panther"));
    {
        QFile f(mnt + QStringLiteral("/Windows/Panther/unattend.xml"));
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(unattend) == unattend.size());
    }
    QVERIFY(ok(QStringLiteral("umount"), {mnt}));
    m_ntfsFiles =
        hashMounted(QStringLiteral("ntfs-3g"), {QStringLiteral("-o"), QStringLiteral("ro")}, disk.part(3), mnt);
    QCOMPARE(m_ntfsFiles.size(), 6);
    m_ntfsRestored = m_ntfsFiles;
    m_ntfsRestored.insert(QStringLiteral("Windows/Panther/unattend.xml"),
                          sha(QByteArray(unattend).replace("<ComputerName>GOLDEN<", "<ComputerName>lab-pc-07<")));
    // Random bytes: no file system, taken raw.
    m_raw = randomBytes(8 * kMiB, 42);
    QFile raw(disk.part(4));
    QVERIFY(raw.open(QIODevice::WriteOnly) && raw.write(m_raw) == m_raw.size());
    raw.close();
}

void TestImagingRoundTrip::gptRoundTrip()
{
    LoopDisk source(m_dir.filePath(QStringLiteral("source.img")), 128 * kMiB);
    QVERIFY(!source.dev().isEmpty());
    makeGptSource(source);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(addBundle(QStringLiteral("take-gpt"), BundleKind::ImageTake, QStringLiteral("gpt-image")));
    QElapsedTimer clock;
    clock.start();
    Run r = engine(QStringLiteral("take-gpt"), source.dev());
    const qint64 takeMs = clock.elapsed();
    QVERIFY2(r.exitCode == 0, r.output.constData());
    // The image folder: head, four streams (three partclone, one raw), the manifest.
    const QString folder = imageDir(QStringLiteral("gpt-image"));
    QFile manifestFile(folder + QStringLiteral("/manifest.json"));
    QVERIFY2(manifestFile.open(QIODevice::ReadOnly), r.output.constData());
    const QJsonObject manifest = QJsonDocument::fromJson(manifestFile.readAll()).object();
    QCOMPARE(manifest.value(QStringLiteral("disk")).toObject().value(QStringLiteral("table")).toString(),
             QStringLiteral("gpt"));
    QStringList streams;
    qint64 streamBytes = 0;
    for (const QJsonValue &v : manifest.value(QStringLiteral("partitions")).toArray()) {
        const QJsonObject p = v.toObject();
        streams << p.value(QStringLiteral("stream")).toString();
        QFile s(folder + QLatin1Char('/') + streams.constLast());
        QVERIFY(s.open(QIODevice::ReadOnly));
        QCOMPARE(s.size(), qint64(p.value(QStringLiteral("streamSize")).toDouble()));
        QCOMPARE(sha(s.readAll()), p.value(QStringLiteral("sha256")).toString());
        streamBytes += s.size();
    }
    QCOMPARE(streams, QStringList({QStringLiteral("p1.fat.pcl.zst"), QStringLiteral("p2.extfs.pcl.zst"),
                                   QStringLiteral("p3.ntfs.pcl.zst"), QStringLiteral("p4.raw.zst")}));
    QCOMPARE(QFileInfo(folder + QStringLiteral("/disk.head")).size(), kMiB);
    qInfo("take: 128 MiB disk, %lld bytes of streams in %lld ms", streamBytes, takeMs);
    // The image store sees it: listed, whole when verified.
    QByteArray out;
    QVERIFY(ok(QStringLiteral(BOOTBENCH_EXECUTABLE),
               {QStringLiteral("image"), QStringLiteral("list"), QStringLiteral("--json"), QStringLiteral("--data-dir"),
                m_dir.path()},
               &out));
    const QJsonArray listed = QJsonDocument::fromJson(out).array();
    QCOMPARE(listed.size(), 1);
    QCOMPARE(listed.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("gpt-image"));
    QCOMPARE(listed.at(0).toObject().value(QStringLiteral("partitions")).toArray().size(), 4);
    QVERIFY(ok(QStringLiteral(BOOTBENCH_EXECUTABLE),
               {QStringLiteral("image"), QStringLiteral("verify"), QStringLiteral("gpt-image"),
                QStringLiteral("--data-dir"), m_dir.path()},
               &out));

    QVERIFY(addBundle(QStringLiteral("restore-gpt"), BundleKind::ImageRestore, QStringLiteral("gpt-image")));
    for (const qint64 size : {128 * kMiB, 192 * kMiB}) {
        LoopDisk target(m_dir.filePath(QStringLiteral("target.img")), size);
        QVERIFY(!target.dev().isEmpty());
        clock.restart();
        r = engine(QStringLiteral("restore-gpt"), target.dev());
        const qint64 restoreMs = clock.elapsed();
        QVERIFY2(r.exitCode == 0, r.output.constData());
        qInfo("restore onto %lld MiB: %lld ms", size / kMiB, restoreMs);
        QCOMPARE(tableOf(target.dev()), tableOf(source.dev()));
        QByteArray verify;
        QVERIFY(ok(QStringLiteral("sgdisk"), {QStringLiteral("-v"), target.dev()}, &verify));
        QVERIFY2(verify.contains("No problems found"), verify.constData());
        // The backup header at the disk's last sector: "EFI PART" there.
        QCOMPARE(readDevice(target.dev(), size - 512, 8), QByteArray("EFI PART"));
        QVERIFY(ok(QStringLiteral("fsck.vfat"), {QStringLiteral("-n"), target.part(1)}));
        QVERIFY(ok(QStringLiteral("e2fsck"), {QStringLiteral("-f"), QStringLiteral("-n"), target.part(2)}));
        QVERIFY(ok(QStringLiteral("ntfsfix"), {QStringLiteral("-n"), target.part(3)}));
        QCOMPARE(hashFat(target.part(1), m_fatFiles.keys()), m_fatFiles);
        const QString mnt = m_dir.filePath(QStringLiteral("mnt"));
        QCOMPARE(
            hashMounted(QStringLiteral("mount"), {QStringLiteral("-o"), QStringLiteral("ro")}, target.part(2), mnt),
            m_extRestored);
        QCOMPARE(
            hashMounted(QStringLiteral("ntfs-3g"), {QStringLiteral("-o"), QStringLiteral("ro")}, target.part(3), mnt),
            m_ntfsRestored);
        const QByteArray linuxLine =
            "host name lab-pc-07 written to /etc/hostname and to /etc/hosts (127.0.1.1) on " + target.part(2).toUtf8();
        const QByteArray windowsLine =
            "computer name lab-pc-07 written to /Windows/Panther/unattend.xml (1 ComputerName element) on " +
            target.part(3).toUtf8();
        QVERIFY2(r.output.contains(linuxLine), r.output.constData());
        QVERIFY2(r.output.contains(windowsLine), r.output.constData());
        QCOMPARE(sha(readDevice(target.part(4), 0, m_raw.size())), sha(m_raw));
        QCOMPARE(readDevice(target.dev(), 0, 440), readDevice(source.dev(), 0, 440)); // boot code of disk.head
    }
}

void TestImagingRoundTrip::mbrRoundTrip()
{
    LoopDisk source(m_dir.filePath(QStringLiteral("mbr.img")), 64 * kMiB);
    QVERIFY(!source.dev().isEmpty());
    QVERIFY(source.partition("label: dos\nsize=36MiB, type=83, bootable\nsize=20MiB, type=c\n"));
    QVERIFY(ok(QStringLiteral("mkfs.ext4"), {QStringLiteral("-q"), QStringLiteral("-F"), source.part(1)}));
    QVERIFY(ok(QStringLiteral("mkfs.vfat"), {QStringLiteral("-n"), QStringLiteral("DATA"), source.part(2)}));
    const QString mnt = m_dir.filePath(QStringLiteral("mnt"));
    QVERIFY(ok(QStringLiteral("mount"), {source.part(1), mnt}));
    for (int i = 0; i < 6; ++i) {
        QFile f(mnt + QStringLiteral("/boot-%1").arg(i));
        const QByteArray data = randomBytes(i * 123 * 1024 + 5, 500 + quint32(i));
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(data) == data.size());
    }
    QVERIFY(ok(QStringLiteral("umount"), {mnt}));
    const QMap<QString, QString> files =
        hashMounted(QStringLiteral("mount"), {QStringLiteral("-o"), QStringLiteral("ro")}, source.part(1), mnt);
    QCOMPARE(files.size(), 6);
    // Boot code in the MBR and a boot loader's bytes in the gap before the first partition.
    const QByteArray bootCode = randomBytes(440, 7);
    const QByteArray gap = randomBytes(512 * 100, 8);
    {
        QFile d(source.dev());
        QVERIFY(d.open(QIODevice::ReadWrite));
        QVERIFY(d.seek(0) && d.write(bootCode) == 440);
        QVERIFY(d.seek(512) && d.write(gap) == gap.size());
    }
    QVERIFY(addBundle(QStringLiteral("take-mbr"), BundleKind::ImageTake, QStringLiteral("mbr-image")));
    Run r = engine(QStringLiteral("take-mbr"), source.dev());
    QVERIFY2(r.exitCode == 0, r.output.constData());
    QVERIFY(addBundle(QStringLiteral("restore-mbr"), BundleKind::ImageRestore, QStringLiteral("mbr-image")));
    LoopDisk target(m_dir.filePath(QStringLiteral("mbr-target.img")), 64 * kMiB);
    r = engine(QStringLiteral("restore-mbr"), target.dev());
    QVERIFY2(r.exitCode == 0, r.output.constData());
    QCOMPARE(tableOf(target.dev()), tableOf(source.dev()));
    QCOMPARE(readDevice(target.dev(), 0, 440), bootCode);
    QCOMPARE(readDevice(target.dev(), 512, gap.size()), gap);
    QVERIFY(ok(QStringLiteral("e2fsck"), {QStringLiteral("-f"), QStringLiteral("-n"), target.part(1)}));
    QVERIFY(ok(QStringLiteral("fsck.vfat"), {QStringLiteral("-n"), target.part(2)}));
    QCOMPARE(hashMounted(QStringLiteral("mount"), {QStringLiteral("-o"), QStringLiteral("ro")}, target.part(1), mnt),
             files);
}

void TestImagingRoundTrip::damagedImagesFail()
{
    // Copies of the MBR image, each damaged one way; the original stays as it is.
    const QString good = imageDir(QStringLiteral("mbr-image"));
    QVERIFY2(QFileInfo::exists(good + QStringLiteral("/manifest.json")), "mbrRoundTrip must run first");
    const auto copy = [&](const QString &name) {
        const QString to = imageDir(name);
        QDir().mkpath(to);
        for (const QString &f : QDir(good).entryList(QDir::Files))
            QFile::copy(good + QLatin1Char('/') + f, to + QLatin1Char('/') + f);
        return to;
    };
    const QMap<QString, QString> before = hashTree(good);
    {
        const QString d = copy(QStringLiteral("flipped"));
        QFile s(d + QStringLiteral("/p1.extfs.pcl.zst"));
        QVERIFY(s.open(QIODevice::ReadWrite));
        const qint64 at = s.size() / 2;
        QVERIFY(s.seek(at));
        const char c = char(s.read(1).at(0) ^ 0x01);
        QVERIFY(s.seek(at) && s.write(&c, 1) == 1);
    }
    {
        const QString d = copy(QStringLiteral("truncated"));
        QFile s(d + QStringLiteral("/p1.extfs.pcl.zst"));
        QVERIFY(s.resize(s.size() / 2));
    }
    QVERIFY(QFile::remove(copy(QStringLiteral("unfinished")) + QStringLiteral("/manifest.json")));

    LoopDisk target(m_dir.filePath(QStringLiteral("bad-target.img")), 64 * kMiB);
    QVERIFY(!target.dev().isEmpty());
    const QList<QPair<QString, QStringList>> cases{
        {QStringLiteral("flipped"), {QStringLiteral("partition 1 (p1.extfs.pcl.zst)"), QStringLiteral("SHA-256")}},
        {QStringLiteral("truncated"), {QStringLiteral("partition 1 (p1.extfs.pcl.zst)"), QStringLiteral("truncated")}},
        {QStringLiteral("unfinished"), {QStringLiteral("manifest.json"), QStringLiteral("not complete")}}};
    for (const auto &[image, words] : cases) {
        QVERIFY(addBundle(QStringLiteral("restore-") + image, BundleKind::ImageRestore, image));
        const Run r = engine(QStringLiteral("restore-") + image, target.dev());
        QVERIFY2(r.exitCode != 0, r.output.constData());
        for (const QString &w : words)
            QVERIFY2(r.output.contains(w.toUtf8()),
                     qPrintable(image + QStringLiteral(": no \"") + w + QStringLiteral("\" in:\n") +
                                QString::fromUtf8(r.output)));
        QString error;
        const auto a = AssignmentRepository(*m_store).forDevice(kMac, &error);
        QVERIFY(a);
        QCOMPARE(a->state, AssignmentState::Failed);
    }
    // Too small: refused before anything is written, naming both sizes.
    QVERIFY(addBundle(QStringLiteral("restore-gpt-small"), BundleKind::ImageRestore, QStringLiteral("gpt-image")));
    const QByteArray headBefore = readDevice(target.dev(), 0, kMiB);
    const Run r = engine(QStringLiteral("restore-gpt-small"), target.dev());
    QVERIFY2(r.exitCode != 0, r.output.constData());
    QVERIFY2(r.output.contains("too small") && r.output.contains(QByteArray::number(64 * kMiB)) &&
                 r.output.contains(QByteArray::number(128 * kMiB)),
             r.output.constData());
    QCOMPARE(readDevice(target.dev(), 0, kMiB), headBefore);
    QCOMPARE(hashTree(good), before);
    // The store's own check finds the damage too; an image a bundle uses is not removed.
    const Run verify = run(QStringLiteral(BOOTBENCH_EXECUTABLE),
                           {QStringLiteral("image"), QStringLiteral("verify"), QStringLiteral("flipped"),
                            QStringLiteral("--data-dir"), m_dir.path()});
    QCOMPARE(verify.exitCode, 1);
    QVERIFY2(verify.output.contains("p1.extfs.pcl.zst: its SHA-256 is"), verify.output.constData());
    const Run remove = run(QStringLiteral(BOOTBENCH_EXECUTABLE),
                           {QStringLiteral("image"), QStringLiteral("remove"), QStringLiteral("flipped"),
                            QStringLiteral("--data-dir"), m_dir.path()});
    QCOMPARE(remove.exitCode, 1);
    QVERIFY2(remove.output.contains("restore-flipped"), remove.output.constData());
    QVERIFY(QFileInfo::exists(imageDir(QStringLiteral("flipped")) + QStringLiteral("/manifest.json")));
}

void TestImagingRoundTrip::brokenConnectionsResume()
{
    // 24 MiB of random bytes (six 4 MiB pieces, one raw stream): the take's connection is cut in the
    // middle of a piece, the restore's in the middle of the download; both go on from where they were.
    LoopDisk source(m_dir.filePath(QStringLiteral("fault.img")), 40 * kMiB);
    QVERIFY(!source.dev().isEmpty());
    QVERIFY(source.partition("label: gpt\nsize=24MiB, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4\n"));
    const QByteArray data = randomBytes(24 * kMiB, 77);
    {
        QFile p(source.part(1));
        QVERIFY(p.open(QIODevice::WriteOnly) && p.write(data) == data.size());
    }
    // The engine talks to the API through one relay, which points the image URLs at a second relay
    // that cuts a connection after 2 MiB (in the middle of a 4 MiB piece).
    const auto runCut = [&](const QString &bundle, const QString &disk, QByteArray *output) {
        CuttingProxy images(m_imagePort, 2 * kMiB);
        const QByteArray from = ":" + QByteArray::number(m_imagePort) + "/";
        const QByteArray to = ":" + QByteArray::number(images.port()) + "/";
        CuttingProxy api(m_httpPort, -1, [from, to](QByteArray b) { return b.replace(from, to); });
        if (from.size() != to.size())
            return -2; // ports of different lengths: Content-Length would not hold
        QString error;
        if (!AssignmentRepository(*m_store).assign(kMac, bundle, false, &error))
            return -3;
        QProcess engine;
        engine.setProcessChannelMode(QProcess::MergedChannels);
        QSignalSpy finished(&engine, &QProcess::finished);
        engine.start(QStringLiteral(BOOTBENCH_ENGINE_EXECUTABLE),
                     {QStringLiteral("work"), QStringLiteral("--cmdline"),
                      QStringLiteral("bootbench.server=http://127.0.0.1:%1 bootbench.mac=%2 bootbench.token=%3")
                          .arg(api.port())
                          .arg(kMac, DeviceToken::make(kSecret.toLatin1(), kMac)),
                      QStringLiteral("--disk"), disk, QStringLiteral("--no-reboot")});
        if (!finished.wait(240000))
            engine.kill();
        *output = engine.readAll();
        return images.cuts() == 1 && engine.exitStatus() == QProcess::NormalExit ? engine.exitCode() : -1;
    };
    QVERIFY(addBundle(QStringLiteral("take-fault"), BundleKind::ImageTake, QStringLiteral("fault-image")));
    QByteArray out;
    int code = runCut(QStringLiteral("take-fault"), source.dev(), &out);
    QVERIFY2(code == 0, out.constData());
    QVERIFY2(out.contains("uploading p1.raw.zst again from byte"), out.constData());
    QVERIFY(QFileInfo::exists(imageDir(QStringLiteral("fault-image")) + QStringLiteral("/manifest.json")));

    QVERIFY(addBundle(QStringLiteral("restore-fault"), BundleKind::ImageRestore, QStringLiteral("fault-image")));
    LoopDisk target(m_dir.filePath(QStringLiteral("fault-target.img")), 40 * kMiB);
    code = runCut(QStringLiteral("restore-fault"), target.dev(), &out);
    QVERIFY2(code == 0, out.constData());
    QVERIFY2(out.contains("downloading p1.raw.zst again from byte"), out.constData());
    QCOMPARE(sha(readDevice(target.part(1), 0, data.size())), sha(data));
}

Run TestImagingRoundTrip::importFolder(const QString &folder, const QString &name)
{
    return run(QStringLiteral(BOOTBENCH_EXECUTABLE),
               {QStringLiteral("image"), QStringLiteral("import"), folder, QStringLiteral("--name"), name,
                QStringLiteral("--json"), QStringLiteral("--data-dir"), m_dir.path()});
}

void TestImagingRoundTrip::makeForeignFolders()
{
    if (!m_clonezilla.isEmpty())
        return;
    LoopDisk source(m_dir.filePath(QStringLiteral("foreign.img")), 128 * kMiB);
    QVERIFY(!source.dev().isEmpty());
    makeGptSource(source);
    if (QTest::currentTestFailed())
        return;
    m_foreignTable = tableOf(source.dev());
    const QString dev = source.dev();
    // Clonezilla (savedisk): the table files, the first sector, the hidden data after it, and
    // partclone streams through zstd or gzip, split into pieces .aa, .ab, … as `split` names them
    // (1 MiB pieces here, 4 GB by default in Clonezilla); the raw partition through partclone.dd.
    const QString cz = m_dir.filePath(QStringLiteral("foreign/clonezilla-2026-12-06-img"));
    QVERIFY(QDir().mkpath(cz));
    const QString czScript =
        QStringLiteral("set -euo pipefail; D=%1; cd %2\n"
                       "echo sda > disk; echo 'sda1 sda2 sda3 sda4' > parts\n"
                       "sfdisk -d $D > sda-pt.sf\n"
                       "dd if=$D of=sda-mbr bs=512 count=1 status=none\n"
                       "dd if=$D of=sda-hidden-data-after-mbr bs=512 skip=1 count=2047 status=none\n"
                       "partclone.vfat -c -s ${D}p1 -o - -L /dev/null 2>/dev/null | zstd -q -c | "
                       "split -a 2 -b 1m - sda1.vfat-ptcl-img.zst.\n"
                       "partclone.extfs -c -s ${D}p2 -o - -L /dev/null 2>/dev/null | zstd -q -c | "
                       "split -a 2 -b 1m - sda2.ext4-ptcl-img.zst.\n"
                       "partclone.ntfs -c -s ${D}p3 -o - -L /dev/null 2>/dev/null | gzip -c | "
                       "split -a 2 -b 1m - sda3.ntfs-ptcl-img.gz.\n"
                       "partclone.dd -s ${D}p4 -o - -L /dev/null 2>/dev/null | gzip -c | "
                       "split -a 2 -b 4096m - sda4.dd-ptcl-img.gz.\n")
            .arg(dev, cz);
    QByteArray out;
    QVERIFY2(ok(QStringLiteral("bash"), {QStringLiteral("-c"), czScript}, &out), out.constData());
    QVERIFY(QFileInfo::exists(cz + QStringLiteral("/sda2.ext4-ptcl-img.zst.ab"))); // really split
    QVERIFY(QFileInfo::exists(cz + QStringLiteral("/sda4.dd-ptcl-img.gz.aa")));
    // FOG: d1.partitions, d1.mbr (GPT: sgdisk's backup), d1pN.img through pigz/gzip or zstd,
    // split into .000, .001, … by `split -a 3 -d` (FOG's split formats); the partition without
    // a file system through partclone.imager, as FOG does.
    const QString fog = m_dir.filePath(QStringLiteral("foreign/fog-win11"));
    QVERIFY(QDir().mkpath(fog));
    const QString fogScript =
        QStringLiteral("set -euo pipefail; D=%1; cd %2\n"
                       "sfdisk -d $D > d1.partitions\n"
                       "sgdisk -b d1.mbr $D > /dev/null\n"
                       "partclone.fat -c -s ${D}p1 -o - -L /dev/null 2>/dev/null | gzip -c > d1p1.img\n"
                       "partclone.extfs -c -s ${D}p2 -o - -L /dev/null 2>/dev/null | zstd -q -c | "
                       "split -a 3 -d -b 1m - d1p2.img.\n"
                       "partclone.ntfs -c -s ${D}p3 -o - -L /dev/null 2>/dev/null | zstd -q -c > d1p3.img.000\n"
                       "partclone.imager -c -s ${D}p4 -o - -L /dev/null 2>/dev/null | gzip -c > d1p4.img\n")
            .arg(dev, fog);
    QVERIFY2(ok(QStringLiteral("bash"), {QStringLiteral("-c"), fogScript}, &out), out.constData());
    QVERIFY(QFileInfo::exists(fog + QStringLiteral("/d1p2.img.001")));
    m_clonezilla = cz;
    m_fog = fog;
}

void TestImagingRoundTrip::restoreAndCompare(const QString &image, const QStringList &sourceTable)
{
    QVERIFY(addBundle(QStringLiteral("restore-") + image, BundleKind::ImageRestore, image));
    LoopDisk target(m_dir.filePath(QStringLiteral("import-target.img")), 128 * kMiB);
    QVERIFY(!target.dev().isEmpty());
    const Run r = engine(QStringLiteral("restore-") + image, target.dev());
    QVERIFY2(r.exitCode == 0, r.output.constData());
    QCOMPARE(tableOf(target.dev()), sourceTable);
    QVERIFY(ok(QStringLiteral("fsck.vfat"), {QStringLiteral("-n"), target.part(1)}));
    QVERIFY(ok(QStringLiteral("e2fsck"), {QStringLiteral("-f"), QStringLiteral("-n"), target.part(2)}));
    QVERIFY(ok(QStringLiteral("ntfsfix"), {QStringLiteral("-n"), target.part(3)}));
    QCOMPARE(hashFat(target.part(1), m_fatFiles.keys()), m_fatFiles);
    const QString mnt = m_dir.filePath(QStringLiteral("mnt"));
    QCOMPARE(hashMounted(QStringLiteral("mount"), {QStringLiteral("-o"), QStringLiteral("ro")}, target.part(2), mnt),
             m_extRestored);
    QCOMPARE(hashMounted(QStringLiteral("ntfs-3g"), {QStringLiteral("-o"), QStringLiteral("ro")}, target.part(3), mnt),
             m_ntfsRestored);
    QCOMPARE(sha(readDevice(target.part(4), 0, m_raw.size())), sha(m_raw));
}

void TestImagingRoundTrip::clonezillaFolderImports()
{
    makeForeignFolders();
    if (QTest::currentTestFailed())
        return;
    const Run r = importFolder(m_clonezilla, QStringLiteral("from-clonezilla"));
    QVERIFY2(r.exitCode == 0, r.output.constData());
    const QJsonObject image = QJsonDocument::fromJson(r.output).object();
    QCOMPARE(image.value(QStringLiteral("importedFrom")).toString(), QStringLiteral("clonezilla"));
    QStringList streams;
    for (const QJsonValue &v : image.value(QStringLiteral("partitions")).toArray())
        streams << v.toObject().value(QStringLiteral("stream")).toString();
    QCOMPARE(streams, QStringList({QStringLiteral("p1.fat.pcl.zst"), QStringLiteral("p2.extfs.pcl.zst"),
                                   QStringLiteral("p3.ntfs.pcl.zst"), QStringLiteral("p4.raw.zst")}));
    QVERIFY(ok(QStringLiteral(BOOTBENCH_EXECUTABLE),
               {QStringLiteral("image"), QStringLiteral("verify"), QStringLiteral("from-clonezilla"),
                QStringLiteral("--data-dir"), m_dir.path()}));
    restoreAndCompare(QStringLiteral("from-clonezilla"), m_foreignTable);
    // The boot code and the hidden data after the MBR came along.
    QCOMPARE(readDevice(imageDir(QStringLiteral("from-clonezilla")) + QStringLiteral("/disk.head"), 0, 440),
             readDevice(m_clonezilla + QStringLiteral("/sda-mbr"), 0, 440));
    // Exported and imported again: the same image under another name.
    const QString exported = m_dir.filePath(QStringLiteral("foreign/exported"));
    QVERIFY(ok(QStringLiteral(BOOTBENCH_EXECUTABLE),
               {QStringLiteral("image"), QStringLiteral("export"), QStringLiteral("from-clonezilla"), exported,
                QStringLiteral("--data-dir"), m_dir.path()}));
    QCOMPARE(hashTree(exported), hashTree(imageDir(QStringLiteral("from-clonezilla"))));
    const Run again = importFolder(exported, QStringLiteral("copies/again"));
    QVERIFY2(again.exitCode == 0, again.output.constData());
    QCOMPARE(QJsonDocument::fromJson(again.output).object().value(QStringLiteral("importedFrom")).toString(),
             QStringLiteral("bootbench"));
    QCOMPARE(hashTree(imageDir(QStringLiteral("copies/again"))), hashTree(exported));
    // Exporting into a folder that is not empty is refused and writes nothing.
    const Run refused = run(QStringLiteral(BOOTBENCH_EXECUTABLE),
                            {QStringLiteral("image"), QStringLiteral("export"), QStringLiteral("from-clonezilla"),
                             exported, QStringLiteral("--data-dir"), m_dir.path()});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.output.contains("not empty"), refused.output.constData());
}

void TestImagingRoundTrip::fogFolderImports()
{
    makeForeignFolders();
    if (QTest::currentTestFailed())
        return;
    const Run r = importFolder(m_fog, QStringLiteral("from-fog"));
    QVERIFY2(r.exitCode == 0, r.output.constData());
    const QJsonObject image = QJsonDocument::fromJson(r.output).object();
    QCOMPARE(image.value(QStringLiteral("importedFrom")).toString(), QStringLiteral("fog"));
    QCOMPARE(image.value(QStringLiteral("partitions")).toArray().size(), 4);
    restoreAndCompare(QStringLiteral("from-fog"), m_foreignTable);
}

void TestImagingRoundTrip::badImportFoldersRefused()
{
    makeForeignFolders();
    if (QTest::currentTestFailed())
        return;
    const auto copy = [&](const QString &from, const QString &name) {
        const QString to = m_dir.filePath(QStringLiteral("foreign/") + name);
        QDir().mkpath(to);
        for (const QString &f : QDir(from).entryList(QDir::Files))
            QFile::copy(from + QLatin1Char('/') + f, to + QLatin1Char('/') + f);
        return to;
    };
    const auto truncate = [](const QString &file) {
        QFile f(file);
        return f.resize(f.size() / 2);
    };
    const QString czGap = copy(m_clonezilla, QStringLiteral("cz-gap"));
    QVERIFY(QFile::remove(czGap + QStringLiteral("/sda2.ext4-ptcl-img.zst.ab")));
    const QString czShort = copy(m_clonezilla, QStringLiteral("cz-short"));
    QVERIFY(truncate(czShort + QStringLiteral("/sda2.ext4-ptcl-img.zst.aa")));
    const QString czCut = copy(m_clonezilla, QStringLiteral("cz-cut")); // the last piece cut short
    const QStringList ntfsPieces =
        QDir(czCut).entryList({QStringLiteral("sda3.ntfs-ptcl-img.gz.*")}, QDir::Files, QDir::Name);
    QVERIFY(ntfsPieces.size() >= 2);
    QVERIFY(truncate(czCut + QLatin1Char('/') + ntfsPieces.constLast()));
    const QString czNoTable = copy(m_clonezilla, QStringLiteral("cz-notable"));
    QVERIFY(QFile::remove(czNoTable + QStringLiteral("/sda-pt.sf")));
    const QString fogMissing = copy(m_fog, QStringLiteral("fog-missing"));
    QVERIFY(QFile::remove(fogMissing + QStringLiteral("/d1p3.img.000")));
    const QString fogCut = copy(m_fog, QStringLiteral("fog-cut"));
    QVERIFY(truncate(fogCut + QStringLiteral("/d1p1.img")));
    const QString bbDamaged = copy(imageDir(QStringLiteral("mbr-image")), QStringLiteral("bb-damaged"));
    {
        QFile s(bbDamaged + QStringLiteral("/p1.extfs.pcl.zst"));
        QVERIFY(s.open(QIODevice::ReadWrite) && s.seek(100));
        const char c = char(s.read(1).at(0) ^ 0x01);
        QVERIFY(s.seek(100) && s.write(&c, 1) == 1);
    }
    const QString images = m_dir.filePath(QStringLiteral("images"));
    const auto storeState = [&] {
        QStringList all;
        QDirIterator it(images, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext())
            all << it.next();
        all.sort();
        return all;
    };
    const QStringList before = storeState();
    const QList<QPair<QString, QStringList>> cases{
        {czGap, {QStringLiteral("sda2.ext4-ptcl-img.zst.ab is missing")}},
        {czShort, {QStringLiteral("sda2.ext4-ptcl-img.zst.aa"), QStringLiteral("truncated")}},
        {czCut, {QStringLiteral("partition 3 (sda3.ntfs-ptcl-img.gz.aa"), QStringLiteral("truncated")}},
        {czNoTable, {QStringLiteral("sda-pt.sf is missing")}},
        {fogMissing, {QStringLiteral("d1p3.img"), QStringLiteral("missing")}},
        {fogCut, {QStringLiteral("partition 1 (d1p1.img)"), QStringLiteral("truncated")}},
        {bbDamaged, {QStringLiteral("p1.extfs.pcl.zst"), QStringLiteral("SHA-256")}}};
    for (const auto &[folder, words] : cases) {
        const Run r = importFolder(folder, QStringLiteral("refused"));
        QVERIFY2(r.exitCode == 1, r.output.constData());
        for (const QString &w : words)
            QVERIFY2(r.output.contains(w.toUtf8()),
                     qPrintable(folder + QStringLiteral(": no \"") + w + QStringLiteral("\" in:\n") +
                                QString::fromUtf8(r.output)));
        QCOMPARE(storeState(), before); // nothing half-written, no .import-* left
    }
    // An image of that name exists already: refused, naming it.
    const Run exists = importFolder(m_fog, QStringLiteral("from-fog"));
    QCOMPARE(exists.exitCode, 1);
    QVERIFY2(exists.output.contains("exists already"), exists.output.constData());
    QCOMPARE(storeState(), before);
}

QTEST_GUILESS_MAIN(TestImagingRoundTrip)
#include "tst_imaging_roundtrip.moc"
