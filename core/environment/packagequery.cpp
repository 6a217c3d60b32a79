#include "packagequery.h"

#include <QProcess>
#include <QSet>

namespace bootbench {

namespace {
bool run(const QString &program, const QStringList &args, QByteArray *out, QString *error)
{
    QProcess p;
    p.setProgram(program);
    p.setArguments(args);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    p.setProcessEnvironment(env);
    p.start();
    if (!p.waitForStarted(10000)) {
        *error = QStringLiteral("cannot run %1: %2").arg(program, p.errorString());
        return false;
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished(1000);
        *error = QStringLiteral("%1 did not finish within 60 s").arg(program);
        return false;
    }
    *out = p.readAllStandardOutput();
    return true;
}

QString alternative(const QString &path)
{
    if (path.startsWith(QLatin1String("/usr/")))
        return path.mid(4);
    return QStringLiteral("/usr") + path;
}
} // namespace

QMap<QString, QString> PackageQuery::installedVersions(const QStringList &packages, QString *error)
{
    QMap<QString, QString> versions;
    if (packages.isEmpty())
        return versions;
    QByteArray out;
    // Exit status 1 only says that some package is unknown: the others are still printed.
    if (!run(QStringLiteral("dpkg-query"),
             QStringList{QStringLiteral("-W"), QStringLiteral("-f=${Package}\\t${db:Status-Abbrev}\\t${Version}\\n")} +
                 packages,
             &out, error))
        return versions;
    for (const QByteArray &line : out.split('\n')) {
        const QList<QByteArray> f = line.split('\t');
        if (f.size() != 3 || !f[1].startsWith("ii"))
            continue;
        QString name = QString::fromUtf8(f[0]);
        if (!packages.contains(name) && name.contains(QLatin1Char(':')))
            name = name.section(QLatin1Char(':'), 0, 0);
        versions.insert(name, QString::fromUtf8(f[2]));
    }
    return versions;
}

QMap<QString, QString> PackageQuery::owners(const QStringList &files, QString *error)
{
    QMap<QString, QString> result;
    if (files.isEmpty())
        return result;
    QStringList asked;
    for (const QString &f : files)
        asked << f << alternative(f);
    QByteArray out;
    if (!run(QStringLiteral("dpkg"), QStringList{QStringLiteral("-S")} + asked, &out, error))
        return result;
    QMap<QString, QString> byPath;
    for (const QByteArray &line : out.split('\n')) {
        const qsizetype sep = line.indexOf(": ");
        if (sep <= 0 || line.startsWith("diversion "))
            continue;
        QString package = QString::fromUtf8(line.left(sep)).section(QLatin1Char(','), 0, 0).trimmed();
        package = package.section(QLatin1Char(':'), 0, 0); // libc6:amd64 -> libc6
        byPath.insert(QString::fromUtf8(line.mid(sep + 2)).trimmed(), package);
    }
    for (const QString &f : files) {
        const QString p = byPath.value(f, byPath.value(alternative(f)));
        if (!p.isEmpty())
            result.insert(f, p);
    }
    return result;
}

QString PackageQuery::installCommand(const QStringList &packages)
{
    return QStringLiteral("apt-get install -y --no-install-recommends ") + packages.join(QLatin1Char(' '));
}

} // namespace bootbench
