// The translation catalogues in translations/ are the only source of the window's and the command
// line's Japanese and English texts. This test reads them as Qt Linguist writes them and fails on
// a Japanese message that is unfinished or empty, a placeholder (%1, %n) or an accelerator (&X)
// that the translation does not keep, and an English plural without its forms.

#include <QFile>
#include <QRegularExpression>
#include <QStringList>
#include <QXmlStreamReader>
#include <QtTest>

#include <algorithm>

namespace {

struct CatalogueMessage
{
    QString context;
    QString source;
    QStringList translations; // one, or one per plural form
    QString translationType;  // "", "unfinished", "vanished", "obsolete"
    bool numerus = false;
    bool hasLocation = false;
};

struct Catalogue
{
    QString language;
    QList<CatalogueMessage> messages;
    QString error;
};

Catalogue readCatalogue(const QString &path)
{
    Catalogue catalogue;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        catalogue.error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return catalogue;
    }
    QXmlStreamReader xml(&file);
    QString context;
    CatalogueMessage message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1String("TS")) {
                catalogue.language = xml.attributes().value(QLatin1String("language")).toString();
            } else if (name == QLatin1String("name")) {
                context = xml.readElementText();
            } else if (name == QLatin1String("message")) {
                message = CatalogueMessage{};
                message.context = context;
                message.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            } else if (name == QLatin1String("location")) {
                message.hasLocation = true;
            } else if (name == QLatin1String("source")) {
                message.source = xml.readElementText();
            } else if (name == QLatin1String("translation")) {
                message.translationType = xml.attributes().value(QLatin1String("type")).toString();
                if (!message.numerus)
                    message.translations.append(xml.readElementText());
            } else if (name == QLatin1String("numerusform")) {
                message.translations.append(xml.readElementText());
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            catalogue.messages.append(message);
        }
    }
    if (xml.hasError())
        catalogue.error = QStringLiteral("%1:%2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return catalogue;
}

QStringList placeholders(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("%(?:\\d+|n)"));
    QStringList found;
    for (auto it = pattern.globalMatch(text); it.hasNext();)
        found.append(it.next().captured());
    std::sort(found.begin(), found.end());
    return found;
}

QStringList accelerators(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("&(?!&)(\\w)"));
    QStringList found;
    for (auto it = pattern.globalMatch(text); it.hasNext();)
        found.append(it.next().captured(1).toUpper());
    return found;
}

bool isCurrent(const CatalogueMessage &message)
{
    return message.translationType != QLatin1String("vanished") && message.translationType != QLatin1String("obsolete");
}

QString where(const CatalogueMessage &message)
{
    return QStringLiteral("%1: \"%2\"").arg(message.context, message.source.left(80));
}

QString cataloguePath(const char *name)
{
    return QStringLiteral(BOOTBENCH_SOURCE_DIR "/translations/") + QLatin1String(name);
}

} // namespace

class TranslationCataloguesTest : public QObject
{
    Q_OBJECT

private slots:
    void japaneseIsFinishedAndKeepsPlaceholders();
    void englishPluralsHaveTheirForms();
    void bothCataloguesHoldTheSameMessages();
    void theCheckFindsBrokenMessages();
};

namespace {

QStringList problemsOfJapanese(const Catalogue &catalogue)
{
    QStringList problems;
    for (const auto &message : catalogue.messages) {
        if (!isCurrent(message))
            continue;
        if (message.translationType == QLatin1String("unfinished")) {
            problems.append(QStringLiteral("unfinished: %1").arg(where(message)));
            continue;
        }
        if (message.translations.isEmpty() ||
            std::any_of(message.translations.cbegin(), message.translations.cend(),
                        [](const QString &text) { return text.trimmed().isEmpty(); })) {
            problems.append(QStringLiteral("empty translation: %1").arg(where(message)));
            continue;
        }
        for (const auto &translation : message.translations) {
            if (placeholders(translation) != placeholders(message.source))
                problems.append(QStringLiteral("placeholders differ: %1 → \"%2\"").arg(where(message), translation));
            if (accelerators(translation) != accelerators(message.source))
                problems.append(QStringLiteral("accelerator differs: %1 → \"%2\"").arg(where(message), translation));
        }
    }
    return problems;
}

} // namespace

