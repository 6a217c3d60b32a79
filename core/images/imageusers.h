#pragma once

#include <QString>
#include <QStringList>

namespace bootbench {

class Store;

// The bundles whose take, restore or multicast action names the image (an image they use is not
// removed). Empty with *error set when the store cannot be read.
QStringList bundlesUsingImage(const Store &store, const QString &image, QString *error);

} // namespace bootbench
