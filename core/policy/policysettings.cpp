#include "policy/policysettings.h"

namespace bootbench {

QString exitMethodKey(ExitMethod method)
{
    return method == ExitMethod::Sanboot ? QStringLiteral("sanboot") : QStringLiteral("exit");
}

bool exitMethodFromKey(const QString &key, ExitMethod *method)
{
    if (key == QLatin1String("exit")) {
        *method = ExitMethod::IpxeExit;
        return true;
    }
    if (key == QLatin1String("sanboot")) {
        *method = ExitMethod::Sanboot;
        return true;
    }
    return false;
}

} // namespace bootbench
