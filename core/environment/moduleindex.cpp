#include "moduleindex.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

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

QString moduleName(const QString &path)
{
    QString base = path.section(QLatin1Char('/'), -1);
    const qsizetype ko = base.indexOf(QLatin1String(".ko"));
    if (ko >= 0)
        base.truncate(ko);
    return ModuleIndex::normalise(base);
}
} // namespace

QString ModuleIndex::normalise(const QString &name)
{
    return QString(name).replace(QLatin1Char('-'), QLatin1Char('_'));
}

bool ModuleIndex::load(const QString &moduleFolder, QString *error)
{
    m_folder = moduleFolder;
    QByteArray dep;
    if (!readFile(QDir(moduleFolder).filePath(QStringLiteral("modules.dep")), &dep, error))
        return false;
    for (const QByteArray &line : dep.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QString path = QString::fromUtf8(line.left(colon));
        m_order << path;
        m_pathOf.insert(moduleName(path), path);
        QStringList deps;
        for (const QByteArray &d : line.mid(colon + 1).split(' ')) {
            if (!d.trimmed().isEmpty())
                deps << QString::fromUtf8(d.trimmed());
        }
        m_deps.insert(path, deps);
    }
    QByteArray alias;
    if (!readFile(QDir(moduleFolder).filePath(QStringLiteral("modules.alias")), &alias, error))
        return false;
    for (const QByteArray &line : alias.split('\n')) {
        const QList<QByteArray> parts = line.simplified().split(' ');
        if (parts.size() != 3 || parts[0] != "alias")
            continue;
        const QString a = QString::fromUtf8(parts[1]);
        const QString m = normalise(QString::fromUtf8(parts[2]));
        m_aliases << qMakePair(a, m);
        if (!a.contains(QLatin1Char('*')) && !a.contains(QLatin1Char('?')) && !a.contains(QLatin1Char('[')))
            m_plainAliases[a] << m;
    }
    QByteArray softdep; // optional
    QString ignored;
    if (readFile(QDir(moduleFolder).filePath(QStringLiteral("modules.softdep")), &softdep, &ignored)) {
        for (const QByteArray &line : softdep.split('\n')) {
            const QList<QByteArray> parts = line.simplified().split(' ');
            if (parts.size() < 3 || parts[0] != "softdep")
                continue;
            const QString m = normalise(QString::fromUtf8(parts[1]));
            m_softdepLines << qMakePair(m, line);
            for (int i = 2; i < parts.size(); ++i) {
                if (parts[i] != "pre:" && parts[i] != "post:")
                    m_softdeps[m] << QString::fromUtf8(parts[i]);
            }
        }
    }
    if (readFile(QDir(moduleFolder).filePath(QStringLiteral("modules.builtin")), &m_builtinText, &ignored)) {
        for (const QByteArray &line : m_builtinText.split('\n')) {
            if (!line.trimmed().isEmpty())
                m_builtin << moduleName(QString::fromUtf8(line.trimmed()));
        }
    }
    if (m_order.isEmpty()) {
        *error = QStringLiteral("%1 lists no module").arg(QDir(moduleFolder).filePath(QStringLiteral("modules.dep")));
        return false;
    }
    return true;
}

QStringList ModuleIndex::closure(const QStringList &names, QString *error) const
{
    QSet<QString> paths;
    QSet<QString> seen;
    QStringList queue;
    for (const QString &n : names)
        queue << normalise(n);
    bool requested = true;
    qsizetype requestedLeft = queue.size();
    while (!queue.isEmpty()) {
        const QString name = queue.takeFirst();
        requested = requestedLeft-- > 0;
        if (seen.contains(name))
            continue;
        seen.insert(name);
        QStringList modules;
        if (m_pathOf.contains(name))
            modules << name;
        else if (!requested)
            modules = m_plainAliases.value(name); // a softdep may name an alias (crypto-crc32c)
        if (modules.isEmpty()) {
            if (m_builtin.contains(name))
                continue;
            if (requested) {
                *error = QStringLiteral("the kernel module %1 is neither in %2/modules.dep nor built into the kernel")
                             .arg(name, m_folder);
                return {};
            }
            continue; // a soft dependency this kernel does not have is no error
        }
        for (const QString &m : std::as_const(modules)) {
            const QString path = m_pathOf.value(m);
            if (path.isEmpty())
                continue;
            paths.insert(path);
            for (const QString &d : m_deps.value(path))
                paths.insert(d);
            for (const QString &d : m_deps.value(path))
                queue << moduleName(d);
            queue << m_softdeps.value(m);
        }
    }
    QStringList result(paths.begin(), paths.end());
    result.sort();
    return result;
}

QByteArray ModuleIndex::dependencyTable(const QStringList &paths) const
{
    const QSet<QString> wanted(paths.begin(), paths.end());
    QByteArray out;
    for (const QString &path : m_order) {
        if (!wanted.contains(path))
            continue;
        out += path.toUtf8() + ':';
        const QStringList deps = m_deps.value(path);
        for (const QString &d : deps)
            out += ' ' + d.toUtf8();
        out += '\n';
    }
    return out;
}

QByteArray ModuleIndex::aliasTable(const QStringList &paths) const
{
    QSet<QString> names;
    for (const QString &p : paths)
        names.insert(moduleName(p));
    QByteArray out = "# Aliases extracted from modules themselves.\n";
    for (const auto &[alias, module] : m_aliases) {
        if (names.contains(module))
            out += "alias " + alias.toUtf8() + ' ' + module.toUtf8() + '\n';
    }
    return out;
}

QByteArray ModuleIndex::softdepTable(const QStringList &paths) const
{
    QSet<QString> names;
    for (const QString &p : paths)
        names.insert(moduleName(p));
    QByteArray out = "# Soft dependencies extracted from modules themselves.\n";
    for (const auto &[module, line] : m_softdepLines) {
        if (names.contains(module))
            out += line + '\n';
    }
    return out;
}

} // namespace bootbench
