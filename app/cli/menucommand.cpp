#include "cli/clicontext.h"

#include "store/settingsrepository.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>

namespace bootbench {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(bootbench::MenuCommand)
};

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
    if (verb != QLatin1String("check") && verb != QLatin1String("import"))
        return cli.usage(QStringLiteral("menu check FILE | menu import FILE | menu export [FILE]"));
    if (cli.arg(1).isEmpty())
        return cli.usage(QStringLiteral("menu %1 FILE").arg(verb));
    QFile file(cli.arg(1));
    if (!file.open(QIODevice::ReadOnly))
        return cli.fail(Tr::tr("cannot read %1: %2").arg(cli.arg(1), file.errorString()));
    const QString text = QString::fromUtf8(file.readAll());
    if (verb == QLatin1String("check"))
        return cli.fail(Tr::tr("menu check is not available yet"));
    if (!settings.setMenuText(text, &error))
        return cli.fail(error);
    cli.out << Tr::tr("imported the menu from %1").arg(cli.arg(1)) << Qt::endl;
    return kExitOk;
}

} // namespace bootbench
