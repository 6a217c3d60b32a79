// TerminalText: what is not printable text reaches the terminal escaped, never raw.
#include "cli/terminaltext.h"

#include <QTest>

using namespace bootbench;

class TestTerminalText : public QObject
{
    Q_OBJECT

private slots:
    void controlCharactersAreEscaped()
    {
        QCOMPARE(TerminalText::escaped(QStringLiteral("a\x1b[31mb")), QStringLiteral("a\\x1b[31mb"));
        QCOMPARE(TerminalText::escaped(QString::fromLatin1("x\0y", 3)), QStringLiteral("x\\x00y"));
        QCOMPARE(TerminalText::escaped(QStringLiteral("cr\rdel\x7f")), QStringLiteral("cr\\x0ddel\\x7f"));
        QCOMPARE(TerminalText::escaped(QString(QChar(0x9b))), QStringLiteral("\\x9b"));       // C1 CSI
        QCOMPARE(TerminalText::escaped(QString(QChar(0x202e))), QStringLiteral("\\u{202e}")); // bidi override
    }

    void textStaysAsItIs()
    {
        const QString text = QStringLiteral("メニュー \"main\"\tline 1\nline 2 é 😀");
        QCOMPARE(TerminalText::escaped(text), text);
        QCOMPARE(TerminalText::fromBytes(text.toUtf8()), text);
    }

    void bytesThatAreNotUtf8AreEscaped()
    {
        QCOMPARE(TerminalText::fromBytes(QByteArray("\xff\xfe"
                                                    "A\x00"
                                                    "B",
                                                    5)),
                 QStringLiteral("\\xff\\xfeA\\x00B"));
        // A cut-off sequence, an overlong '/', a UTF-16 surrogate: each byte shown.
        QCOMPARE(TerminalText::fromBytes(QByteArray("\xe3\x83")), QStringLiteral("\\xe3\\x83"));
        QCOMPARE(TerminalText::fromBytes(QByteArray("\xc0\xaf")), QStringLiteral("\\xc0\\xaf"));
        QCOMPARE(TerminalText::fromBytes(QByteArray("\xed\xa0\x80")), QStringLiteral("\\xed\\xa0\\x80"));
        QCOMPARE(TerminalText::fromBytes(QByteArray("ok \xe3\x83\xa1")), QStringLiteral("ok メ"));
    }

    void isTextFindsTheFirstOffendingByte()
    {
        qsizetype bad = -1;
        QVERIFY(TerminalText::isText(QStringLiteral("title \"ブート\"\r\n\tok\f").toUtf8(), &bad));
        QVERIFY(!TerminalText::isText(QByteArray("title x\n\x7f"
                                                 "ELF",
                                                 12),
                                      &bad));
        QCOMPARE(bad, 8);
        QVERIFY(!TerminalText::isText(QByteArray("ab\xffz"), &bad));
        QCOMPARE(bad, 2);
        QVERIFY(!TerminalText::isText(QByteArray("a\x00", 2), &bad));
        QCOMPARE(bad, 1);
    }
};

QTEST_GUILESS_MAIN(TestTerminalText)
#include "tst_terminaltext.moc"
