#include "elfdependencies.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <elf.h>

#include <cstring>

namespace bootbench {

namespace {
template <typename T>
bool readAt(const QByteArray &data, quint64 offset, T *out)
{
    if (offset > quint64(data.size()) || quint64(data.size()) - offset < sizeof(T))
        return false;
    std::memcpy(out, data.constData() + offset, sizeof(T));
    return true;
}

QString readString(const QByteArray &data, quint64 offset)
{
    if (offset >= quint64(data.size()))
        return {};
    const char *begin = data.constData() + offset;
    const void *end = std::memchr(begin, 0, size_t(quint64(data.size()) - offset));
    if (!end)
        return {};
    return QString::fromUtf8(begin, int(static_cast<const char *>(end) - begin));
}
} // namespace

QStringList ElfDependencies::libraryFolders()
{
    return {QStringLiteral("/lib/x86_64-linux-gnu"),
            QStringLiteral("/usr/lib/x86_64-linux-gnu"),
            QStringLiteral("/lib64"),
            QStringLiteral("/usr/lib64"),
            QStringLiteral("/lib"),
            QStringLiteral("/usr/lib")};
}

ElfInfo ElfDependencies::read(const QString &path, QString *error)
{
    ElfInfo info;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return info;
    }
    const QByteArray data = file.readAll();
    if (!data.startsWith(QByteArrayLiteral("\x7f"
                                           "ELF")))
        return info;
    info.isElf = true;
    Elf64_Ehdr eh;
    if (!readAt(data, 0, &eh) || eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB) {
        *error = QStringLiteral("%1 is not a 64-bit little-endian ELF file").arg(path);
        return info;
    }
    QList<Elf64_Phdr> loads;
    Elf64_Phdr dynamic{};
    bool haveDynamic = false;
    for (int i = 0; i < eh.e_phnum; ++i) {
        Elf64_Phdr ph;
        if (!readAt(data, eh.e_phoff + quint64(i) * eh.e_phentsize, &ph)) {
            *error = QStringLiteral("%1: truncated ELF program header").arg(path);
            return info;
        }
        if (ph.p_type == PT_INTERP)
            info.interpreter = readString(data, ph.p_offset);
        else if (ph.p_type == PT_LOAD)
            loads << ph;
        else if (ph.p_type == PT_DYNAMIC) {
            dynamic = ph;
            haveDynamic = true;
        }
    }
    if (!haveDynamic)
        return info; // static
    // DT_STRTAB is an address: find the file offset through the loadable segments.
    auto fileOffset = [&loads](quint64 address, quint64 *offset) {
        for (const Elf64_Phdr &ph : std::as_const(loads)) {
            if (address >= ph.p_vaddr && address < ph.p_vaddr + ph.p_filesz) {
                *offset = ph.p_offset + (address - ph.p_vaddr);
                return true;
            }
        }
        return false;
    };
    quint64 strtab = 0;
    QList<quint64> neededOffsets;
    QList<quint64> runPathOffsets;
    for (quint64 at = dynamic.p_offset; at + sizeof(Elf64_Dyn) <= dynamic.p_offset + dynamic.p_filesz;
         at += sizeof(Elf64_Dyn)) {
        Elf64_Dyn d;
        if (!readAt(data, at, &d)) {
            *error = QStringLiteral("%1: truncated ELF dynamic section").arg(path);
            return info;
        }
        if (d.d_tag == DT_NULL)
            break;
        if (d.d_tag == DT_STRTAB)
            strtab = d.d_un.d_ptr;
        else if (d.d_tag == DT_NEEDED)
            neededOffsets << d.d_un.d_val;
        else if (d.d_tag == DT_RUNPATH || d.d_tag == DT_RPATH)
            runPathOffsets << d.d_un.d_val;
    }
    quint64 strtabOffset = 0;
    if (!neededOffsets.isEmpty() && !fileOffset(strtab, &strtabOffset)) {
        *error = QStringLiteral("%1: the ELF string table is outside the file").arg(path);
        return info;
    }
    for (quint64 o : std::as_const(neededOffsets))
        info.needed << readString(data, strtabOffset + o);
    const QString origin = QFileInfo(path).absolutePath();
    for (quint64 o : std::as_const(runPathOffsets)) {
        const QStringList parts = readString(data, strtabOffset + o).split(QLatin1Char(':'), Qt::SkipEmptyParts);
        for (QString p : parts)
            info.runPaths << p.replace(QStringLiteral("$ORIGIN"), origin).replace(QStringLiteral("${ORIGIN}"), origin);
    }
    return info;
}

QStringList ElfDependencies::closure(const QStringList &paths, QString *error)
{
    QSet<QString> found;
    QSet<QString> seenNames;
    QStringList queue = paths;
    QString interpreter;
    while (!queue.isEmpty()) {
        const QString path = queue.takeFirst();
        const ElfInfo info = read(path, error);
        if (!error->isEmpty())
            return {};
        if (!info.interpreter.isEmpty() && !found.contains(info.interpreter)) {
            if (!QFileInfo::exists(info.interpreter)) {
                *error =
                    QStringLiteral("%1 needs the loader %2, which is not on this machine").arg(path, info.interpreter);
                return {};
            }
            found.insert(info.interpreter);
            interpreter = info.interpreter;
        }
        for (const QString &name : info.needed) {
            if (seenNames.contains(name))
                continue;
            QString hit;
            for (const QString &folder : info.runPaths + libraryFolders()) {
                const QString candidate = QDir(folder).filePath(name);
                if (QFileInfo(candidate).isFile()) {
                    hit = candidate;
                    break;
                }
            }
            if (hit.isEmpty()) {
                *error = QStringLiteral("%1 needs the library %2, which is in none of %3")
                             .arg(path, name, (info.runPaths + libraryFolders()).join(QStringLiteral(", ")));
                return {};
            }
            seenNames.insert(name);
            found.insert(hit);
            queue << hit;
        }
    }
    QStringList result(found.begin(), found.end());
    result.removeAll(interpreter);
    result.sort();
    if (!interpreter.isEmpty())
        result.prepend(interpreter);
    return result;
}

} // namespace bootbench
