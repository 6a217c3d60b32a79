#include "cli/clicontext.h"

#include "model/macaddress.h"
#include "policy/devicetoken.h"
#include "store/devicerepository.h"
#include "store/eventrepository.h"
#include "store/settingsrepository.h"

#include <QCoreApplication>

namespace bootbench {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(bootbench::DeviceCommand)
};

int list(const CliContext &cli)
{
    QString error;
    const QList<Device> devices = DeviceRepository(cli.store).list(&error);
    if (!error.isEmpty())
        return cli.fail(error);
    if (cli.line.json) {
        QJsonArray arr;
        for (const Device &d : devices)
            arr.append(d.toJson());
        cli.printJson(arr);
        return kExitOk;
    }
    QList<QStringList> rows;
    for (const Device &d : devices)
        rows << QStringList{d.mac, d.name, d.architecture,
                            d.lastSeen.isValid() ? d.lastSeen.toString(Qt::ISODate) : QString()};
    cli.printTable({Tr::tr("MAC"), Tr::tr("NAME"), Tr::tr("ARCH"), Tr::tr("LAST SEEN")}, rows);
    return kExitOk;
}

int events(const CliContext &cli)
{
    const bool all = cli.isSet("all");
    const QString mac = all ? QString() : normaliseMac(cli.arg(1));
    if (!all && mac.isEmpty())
        return cli.arg(1).isEmpty() ? cli.usage(QStringLiteral("device events MAC | device events --all"))
                                    : cli.fail(Tr::tr("\"%1\" is not a MAC address").arg(cli.arg(1)));
    QString error;
    const BootEventBatch events = EventRepository(cli.store).query(mac, {}, {}, 0, &error);
    if (!error.isEmpty())
        return cli.fail(error);
    if (cli.line.json) {
        QJsonArray arr;
        for (const BootEvent &e : events)
            arr.append(e.toJson());
        cli.printJson(arr);
        return kExitOk;
    }
    for (const BootEvent &e : events)
        cli.out << e.toLogLine() << '\n';
    cli.out.flush();
    return kExitOk;
}
// The engine token of a MAC (policy/devicetoken.h), with the store's secret; the secret is created
// as the policy service would on first use, so the token stays valid when the service starts.
int token(const CliContext &cli)
{
    const QString mac = normaliseMac(cli.arg(1));
    if (mac.isEmpty())
        return cli.arg(1).isEmpty() ? cli.usage(QStringLiteral("device token MAC"))
                                    : cli.fail(Tr::tr("\"%1\" is not a MAC address").arg(cli.arg(1)));
    QString error;
    SettingsRepository settings(cli.store);
    QString secret = settings.value(DeviceToken::settingKey(), QString(), &error);
    if (!error.isEmpty())
        return cli.fail(error);
    if (secret.isEmpty()) {
        secret =
            settings.valueOrInsert(DeviceToken::settingKey(), QString::fromLatin1(DeviceToken::newSecret()), &error);
        if (secret.isEmpty())
            return cli.fail(error);
    }
    const QString token = DeviceToken::make(secret.toLatin1(), mac);
    if (cli.line.json)
        cli.printJson(QJsonObject{{QStringLiteral("mac"), mac}, {QStringLiteral("token"), token}});
    else
        cli.out << token << Qt::endl;
    return kExitOk;
}
} // namespace

int runDeviceCommand(const CliContext &cli)
{
    const QString verb = cli.arg(0);
    DeviceRepository devices(cli.store);
    QString error;
    if (verb == QLatin1String("list"))
        return list(cli);
    if (verb == QLatin1String("events"))
        return events(cli);
    if (verb == QLatin1String("show")) {
        if (cli.arg(1).isEmpty())
            return cli.usage(QStringLiteral("device show MAC"));
        const auto d = devices.find(cli.arg(1), &error);
        if (!d)
            return cli.fail(error.isEmpty() ? Tr::tr("there is no device with MAC %1").arg(cli.arg(1)) : error);
        if (cli.line.json) {
            cli.printJson(d->toJson());
        } else {
            const QJsonObject o = d->toJson();
            for (auto it = o.begin(); it != o.end(); ++it)
                cli.out << it.key() << ": " << (it->isObject() ? QStringLiteral("{...}") : it->toVariant().toString())
                        << '\n';
        }
        return kExitOk;
    }
    if (verb == QLatin1String("add")) {
        if (cli.arg(1).isEmpty())
            return cli.usage(QStringLiteral("device add MAC [--name NAME]"));
        Device d;
        d.mac = cli.arg(1);
        d.name = cli.option("name");
        if (!devices.add(d, &error))
            return cli.fail(error);
        if (cli.line.json)
            cli.printJson(devices.find(d.mac, &error)->toJson());
        else
            cli.out << Tr::tr("added device %1").arg(normaliseMac(d.mac)) << Qt::endl;
        return kExitOk;
    }
    if (verb == QLatin1String("remove")) {
        if (cli.arg(1).isEmpty())
            return cli.usage(QStringLiteral("device remove MAC"));
        if (!devices.remove(cli.arg(1), &error))
            return cli.fail(error);
        if (cli.line.json)
            cli.printJson(QJsonObject{{QStringLiteral("removed"), normaliseMac(cli.arg(1))}});
        else
            cli.out << Tr::tr("removed device %1").arg(normaliseMac(cli.arg(1))) << Qt::endl;
        return kExitOk;
    }
    if (verb == QLatin1String("token"))
        return token(cli);
    return cli.usage(QStringLiteral("device list|show|add|remove|events|token ..."));
}

} // namespace bootbench
