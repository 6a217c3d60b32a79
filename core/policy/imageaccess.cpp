#include "policy/imageaccess.h"

#include "images/imagestore.h"
#include "model/bundleactions.h"
#include "model/macaddress.h"
#include "policy/devicetoken.h"
#include "policy/policycontext.h"
#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/devicerepository.h"

#include <QFileInfo>
#include <QJsonObject>
#include <QUrl>

namespace bootbench {

namespace {

const char kOverwrite[] = "overwrite"; // take action: may replace an existing image (bool)

bool isDownloadAction(const BundleAction &a)
{
    return a.type == QLatin1String(actionkey::kRestore) || a.type == QLatin1String(actionkey::kMulticast);
}

bool isFolderFormat(const BundleAction &a)
{
    return a.params.value(QLatin1String(paramkey::kFormat)).toString() == QLatin1String(paramkey::kFormatFolder);
}

ImageAccess::Decision refuse(ImageAccess::Decision d, int status, const QString &error)
{
    d.status = status;
    d.error = error;
    return d;
}

} // namespace

bool ImageAccess::isServableName(const QString &image)
{
    if (image.isEmpty() || image.startsWith(QLatin1Char('/')) || image.endsWith(QLatin1String(".part")) ||
        image.contains(QLatin1Char('\\')))
        return false;
    for (const QChar c : image) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return false;
    }
    const QStringList segments = image.split(QLatin1Char('/'));
    for (const QString &s : segments) {
        if (s.isEmpty() || s.startsWith(QLatin1Char('.')))
            return false; // also "." and ".."
    }
    return true;
}

bool ImageAccess::isFolderAction(const BundleAction &action)
{
    return (isDownloadAction(action) || action.type == QLatin1String(actionkey::kTake)) && isFolderFormat(action);
}

QString ImageAccess::imageUrl(const QString &imageBaseUrl, const QString &mac, const QString &image)
{
    QStringList segments = image.split(QLatin1Char('/'));
    for (QString &s : segments)
        s = QString::fromLatin1(QUrl::toPercentEncoding(s));
    return imageBaseUrl + routePrefix() + mac + QStringLiteral("/images/") + segments.join(QLatin1Char('/'));
}

