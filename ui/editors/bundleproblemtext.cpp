#include "editors/bundleproblemtext.h"

namespace bootbench {

QString BundleProblemText::kindName(BundleKind kind)
{
    switch (kind) {
    case BundleKind::Empty: return tr("Empty (no imaging work)");
    case BundleKind::Script: return tr("Imaging script");
    case BundleKind::ImageRestore: return tr("Vendor image: restore");
    case BundleKind::ImageTake: return tr("Vendor image: take");
    case BundleKind::WinPe: return tr("Third-party image (WinPE)");
    case BundleKind::Multicast: return tr("Multicast image set");
    }
    return {};
}

QString BundleProblemText::actionName(const QString &type)
{
    if (type == QLatin1String(actionkey::kScript))
        return tr("Run a script");
    if (type == QLatin1String(actionkey::kRestore))
        return tr("Restore an image");
    if (type == QLatin1String(actionkey::kTake))
        return tr("Take an image");
    if (type == QLatin1String(actionkey::kWinPe))
        return tr("Boot WinPE");
    if (type == QLatin1String(actionkey::kMulticast))
        return tr("Multicast session");
    return type;
}

QString BundleProblemText::message(const BundleProblem &p, const QString &actionType)
{
    switch (p.code) {
    case BundleProblemCode::NameEmpty: return tr("Enter a name for the bundle.");
    case BundleProblemCode::NameSpaces: return tr("Remove the spaces at the start or end of the name.");
    case BundleProblemCode::NameInvalid: return tr("The name may not contain '/' or control characters.");
    case BundleProblemCode::KernelParamsLines: return tr("Kernel parameters must be on one line.");
    case BundleProblemCode::NoAction: return tr("This kind of bundle needs an action: add one.");
    case BundleProblemCode::TooManyActions:
        return tr("This kind of bundle holds exactly one action: remove the others.");
    case BundleProblemCode::ActionNotAllowed:
        return tr("This action does not fit a bundle of this kind: remove it or change the kind.");
    case BundleProblemCode::ScriptEmpty: return tr("Write the script the imaging environment runs.");
    case BundleProblemCode::ImageMissing:
        return actionType == QLatin1String(actionkey::kTake) ? tr("Enter the name of the image to create.")
                                                             : tr("Choose an image from the image store.");
    case BundleProblemCode::ImageNameInvalid: return tr("Use a plain file name: no '/', '\\' or leading '.'.");
    case BundleProblemCode::ChecksumMissing: return tr("The image's checksum is not known yet.");
    case BundleProblemCode::DiskInvalid:
        return tr("Enter a device path (/dev/sda, /dev/nvme0n1) or a disk number (0 is the first disk).");
    case BundleProblemCode::PartitionsInvalid:
        return tr("Enter partition numbers separated by commas (e.g. 1,2), or leave empty for all.");
    case BundleProblemCode::WinPeFolderMissing: return tr("Choose the folder that holds the WinPE files.");
    case BundleProblemCode::WinPeFileMissing: return tr("Choose this file from the folder.");
    case BundleProblemCode::ExpectedInvalid: return tr("Between 1 and 1000 machines.");
    case BundleProblemCode::TimeoutInvalid: return tr("Between 0 and 86400 seconds.");
    case BundleProblemCode::ImageNotFound:
        return tr("This image is not in the image store any more: choose another or copy it back.");
    case BundleProblemCode::WinPeFolderNotFound: return tr("This folder does not exist.");
    case BundleProblemCode::WinPeFileNotFound: return tr("This file is not in the folder.");
    }
    return {};
}

} // namespace bootbench
