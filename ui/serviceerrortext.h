#pragma once

#include <QCoreApplication>
#include <QString>

namespace bootbench {

// The services' failure reasons in the user's language. Core (which has no translations of its
// own) words them in English with the facts inside — address and port, the process holding the
// port, the setcap command, the missing Debian package; here the known sentences are recognised
// and said again through tr(), facts unchanged. Parts not recognised stay as they are.
class ServiceErrorText
{
    Q_DECLARE_TR_FUNCTIONS(bootbench::ServiceErrorText)

public:
    static QString localized(const QString &reason);
};

} // namespace bootbench
