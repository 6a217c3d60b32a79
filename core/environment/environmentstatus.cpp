#include "environmentstatus.h"

#include "packagequery.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace bootbench {

QString environmentStateKey(EnvironmentState state)
{
    switch (state) {
    case EnvironmentState::Missing: return QStringLiteral("missing");
    case EnvironmentState::Stale: return QStringLiteral("stale");
    case EnvironmentState::Ready: return QStringLiteral("ready");
    }
    return {};
}

QJsonObject EnvironmentStatus::toJson() const
{
    QJsonObject o{{QStringLiteral("state"), environmentStateKey(state)},
                  {QStringLiteral("reasons"), QJsonArray::fromStringList(reasons)},
                  {QStringLiteral("newestKernel"), newestKernel},
                  {QStringLiteral("missingPackages"), QJsonArray::fromStringList(missingPackages)},
                  {QStringLiteral("installCommand"), installCommand}};
    if (!engineError.isEmpty())
        o.insert(QStringLiteral("engineError"), engineError);
    if (state != EnvironmentState::Missing)
        o.insert(QStringLiteral("build"), manifest.toJson());
    return o;
}

EnvironmentStatus EnvironmentStatusCheck::check(const EnvironmentOptions &options)
{
    EnvironmentStatus s;
    QString error;
    s.newestKernel = EnvironmentInputs::newestKernel(&error);
    const QStringList wanted = EnvironmentRecipe::packages(options.tools);
    const QMap<QString, QString> installed = PackageQuery::installedVersions(wanted, &error);
    for (const QString &p : wanted) {
        if (!installed.contains(p))
            s.missingPackages << p;
    }
    if (!s.missingPackages.isEmpty())
        s.installCommand = PackageQuery::installCommand(s.missingPackages);
    QString engineError;
    const QString engine = EnvironmentInputs::findEngine(options, &engineError);
    s.engineError = engineError;

    const QString manifestPath = QDir(options.tftpRoot).filePath(EnvironmentManifest::fileName());
    QFile f(manifestPath);
    if (!f.open(QIODevice::ReadOnly)) {
        s.reasons << QStringLiteral("not built yet: %1 does not exist").arg(manifestPath);
        return s;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parseError);
    if (!doc.isObject()) {
        s.reasons << QStringLiteral("%1 is not valid JSON: %2").arg(manifestPath, parseError.errorString());
        return s;
    }
    s.manifest = EnvironmentManifest::fromJson(doc.object());
    for (const EnvironmentPart &p : std::as_const(s.manifest.parts)) {
        const QFileInfo file(QDir(options.tftpRoot).filePath(p.path));
        if (!file.isFile()) {
            s.reasons << QStringLiteral("%1 is missing").arg(file.filePath());
            s.state = EnvironmentState::Missing;
        } else if (file.size() != p.size) {
            s.reasons << QStringLiteral("%1 has %2 bytes, the build made %3")
                             .arg(file.filePath())
                             .arg(file.size())
                             .arg(p.size);
        }
    }
    if (s.state == EnvironmentState::Missing && !s.reasons.isEmpty())
        return s;
    if (s.manifest.parts.isEmpty())
        s.reasons << QStringLiteral("%1 lists no file").arg(manifestPath);
    if (!s.newestKernel.isEmpty() && s.newestKernel != s.manifest.kernelRelease)
        s.reasons << QStringLiteral("the newest kernel is now %1, the build has %2")
                         .arg(s.newestKernel, s.manifest.kernelRelease);
    const QMap<QString, QString> now = PackageQuery::installedVersions(s.manifest.packages.keys(), &error);
    for (auto it = s.manifest.packages.cbegin(); it != s.manifest.packages.cend(); ++it) {
        const QString current = now.value(it.key());
        if (current.isEmpty())
            s.reasons
                << QStringLiteral("package %1 (%2 at the build) is no longer installed").arg(it.key(), it.value());
        else if (current != it.value())
            s.reasons
                << QStringLiteral("package %1 changed: %2 at the build, %3 now").arg(it.key(), it.value(), current);
    }
    if (s.manifest.recipe != EnvironmentRecipe::fingerprint(options.modules, options.tools))
        s.reasons << QStringLiteral("this Bootbench builds the environment differently");
    if (!engine.isEmpty() && EnvironmentInputs::sha256OfFile(engine) != s.manifest.engineSha256)
        s.reasons << QStringLiteral("the engine %1 changed").arg(engine);
    if (EnvironmentInputs::firmwareFiles(options.dataDir) != s.manifest.firmware)
        s.reasons
            << QStringLiteral("the firmware folder %1 changed").arg(EnvironmentInputs::firmwareFolder(options.dataDir));
    s.state = s.reasons.isEmpty() ? EnvironmentState::Ready : EnvironmentState::Stale;
    return s;
}

} // namespace bootbench
