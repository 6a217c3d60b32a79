#pragma once

#include <QString>

class QCoreApplication;

namespace bootbench {

// Installs the Japanese or English catalogue (and Qt's own) for `language` ("ja", "en", or empty
// for the system locale). Returns the language in use.
QString installTranslations(QCoreApplication &app, const QString &language);

} // namespace bootbench