void TranslationCataloguesTest::japaneseIsFinishedAndKeepsPlaceholders()
{
    const auto catalogue = readCatalogue(cataloguePath("bootbench_ja.ts"));
    QVERIFY2(catalogue.error.isEmpty(), qPrintable(catalogue.error));
    QCOMPARE(catalogue.language, QStringLiteral("ja_JP"));
    QVERIFY2(catalogue.messages.size() > 100, "the Japanese catalogue holds almost nothing");
    const auto problems = problemsOfJapanese(catalogue);
    QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("%1 problem(s) in translations/bootbench_ja.ts "
                                                           "(open it in Qt Linguist):\n")
                                                .arg(problems.size()) +
                                            problems.join(QLatin1Char('\n'))));
}

void TranslationCataloguesTest::englishPluralsHaveTheirForms()
{
    const auto catalogue = readCatalogue(cataloguePath("bootbench_en.ts"));
    QVERIFY2(catalogue.error.isEmpty(), qPrintable(catalogue.error));
    QStringList problems;
    int plurals = 0;
    for (const auto &message : catalogue.messages) {
        if (!isCurrent(message) || !message.numerus)
            continue;
        ++plurals;
        if (message.translationType == QLatin1String("unfinished") || message.translations.size() != 2 ||
            message.translations.contains(QString()))
            problems.append(QStringLiteral("English plural without its two forms: %1").arg(where(message)));
        for (const auto &form : message.translations) {
            if (placeholders(form) != placeholders(message.source))
                problems.append(QStringLiteral("placeholders differ: %1 → \"%2\"").arg(where(message), form));
        }
    }
    QVERIFY2(plurals > 0, "no plural message found: the catalogue was not read as expected");
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void TranslationCataloguesTest::bothCataloguesHoldTheSameMessages()
{
    const auto japanese = readCatalogue(cataloguePath("bootbench_ja.ts"));
    const auto english = readCatalogue(cataloguePath("bootbench_en.ts"));
    QVERIFY2(japanese.error.isEmpty() && english.error.isEmpty(), qPrintable(japanese.error + english.error));
    auto keys = [](const Catalogue &catalogue) {
        QStringList list;
        for (const auto &message : catalogue.messages) {
            if (isCurrent(message))
                list.append(message.context + QLatin1Char('\x1f') + message.source);
        }
        std::sort(list.begin(), list.end());
        return list;
    };
    QCOMPARE(keys(english), keys(japanese));
}

void TranslationCataloguesTest::theCheckFindsBrokenMessages()
{
    // The check itself must be able to fail: a catalogue with each kind of fault.
    Catalogue broken;
    auto add = [&broken](const char *source, const QString &translation, const char *type) {
        CatalogueMessage message;
        message.context = QStringLiteral("C");
        message.source = QString::fromUtf8(source);
        message.translations = {translation};
        message.translationType = QString::fromLatin1(type);
        broken.messages.append(message);
    };
    add("Port %1 taken", QStringLiteral("ポート使用中"), "");
    add("&Save", QStringLiteral("保存"), "");
    add("New", QString(), "unfinished");
    add("Gone", QString(), "vanished");
    add("Port %1 of %2", QStringLiteral("%2 のポート %1"), "");
    const auto problems = problemsOfJapanese(broken);
    QCOMPARE(problems.size(), 3);
    QVERIFY(problems.at(0).startsWith(QLatin1String("placeholders differ")));
    QVERIFY(problems.at(1).startsWith(QLatin1String("accelerator differs")));
    QVERIFY(problems.at(2).startsWith(QLatin1String("unfinished")));
}

QTEST_GUILESS_MAIN(TranslationCataloguesTest)
#include "tst_translationcatalogues.moc"
