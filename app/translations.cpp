#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace bootbench {

QString installTranslations(QCoreApplication &app, const QString &language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    const QString lang = locale.language() == QLocale::Japanese ? QStringLiteral("ja") : QStringLiteral("en");
    QLocale::setDefault(lang == QLatin1String("ja") ? QLocale(QLocale::Japanese, QLocale::Japan)
                                                    : QLocale(QLocale::English));
    auto *ours = new QTranslator(&app);
    if (ours->load(QStringLiteral(":/i18n/bootbench_") + lang))
        QCoreApplication::installTranslator(ours);
    auto *qt = new QTranslator(&app);
    if (qt->load(QStringLiteral("qtbase_") + lang, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    return lang;
}

} // namespace bootbench
