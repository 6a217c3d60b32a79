#include "environmentbuilder.h"

#include "cpioarchive.h"
#include "elfdependencies.h"
#include "initscript.h"
#include "moduleindex.h"
#include "packagequery.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QSaveFile>
#include <QTemporaryDir>

namespace bootbench {

namespace {

bool readFile(const QString &path, QByteArray *out, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return false;
    }
    *out = f.readAll();
    return true;
}

// Debian 12 is merged-/usr: /lib, /bin and /sbin are links into /usr. The environment is laid
// out the same way, so a host path keeps its meaning.
QString inArchive(const QString &hostPath)
{
    for (const char *top : {"/lib/", "/lib64/", "/bin/", "/sbin/"}) {
        if (hostPath.startsWith(QLatin1String(top)))
            return QStringLiteral("usr") + hostPath;
    }
    return hostPath.mid(1);
}

bool addHostFile(CpioArchive &archive, const QString &hostPath, const QString &archivePath, QString *error)
{
    QByteArray content;
    if (!readFile(hostPath, &content, error))
        return false;
    const QFile::Permissions p = QFileInfo(hostPath).permissions();
    const bool executable = p & QFile::ExeOwner;
    archive.addFile(archivePath, content, executable ? 0755 : 0644);
    return true;
}

QString sha256(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

// zstd of `cpio`, kept in `cacheDir` under the archive's sha256: a rebuild whose archive did not
// change (the same bytes: the archives are reproducible) takes the compressed file from there.
bool compress(const QByteArray &cpio, int level, const QString &cacheDir, QStringList *used, QByteArray *out,
              QString *error)
{
    const QString cached =
        cacheDir.isEmpty() ? QString() : QDir(cacheDir).filePath(sha256(cpio) + QStringLiteral("-%1.zst").arg(level));
    if (!cached.isEmpty()) {
        *used << QFileInfo(cached).fileName();
        QFile f(cached);
        if (f.open(QIODevice::ReadOnly)) {
            *out = f.readAll();
            return true;
        }
    }
    QTemporaryDir dir;
    if (!dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary folder: %1").arg(dir.errorString());
        return false;
    }
    const QString in = dir.filePath(QStringLiteral("part.cpio"));
    const QString zst = dir.filePath(QStringLiteral("part.cpio.zst"));
    QFile f(in);
    if (!f.open(QIODevice::WriteOnly) || f.write(cpio) != cpio.size()) {
        *error = QStringLiteral("cannot write %1: %2").arg(in, f.errorString());
        return false;
    }
    f.close();
    QProcess p;
    p.start(QStringLiteral("zstd"),
            {QStringLiteral("-q"), QStringLiteral("-%1").arg(level), QStringLiteral("-T1"),
             QStringLiteral("--no-progress"), QStringLiteral("-f"), in, QStringLiteral("-o"), zst});
    if (!p.waitForStarted(10000)) {
        *error = QStringLiteral("cannot run zstd (package zstd): %1").arg(p.errorString());
        return false;
    }
    if (!p.waitForFinished(600000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("zstd failed on %1: %2").arg(in, QString::fromLocal8Bit(p.readAllStandardError()));
        return false;
    }
    if (!readFile(zst, out, error))
        return false;
    if (!cached.isEmpty() && QDir().mkpath(cacheDir)) {
        QSaveFile c(cached);
        if (c.open(QIODevice::WriteOnly) && c.write(*out) == out->size())
            c.commit(); // a cache that cannot be written only costs time
    }
    return true;
}

// Removes cached archives this build did not use.
void pruneCache(const QString &cacheDir, const QStringList &used)
{
    if (cacheDir.isEmpty())
        return;
    const QStringList files = QDir(cacheDir).entryList({QStringLiteral("*.zst")}, QDir::Files);
    for (const QString &f : files) {
        if (!used.contains(f))
            QFile::remove(QDir(cacheDir).filePath(f));
    }
}

// Writes `content` unless the file already holds exactly these bytes.
bool writeIfChanged(const QString &root, const QString &relative, const QByteArray &content,
                    EnvironmentBuildResult *result)
{
    const QString path = QDir(root).filePath(relative);
    QFile existing(path);
    if (existing.size() == content.size() && existing.open(QIODevice::ReadOnly) && existing.readAll() == content) {
        result->unchanged << relative;
        return true;
    }
    existing.close();
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        result->error = QStringLiteral("cannot create the folder %1").arg(QFileInfo(path).absolutePath());
        return false;
    }
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(content) != content.size() || !out.commit()) {
        result->error = QStringLiteral("cannot write %1: %2").arg(path, out.errorString());
        return false;
    }
    result->written << relative;
    return true;
}

class Build
{
public:
    Build(const EnvironmentOptions &o, const EnvironmentBuilder::Progress &p, EnvironmentBuildResult &r)
        : options(o)
        , progress(p)
        , result(r)
    {}

