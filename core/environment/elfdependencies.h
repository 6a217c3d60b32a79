#pragma once

#include <QString>
#include <QStringList>

namespace bootbench {

// What a 64-bit ELF file needs to run, read from the file itself (no ldd, which would run the
// program's loader): its interpreter (PT_INTERP) and the libraries it names (DT_NEEDED), with
// its DT_RUNPATH / DT_RPATH.
struct ElfInfo
{
    bool isElf = false; // false: a script or data (needs nothing we can see)
    QString interpreter;
    QStringList needed;
    QStringList runPaths;
};

class ElfDependencies
{
public:
    // Reads `path`. A file that is not ELF gives isElf == false and no error; a truncated or
    // 32-bit ELF file is an error naming the file.
    static ElfInfo read(const QString &path, QString *error);

    // The libraries `path` needs, transitively, resolved to host files through the run paths and
    // Debian's library folders (amd64), with the interpreter first. A library that cannot be
    // found is an error naming it and who needs it. Paths are the ones found (symbolic links
    // not resolved), sorted.
    static QStringList closure(const QStringList &paths, QString *error);

    static QStringList libraryFolders();
};

} // namespace bootbench