ImageAccess::Decision ImageAccess::check(PolicyContext &context, const ImageStore &store, Direction direction,
                                         const QString &decodedPath, const QString &token, const QHostAddress &peer)
{
    Decision d;
    if (!decodedPath.startsWith(routePrefix()))
        return refuse(
            d, 404,
            QStringLiteral("no such path: %1 (images are at /api/v1/devices/MAC/images/NAME)").arg(decodedPath));
    const QString rest = decodedPath.mid(routePrefix().size());
    const qsizetype slash = rest.indexOf(QLatin1Char('/'));
    const QString macText = rest.left(slash);
    if (slash < 0 || rest.mid(slash + 1, 7) != QLatin1String("images/"))
        return refuse(
            d, 404,
            QStringLiteral("no such image route: %1 (images are at /api/v1/devices/MAC/images/NAME)").arg(decodedPath));
    d.image = rest.mid(slash + 8);
    d.mac = normaliseMac(macText);
    if (d.mac.isEmpty())
        return refuse(d, 404, QStringLiteral("\"%1\" is not a MAC address").arg(macText));

    QString error;
    const QByteArray secret = context.tokenSecret(&error);
    if (secret.isEmpty())
        return refuse(d, 500, error);
    if (!DeviceToken::check(secret, d.mac, token)) {
        context.publish(d.mac, QStringLiteral("engine-unauthorised"), Phase::Imaging, Outcome::None,
                        QStringLiteral("image %1 with a missing or wrong token").arg(d.image), peer.toString(),
                        BootEvent::Severity::Warning, QStringLiteral("engine"));
        return refuse(d, 401,
                      QStringLiteral("missing or wrong device token (Authorization: Bearer TOKEN, "
                                     "from bootbench.token= on the kernel command line)"));
    }
    d.authorised = true;
    if (!isServableName(d.image))
        return refuse(d, 400,
                      QStringLiteral("\"%1\" is not an image name: it must be a path inside the image store "
                                     "without hidden parts, \"..\" or a .part ending")
                          .arg(d.image));
    d.path = store.absolutePath(d.image);
    if (d.path.isEmpty())
        return refuse(d, 400, QStringLiteral("\"%1\" leaves the image store").arg(d.image));

    if (!DeviceRepository(context.store()).find(d.mac, &error))
        return refuse(d, error.isEmpty() ? 404 : 500,
                      error.isEmpty() ? QStringLiteral("there is no device with MAC %1").arg(d.mac) : error);
    const std::optional<Assignment> a = AssignmentRepository(context.store()).forDevice(d.mac, &error);
    if (!a)
        return refuse(d, error.isEmpty() ? 403 : 500,
                      error.isEmpty() ? QStringLiteral("%1 has no assignment, so no image is open to it").arg(d.mac)
                                      : error);
    d.bundle = a->bundleName;
    const std::optional<Bundle> bundle = BundleRepository(context.store()).find(a->bundleName, &error);
    if (!bundle)
        return refuse(d, error.isEmpty() ? 403 : 500,
                      error.isEmpty() ? QStringLiteral("bundle \"%1\" no longer exists").arg(a->bundleName) : error);
    bool referenced = false;
    for (const BundleAction &action : bundle->actions) {
        const bool fits = direction == Direction::Download ? isDownloadAction(action)
                                                           : action.type == QLatin1String(actionkey::kTake);
        const QString image = action.params.value(QLatin1String(paramkey::kImage)).toString();
        if (fits && isFolderFormat(action)) {
            // A folder image: the files directly inside the folder, nothing deeper.
            if (d.image.size() > image.size() + 1 && d.image.startsWith(image + QLatin1Char('/')) &&
                !d.image.mid(image.size() + 1).contains(QLatin1Char('/'))) {
                referenced = true;
                d.folder = image;
                d.folderFile = d.image.mid(image.size() + 1);
                const bool complete = QFileInfo::exists(store.absolutePath(image) + QLatin1Char('/') + manifestName());
                // The files of a take that never finished (no manifest) are replaced by the next one.
                if (direction == Direction::Upload)
                    d.overwrite = action.params.value(QLatin1String(kOverwrite)).toBool() || !complete;
                if (direction == Direction::Download && !complete)
                    return refuse(d, 404,
                                  QStringLiteral("image \"%1\" is not complete: it has no %2 (a take that did not "
                                                 "finish)")
                                      .arg(image, manifestName()));
            }
        } else if (fits && image == d.image) {
            referenced = true;
            if (direction == Direction::Upload)
                d.overwrite = action.params.value(QLatin1String(kOverwrite)).toBool();
        }
    }
    if (!referenced)
        return refuse(d, 403,
                      direction == Direction::Download
                          ? QStringLiteral("bundle \"%1\" restores no image \"%2\"; only its images can be "
                                           "downloaded by %3")
                                .arg(bundle->name, d.image, d.mac)
                          : QStringLiteral("bundle \"%1\" takes no image \"%2\"; only the image of its take action "
                                           "can be uploaded by %3")
                                .arg(bundle->name, d.image, d.mac));
    if (direction == Direction::Download && !QFileInfo(d.path).isFile())
        return refuse(d, 404, QStringLiteral("image \"%1\" is not in the image store %2").arg(d.image, store.root()));
    // A symbolic link inside the store must not lead out of it either.
    const QString canonicalRoot = QFileInfo(store.root()).canonicalFilePath();
    QFileInfo existing(d.path);
    while (!existing.exists() && existing.absoluteFilePath() != store.root())
        existing = QFileInfo(existing.absolutePath());
    const QString canonical = existing.canonicalFilePath();
    if (existing.exists() && canonical != canonicalRoot && !canonical.startsWith(canonicalRoot + QLatin1Char('/')))
        return refuse(d, 403, QStringLiteral("\"%1\" leads out of the image store").arg(d.image));
    return d;
}

QJsonArray ImageAccess::bundleImages(const Bundle &bundle, const ImageStore &store, const QString &imageBaseUrl,
                                     const QString &mac)
{
    QJsonArray out;
    for (int i = 0; i < bundle.actions.size(); ++i) {
        const BundleAction &a = bundle.actions.at(i);
        const bool download = isDownloadAction(a);
        if (!download && a.type != QLatin1String(actionkey::kTake))
            continue;
        const QString image = a.params.value(QLatin1String(paramkey::kImage)).toString();
        if (!isServableName(image))
            continue;
        const bool folder = isFolderFormat(a);
        const QFileInfo fi(store.absolutePath(image) + (folder ? QLatin1Char('/') + manifestName() : QString()));
        QJsonObject o{{QStringLiteral("action"), i},
                      {QStringLiteral("direction"), download ? QStringLiteral("download") : QStringLiteral("upload")},
                      {QStringLiteral("image"), image},
                      {QStringLiteral("url"), imageUrl(imageBaseUrl, mac, image)},
                      {QStringLiteral("exists"), fi.isFile()},
                      {QStringLiteral("size"), fi.isFile() ? double(fi.size()) : -1.0}};
        if (folder) {
            // The URL of the folder: its files are at URL/FILE, manifest.json first (docs/images.md).
            o.insert(QStringLiteral("format"), QLatin1String(paramkey::kFormatFolder));
            o.insert(QStringLiteral("disk"), a.params.value(QLatin1String(paramkey::kDisk)).toString());
            if (a.params.contains(QLatin1String(paramkey::kLevel)))
                o.insert(QStringLiteral("level"), a.params.value(QLatin1String(paramkey::kLevel)).toInt());
        }
        const QString sha = a.params.value(QLatin1String(paramkey::kSha256)).toString();
        if (download && !sha.isEmpty())
            o.insert(QStringLiteral("sha256"), sha);
        if (!download)
            o.insert(QStringLiteral("overwrite"), a.params.value(QLatin1String(kOverwrite)).toBool());
        out.append(o);
    }
    return out;
}

} // namespace bootbench
