#include "cli/clicontext.h"

#include "cli/terminaltext.h"
#include "editors/menudiagnostictext.h"

#include "menu/menuparser.h"
#include "menu/menupassword.h"
#include "store/bundlerepository.h"
#include "store/settingsrepository.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QSaveFile>

namespace bootbench {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(bootbench::MenuCommand)
};

// "FILE:LINE:COLUMN: error: message [code]", worded in the user's language (the code stays).
QString diagnosticLine(const MenuDiagnostic &d, const QString &fileName)
{
    const QString severity = d.severity == MenuDiagnostic::Severity::Error ? MenuDiagnosticText::tr("error")
                                                                           : MenuDiagnosticText::tr("warning");
    return QStringLiteral("%1:%2:%3: %4: %5 [%6]")
        .arg(fileName)
        .arg(d.line)
        .arg(d.column)
        .arg(severity, MenuDiagnosticText::message(d), diagnosticCodeKey(d.code));
}

QString shippedMenu()
{
    QFile f(QStringLiteral(":/bootbench/pxemenu.txt"));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}
} // namespace

int runMenuCommand(const CliContext &cli)
{
    const QString verb = cli.arg(0);
    SettingsRepository settings(cli.store);
    QString error;
    if (verb == QLatin1String("export")) {
        QString text = settings.menuText(&error);
        if (!error.isEmpty())
            return cli.fail(error);
        if (text.isEmpty())
            text = shippedMenu();
        if (cli.arg(1).isEmpty() || cli.arg(1) == QLatin1String("-")) {
            cli.out << text;
            return kExitOk;
        }
        QSaveFile file(cli.arg(1));
        const QByteArray bytes = text.toUtf8();
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
            return cli.fail(Tr::tr("cannot write %1: %2").arg(cli.arg(1), file.errorString()));
        cli.out << Tr::tr("exported the menu to %1").arg(cli.arg(1)) << Qt::endl;
        return kExitOk;
    }
    if (verb == QLatin1String("hash-password")) {
        // The password comes on standard input so it never shows in the process list.
        QTextStream in(stdin);
        const QString password = in.readLine();
        if (password.isEmpty())
            return cli.fail(
                Tr::tr("give the password on standard input, e.g. echo -n secret | bootbench menu hash-password"));
        cli.out << MenuPassword::hash(password) << Qt::endl;
        return kExitOk;
    }
    if (verb != QLatin1String("check") && verb != QLatin1String("import"))
        return cli.usage(
            QStringLiteral("menu check FILE | menu import FILE | menu export [FILE] | menu hash-password"));
    if (cli.arg(1).isEmpty())
        return cli.usage(QStringLiteral("menu %1 FILE").arg(verb));
    QFile file(cli.arg(1));
    if (!file.open(QIODevice::ReadOnly))
        return cli.fail(Tr::tr("cannot read %1: %2").arg(cli.arg(1), file.errorString()));
    const QByteArray bytes = file.readAll();
    if (qsizetype bad = 0; !TerminalText::isText(bytes, &bad)) {
        // A binary file (or another encoding): say where, show that line escaped, never raw.
        const qsizetype lineStart = bytes.lastIndexOf('\n', bad) + 1;
        const qsizetype lineEnd = bytes.indexOf('\n', bad);
        const QByteArray lineBytes = bytes.mid(lineStart, (lineEnd < 0 ? bytes.size() : lineEnd) - lineStart);
        return cli.fail(Tr::tr("%1 is not a text file: byte %2 on line %3, column %4 is not UTF-8 text "
                               "(the menu is plain UTF-8 text). The line: %5")
                            .arg(cli.arg(1), TerminalText::fromBytes(bytes.mid(bad, 1)))
                            .arg(bytes.left(bad).count('\n') + 1)
                            .arg(bad - lineStart + 1)
                            .arg(TerminalText::fromBytes(lineBytes.left(120))));
    }
    const QString text = QString::fromUtf8(bytes);
    MenuParseResult parsed = MenuParser::parse(text);
    QStringList bundleNames;
    for (const Bundle &b : BundleRepository(cli.store).list(&error))
        bundleNames << b.name;
    parsed.diagnostics << MenuParser::checkBundles(parsed.menu, bundleNames);
    const QString fileName = QFileInfo(cli.arg(1)).fileName();
    if (cli.line.json) {
        QJsonArray arr;
        for (const MenuDiagnostic &d : parsed.diagnostics)
            arr.append(QJsonObject{{QStringLiteral("line"), d.line},
                                   {QStringLiteral("column"), d.column},
                                   {QStringLiteral("severity"), diagnosticSeverityKey(d.severity)},
                                   {QStringLiteral("code"), diagnosticCodeKey(d.code)},
                                   {QStringLiteral("message"), d.message}});
        if (verb == QLatin1String("check") || parsed.hasErrors())
            cli.printJson(QJsonObject{{QStringLiteral("file"), cli.arg(1)},
                                      {QStringLiteral("errors"), parsed.errorCount()},
                                      {QStringLiteral("diagnostics"), arr}});
    } else {
        for (const MenuDiagnostic &d : parsed.diagnostics)
            (d.severity == MenuDiagnostic::Severity::Error ? cli.err : cli.out)
                << TerminalText::escaped(diagnosticLine(d, fileName)) << '\n';
        cli.err.flush();
        cli.out.flush();
    }
    if (parsed.hasErrors()) {
        if (verb == QLatin1String("import"))
            cli.err << Tr::tr("%1: %n error(s); nothing was imported", nullptr, parsed.errorCount()).arg(cli.arg(1))
                    << Qt::endl;
        return kExitFailure;
    }
    if (verb == QLatin1String("check")) {
        if (!cli.line.json)
            cli.out << Tr::tr("%1: no errors").arg(cli.arg(1)) << Qt::endl;
        return kExitOk;
    }
    if (!settings.setMenuText(text, &error))
        return cli.fail(error);
    cli.out << Tr::tr("imported the menu from %1").arg(cli.arg(1)) << Qt::endl;
    return kExitOk;
}

} // namespace bootbench
