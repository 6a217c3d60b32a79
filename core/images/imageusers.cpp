#include "images/imageusers.h"

#include "model/bundleactions.h"
#include "store/bundlerepository.h"

namespace bootbench {

QStringList bundlesUsingImage(const Store &store, const QString &image, QString *error)
{
    QStringList out;
    for (const Bundle &b : BundleRepository(store).list(error)) {
        for (const BundleAction &a : b.actions) {
            if (a.params.value(QLatin1String(paramkey::kImage)).toString() == image && !out.contains(b.name))
                out << b.name;
        }
    }
    return out;
}

} // namespace bootbench
