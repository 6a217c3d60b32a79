#pragma once

#include "model/bundleactions.h"

#include <QCoreApplication>

namespace bootbench {

// The user's-language sentence for a bundle problem, shown next to the field it is about.
class BundleProblemText
{
    Q_DECLARE_TR_FUNCTIONS(BundleProblemText)

public:
    static QString message(const BundleProblem &problem, const QString &actionType = {});
    static QString kindName(BundleKind kind);
    static QString actionName(const QString &type);
};

} // namespace bootbench