    bool run();

private:
    void step(int percent, const QString &stage)
    {
        if (progress)
            progress(percent, stage);
    }
    bool fail(const QString &e)
    {
        result.error = e;
        return false;
    }
    bool checkPackages();
    bool baseArchive(CpioArchive &a);
    bool moduleArchive(const ModuleIndex &index, CpioArchive &a);
    bool userlandArchive(CpioArchive &a, const QString &engine);
    bool recordPackages();

    const EnvironmentOptions &options;
    const EnvironmentBuilder::Progress &progress;
    EnvironmentBuildResult &result;
    QString release;
    QStringList hostFiles; // every file taken from a package, for dpkg -S
};

bool Build::checkPackages()
{
    const QStringList wanted = EnvironmentRecipe::packages(options.tools);
    QString error;
    const QMap<QString, QString> installed = PackageQuery::installedVersions(wanted, &error);
    if (!error.isEmpty())
        return fail(error);
    for (const QString &p : wanted) {
        if (!installed.contains(p))
            result.missingPackages << p;
    }
    if (!result.missingPackages.isEmpty())
        return fail(QStringLiteral("the imaging environment needs the Debian package(s) %1, not installed here; "
                                   "install them with: %2")
                        .arg(result.missingPackages.join(QStringLiteral(", ")), result.installCommand()));
    return true;
}

bool Build::baseArchive(CpioArchive &a)
{
    for (const char *top : {"bin", "sbin", "lib", "lib64"})
        a.addSymlink(QString::fromLatin1(top), QStringLiteral("usr/") + QString::fromLatin1(top));
    for (const char *dir : {"usr/bin", "usr/sbin", "usr/lib", "usr/lib64", "dev", "proc", "sys", "tmp", "run", "root",
                            "etc/bootbench", "mnt", "var"})
        a.addDirectory(QString::fromLatin1(dir));
    a.addDirectory(QStringLiteral("tmp"), 01777);
    a.addDirectory(QStringLiteral("root"), 0700);
    a.addCharDevice(QStringLiteral("dev/console"), 5, 1);
    a.addCharDevice(QStringLiteral("dev/null"), 1, 3, 0666);
    a.addFile(QStringLiteral("init"), InitScript::init(), 0755);
    a.addFile(QStringLiteral("etc/bootbench/udhcpc.script"), InitScript::udhcpcScript(), 0755);
    a.addFile(QStringLiteral("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    a.addFile(QStringLiteral("etc/group"), "root:x:0:\n");
    a.addFile(QStringLiteral("etc/profile"), "export PATH=/usr/sbin:/usr/bin:/sbin:/bin\nPS1='bootbench# '\n");
    const QString busybox = QStringLiteral("/bin/busybox");
    QString error;
    if (!addHostFile(a, busybox, QStringLiteral("usr/bin/busybox"), &error))
        return fail(error + QStringLiteral(" (package busybox-static)"));
    hostFiles << busybox;
    QProcess p;
    p.start(busybox, {QStringLiteral("--list")});
    if (!p.waitForFinished(10000) || p.exitCode() != 0)
        return fail(QStringLiteral("%1 --list failed (package busybox-static)").arg(busybox));
    QStringList tools;
    for (const EnvironmentTool &t : options.tools)
        tools << t.name;
    for (const QByteArray &applet : p.readAllStandardOutput().split('\n')) {
        const QString name = QString::fromUtf8(applet.trimmed());
        if (name.isEmpty() || name == QLatin1String("busybox") || tools.contains(name) || name.contains('/'))
            continue;
        a.addSymlink(QStringLiteral("usr/bin/") + name, QStringLiteral("busybox"));
    }
    return true;
}

bool Build::moduleArchive(const ModuleIndex &index, CpioArchive &a)
{
    QString error;
    const QStringList paths = index.closure(options.modules, &error);
    if (!error.isEmpty())
        return fail(error);
    const QString folder = QStringLiteral("usr/lib/modules/") + release + QLatin1Char('/');
    for (const QString &p : paths) {
        if (!addHostFile(a, index.folder() + QLatin1Char('/') + p, folder + p, &error))
            return fail(error);
    }
    a.addFile(folder + QStringLiteral("modules.dep"), index.dependencyTable(paths));
    a.addFile(folder + QStringLiteral("modules.alias"), index.aliasTable(paths));
    a.addFile(folder + QStringLiteral("modules.softdep"), index.softdepTable(paths));
    a.addFile(folder + QStringLiteral("modules.builtin"), index.builtinTable());
    result.manifest.modules = paths;
    return true;
}

bool Build::userlandArchive(CpioArchive &a, const QString &engine)
{
    QStringList programs;
    QStringList missing;
    for (const EnvironmentTool &t : options.tools) {
        const QString path = EnvironmentInputs::findTool(t.name);
        if (path.isEmpty()) {
            if (!result.missingPackages.contains(t.package))
                result.missingPackages << t.package;
            missing << t.name;
            continue;
        }
        const QFileInfo info(path);
        // A link to another tool of the list stays a link (mkfs.ext4 -> mke2fs).
        if (info.isSymLink()) {
            const QString target = QFileInfo(info.symLinkTarget()).fileName();
            bool inList = false;
            for (const EnvironmentTool &o : options.tools)
                inList = inList || o.name == target;
            if (inList) {
                a.addSymlink(QStringLiteral("usr/sbin/") + t.name, target);
                continue;
            }
        }
        programs << path;
        QString error;
        if (!addHostFile(a, path, QStringLiteral("usr/sbin/") + t.name, &error))
            return fail(error);
    }
    if (!missing.isEmpty())
        return fail(QStringLiteral("the imaging environment needs %1, not on this machine; install with: %2")
                        .arg(missing.join(QStringLiteral(", ")), result.installCommand()));
    hostFiles << programs;
    QString error;
    const QStringList libraries = ElfDependencies::closure(programs + QStringList{engine}, &error);
    if (!error.isEmpty())
        return fail(error);
    for (const QString &lib : libraries) {
        if (!addHostFile(a, lib, inArchive(lib), &error))
            return fail(error);
    }
    hostFiles << libraries;
    return true;
}

bool Build::recordPackages()
{
    QString error;
    const QMap<QString, QString> owners = PackageQuery::owners(hostFiles, &error);
    if (!error.isEmpty())
        return fail(error);
    QStringList packages(owners.begin(), owners.end());
    for (const EnvironmentTool &t : options.tools)
        packages << t.package;
    packages << QStringLiteral("linux-image-amd64") << QStringLiteral("busybox-static");
    const QMap<QString, QString> kernelOwner = PackageQuery::owners({EnvironmentInputs::kernelImage(release)}, &error);
    packages << kernelOwner.values();
    packages.removeDuplicates();
    packages.sort();
    result.manifest.packages = PackageQuery::installedVersions(packages, &error);
    if (!error.isEmpty())
        return fail(error);
    return true;
}

bool Build::run()
{
    step(0, QStringLiteral("checking packages"));
    if (!checkPackages())
        return false;
    QString error;
    release = EnvironmentInputs::newestKernel(&error);
    if (release.isEmpty())
        return fail(error);
    const QString engine = EnvironmentInputs::findEngine(options, &error);
    if (engine.isEmpty())
        return fail(error);
    result.manifest.kernelRelease = release;
    result.manifest.recipe = EnvironmentRecipe::fingerprint(options.modules, options.tools);
    result.manifest.engineSha256 = EnvironmentInputs::sha256OfFile(engine);

    QByteArray kernel;
    if (!readFile(EnvironmentInputs::kernelImage(release), &kernel, &error))
        return fail(error + QStringLiteral(" (Debian makes kernel images readable by root only: build as root)"));

    step(5, QStringLiteral("kernel modules"));
    ModuleIndex index;
    if (!index.load(EnvironmentInputs::moduleFolder(release), &error))
        return fail(error);
    CpioArchive base;
    CpioArchive modules;
    CpioArchive userland;
    CpioArchive engineArchive;
    if (!baseArchive(base) || !moduleArchive(index, modules))
        return false;
    step(10, QStringLiteral("userland and libraries"));
    if (!userlandArchive(userland, engine))
        return false;
    if (!addHostFile(engineArchive, engine, QStringLiteral("usr/bin/bootbench-engine"), &error))
        return fail(error);

    // Per-bench data: firmware and what the environment is.
    CpioArchive root;
    for (const QString &fw : EnvironmentInputs::firmwareFiles(options.dataDir)) {
        if (!addHostFile(root, EnvironmentInputs::firmwareFolder(options.dataDir) + QLatin1Char('/') + fw,
                         QStringLiteral("usr/lib/firmware/") + fw, &error))
            return fail(error);
        result.manifest.firmware << fw;
    }
    root.addFile(QStringLiteral("etc/bootbench/environment"),
                 QStringLiteral("kernel=%1\nrecipe=%2\n").arg(release, result.manifest.recipe).toUtf8());

    QByteArray initrd;
    const QString cacheDir = options.cacheDir();
    QStringList cacheUsed;
    const QList<QPair<QString, const CpioArchive *>> archives = {{QStringLiteral("base"), &base},
                                                                 {QStringLiteral("modules"), &modules},
                                                                 {QStringLiteral("userland"), &userland},
                                                                 {QStringLiteral("engine"), &engineArchive}};
    int percent = 20;
    for (const auto &[name, archive] : archives) {
        step(percent, QStringLiteral("compressing %1").arg(name));
        percent += 17;
        const QByteArray cpio = archive->toByteArray();
        result.manifest.initrdUncompressed += cpio.size();
        QByteArray packed;
        if (!compress(cpio, options.compressionLevel, cacheDir, &cacheUsed, &packed, &error))
            return fail(error);
        initrd += packed; // compressed archives need no padding between them
    }
    if (initrd.size() > EnvironmentBuilder::kInitrdBudget)
        return fail(QStringLiteral("boot/initrd would be %1 bytes, over the budget of %2")
                        .arg(initrd.size())
                        .arg(EnvironmentBuilder::kInitrdBudget));
    QByteArray rootImage;
    if (!compress(root.toByteArray(), options.compressionLevel, cacheDir, &cacheUsed, &rootImage, &error))
        return fail(error);
    pruneCache(cacheDir, cacheUsed);

    step(90, QStringLiteral("package versions"));
    if (!recordPackages())
        return false;

    step(95, QStringLiteral("writing"));
    const QList<std::tuple<QString, QString, const QByteArray *>> files = {
        {QStringLiteral("kernel"), QStringLiteral("boot/kernel"), &kernel},
        {QStringLiteral("initrd"), QStringLiteral("boot/initrd"), &initrd},
        {QStringLiteral("root"), QStringLiteral("boot/root"), &rootImage}};
    for (const auto &[name, path, content] : files) {
        result.manifest.parts << EnvironmentPart{name, path, content->size(), sha256(*content)};
        if (!writeIfChanged(options.tftpRoot, path, *content, &result))
            return false;
    }
    const QByteArray manifest = QJsonDocument(result.manifest.toJson()).toJson(QJsonDocument::Indented);
    if (!writeIfChanged(options.tftpRoot, EnvironmentManifest::fileName(), manifest, &result))
        return false;
    step(100, QStringLiteral("done"));
    return true;
}

} // namespace

QString EnvironmentBuildResult::installCommand() const
{
    return missingPackages.isEmpty() ? QString() : PackageQuery::installCommand(missingPackages);
}

EnvironmentBuildResult EnvironmentBuilder::build(const EnvironmentOptions &options, const Progress &progress)
{
    EnvironmentBuildResult result;
    Build b(options, progress, result);
    result.ok = b.run();
    return result;
}

} // namespace bootbench
