#pragma once

#include "model/bundle.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace bootbench {

// The actions a bundle holds and the parameters of each (BundleAction::type / params). The editors
// write them, the policy service hands them to the imaging engine as the work details.
//
//   type        params
//   script      script (text run by /bin/sh in the imaging environment)
//   restore     image (path relative to the image store), size (bytes), sha256 (hex),
//               disk ("/dev/sda", "/dev/nvme0n1" or a disk number), partitions ("1,2,5"; empty: all)
//   take        image (name of the image to create in the image store), disk
//               format "folder": a folder image (docs/images.md): image names the folder, disk may
//               be "auto", level (zstd level, default 3), overwrite (bool); restore with format
//               "folder" needs no size / sha256 (the folder's manifest.json has them)
//   winpe       folder (absolute), bootManager, bcd, bootSdi, bootWim (paths relative to folder)
//   multicast   image, size, sha256, expected (machines to wait for), timeoutSeconds (start anyway)
namespace actionkey {
inline constexpr char kScript[] = "script";
inline constexpr char kRestore[] = "restore";
inline constexpr char kTake[] = "take";
inline constexpr char kWinPe[] = "winpe";
inline constexpr char kMulticast[] = "multicast";
} // namespace actionkey

namespace paramkey {
inline constexpr char kScript[] = "script";
inline constexpr char kImage[] = "image";
inline constexpr char kSize[] = "size";
inline constexpr char kSha256[] = "sha256";
inline constexpr char kDisk[] = "disk";
inline constexpr char kPartitions[] = "partitions";
inline constexpr char kFolder[] = "folder";
inline constexpr char kBootManager[] = "bootManager";
inline constexpr char kBcd[] = "bcd";
inline constexpr char kBootSdi[] = "bootSdi";
inline constexpr char kBootWim[] = "bootWim";
inline constexpr char kExpected[] = "expected";
inline constexpr char kTimeoutSeconds[] = "timeoutSeconds";
inline constexpr char kFormat[] = "format";
inline constexpr char kFormatFolder[] = "folder";
inline constexpr char kLevel[] = "level";
} // namespace paramkey

// Action types a bundle of this kind may hold; the first is the kind's own. Empty for Empty.
QStringList actionTypesForKind(BundleKind kind);
// Whether the kind holds an ordered list of several actions (script, image restore: e.g. restore
// then run a script) or exactly one.
bool kindAllowsSeveralActions(BundleKind kind);
// A new action of that type with default parameters.
BundleAction defaultAction(const QString &type);

// What is wrong with a bundle, field by field. Codes, not sentences: the GUI words them in the
// user's language, the command line in English (bundleProblemText).
enum class BundleProblemCode : int {
    NameEmpty = 0,
    NameSpaces,         // leading / trailing blanks
    NameInvalid,        // control characters or '/'
    KernelParamsLines,  // kernel parameters with a line break
    NoAction,           // kind needs an action and has none
    TooManyActions,     // kind holds exactly one
    ActionNotAllowed,   // action type not allowed for the kind
    ScriptEmpty,        // script action without text
    ImageMissing,       // no image chosen / named
    ImageNameInvalid,   // take: name with '/', "..", control characters or empty after trimming
    ChecksumMissing,    // restore / multicast without size + sha256
    DiskInvalid,        // not /dev/... and not a number
    PartitionsInvalid,  // not a comma-separated list of partition numbers
    WinPeFolderMissing, // no folder chosen
    WinPeFileMissing,   // one of the four files not chosen (key says which)
    ExpectedInvalid,    // multicast: expected machines outside 1..1000
    TimeoutInvalid,     // multicast: time-out outside 0..86400 s
    // Found by checkBundleFiles (images/bundlefiles.h), which looks at the file system:
    ImageNotFound,       // restore / multicast image not in the image store
    WinPeFolderNotFound, // the WinPE folder does not exist
    WinPeFileNotFound,   // a chosen WinPE file is not in the folder (key says which)
};

struct BundleProblem
{
    BundleProblemCode code = BundleProblemCode::NameEmpty;
    int action = -1; // index into Bundle::actions, -1 for the bundle's own fields
    QString key;     // the field: "name", "kernelParams", or a parameter key
    friend bool operator==(const BundleProblem &, const BundleProblem &) = default;
};

// Checks what can be checked without the file system (a WinPE folder's contents are checked by
// the editor with scanWinPeFolder from images/imagestore.h).
QList<BundleProblem> validateBundle(const Bundle &bundle);
QString bundleProblemText(const BundleProblem &problem); // English, for the command line and logs

bool isValidDisk(const QString &disk);
bool isValidPartitionList(const QString &partitions);
bool isValidImageName(const QString &name);

} // namespace bootbench
