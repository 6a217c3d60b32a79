#pragma once

#include <QHash>
#include <QMap>
#include <QString>
#include <QStringList>

namespace bootbench {

// A kernel's module tables (/lib/modules/RELEASE/modules.dep, modules.alias, modules.softdep,
// modules.builtin) and the closure of a set of modules: each module with what modules.dep says
// it needs and the "pre:"/"post:" modules modules.softdep names (resolved through the plain,
// wildcard-free aliases, e.g. crypto-crc32c -> crc32c_generic).
class ModuleIndex
{
public:
    // Reads the tables of `moduleFolder` (e.g. /lib/modules/6.1.0-57-amd64).
    bool load(const QString &moduleFolder, QString *error);

    QString folder() const { return m_folder; }
    // "virtio-net" and "virtio_net" are the same module.
    static QString normalise(const QString &name);
    bool isModule(const QString &name) const { return m_pathOf.contains(normalise(name)); }
    bool isBuiltin(const QString &name) const { return m_builtin.contains(normalise(name)); }

    // The relative paths (as in modules.dep, "kernel/drivers/net/virtio_net.ko") of `names` and
    // everything they need, sorted. A name that is neither a module nor built into the kernel
    // is an error naming it and the folder.
    QStringList closure(const QStringList &names, QString *error) const;

    // The tables cut down to the modules of `paths` (what busybox modprobe reads), in the
    // kernel's order.
    QByteArray dependencyTable(const QStringList &paths) const;
    QByteArray aliasTable(const QStringList &paths) const;
    QByteArray softdepTable(const QStringList &paths) const;
    QByteArray builtinTable() const { return m_builtinText; }

private:
    QString m_folder;
    QStringList m_order;                        // module paths in modules.dep order
    QHash<QString, QString> m_pathOf;           // normalised name -> path
    QHash<QString, QStringList> m_deps;         // path -> paths
    QList<QPair<QString, QString>> m_aliases;   // (alias, normalised module), file order
    QHash<QString, QStringList> m_plainAliases; // alias without wildcards -> modules
    QHash<QString, QStringList> m_softdeps;     // normalised module -> names (pre and post)
    QList<QPair<QString, QByteArray>> m_softdepLines;
    QStringList m_builtin;
    QByteArray m_builtinText;
};

} // namespace bootbench
