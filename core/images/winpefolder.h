#pragma once

#include <QString>
#include <QStringList>

namespace bootbench {

// The four files a third-party (WinPE) bundle boots, found in a folder the technician provides
// (a WinPE media tree or a flat folder). Paths are relative to the folder; empty when not found.
struct WinPeFiles
{
    QString bootManager; // bootmgr.exe (BIOS PXE) or bootmgr.efi / bootmgfw.efi
    QString bcd;         // BCD store, usually Boot/BCD
    QString bootSdi;     // boot.sdi, usually Boot/boot.sdi
    QString bootWim;     // boot.wim / winpe.wim, usually sources/boot.wim
    bool complete() const
    {
        return !bootManager.isEmpty() && !bcd.isEmpty() && !bootSdi.isEmpty() && !bootWim.isEmpty();
    }
};

// Searches the folder and its subfolders (3 levels) case-insensitively, preferring the usual names.
WinPeFiles scanWinPeFolder(const QString &folder);
// Every file under the folder (3 levels), relative, sorted: what the editor offers to choose from.
QStringList filesInFolder(const QString &folder);
// Whether folder/relativePath is an existing regular file inside the folder.
bool winPeFileExists(const QString &folder, const QString &relativePath);

} // namespace bootbench
