#include "images/bundlefiles.h"

#include "images/winpefolder.h"

#include <QFileInfo>

namespace bootbench {

QList<BundleProblem> checkBundleFiles(const Bundle &bundle, const ImageStore &images)
{
    QList<BundleProblem> out;
    const auto k = [](const char *key) { return QString::fromLatin1(key); };
    for (int i = 0; i < bundle.actions.size(); ++i) {
        const BundleAction &a = bundle.actions.at(i);
        const auto str = [&a](const char *key) { return a.params.value(QLatin1String(key)).toString(); };
        if (a.type == QLatin1String(actionkey::kRestore) || a.type == QLatin1String(actionkey::kMulticast)) {
            const QString image = str(paramkey::kImage);
            if (!image.isEmpty() && !QFileInfo(images.absolutePath(image)).isFile())
                out.append({BundleProblemCode::ImageNotFound, i, k(paramkey::kImage)});
        } else if (a.type == QLatin1String(actionkey::kWinPe)) {
            const QString folder = str(paramkey::kFolder);
            if (folder.isEmpty())
                continue;
            if (!QFileInfo(folder).isDir()) {
                out.append({BundleProblemCode::WinPeFolderNotFound, i, k(paramkey::kFolder)});
                continue;
            }
            for (const char *f : {paramkey::kBootManager, paramkey::kBcd, paramkey::kBootSdi, paramkey::kBootWim}) {
                if (!str(f).isEmpty() && !winPeFileExists(folder, str(f)))
                    out.append({BundleProblemCode::WinPeFileNotFound, i, k(f)});
            }
        }
    }
    return out;
}

} // namespace bootbench
