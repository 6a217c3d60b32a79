#pragma once

#include "model/bundle.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QString>

namespace bootbench {

class ImageStore;
class PolicyContext;

// Who may fetch or store which image over the image routes (docs/http-api.md, "Images"):
//   GET/HEAD /api/v1/devices/MAC/images/NAME   an image a restore or multicast action of the
//                                              device's assigned bundle names
//   PUT      /api/v1/devices/MAC/images/NAME   the image a take action of that bundle names
// With the per-device token, exactly like the other engine routes. NAME is the image's path
// relative to the image store (percent-encoded); hidden names, "*.part" and paths leaving the
// store are refused.
class ImageAccess
{
public:
    enum class Direction { Download, Upload };

    struct Decision
    {
        int status = 200;        // 200: allowed; else the 4xx/5xx to answer
        QString error;           // what is wrong, for the answer and the event
        QString mac;             // normalised, once the path named one
        bool authorised = false; // the token was right (events only name a device then)
        QString image;           // the relative name
        QString path;            // absolute path in the store
        QString bundle;          // the assigned bundle
        bool overwrite = false;  // upload: the take action allows replacing an existing image
        // A folder image (docs/images.md): the folder's name and the file in it the request names.
        QString folder;
        QString folderFile;
    };

    static QString routePrefix() { return QStringLiteral("/api/v1/devices/"); }
    // `decodedPath` is the percent-decoded path, `token` from Authorization: Bearer or ?token=.
    static Decision check(PolicyContext &context, const ImageStore &store, Direction direction,
                          const QString &decodedPath, const QString &token, const QHostAddress &peer);

    // For GET work: the images of a bundle with the URL to use, the size on the server and the
    // checksum the bundle stores. [{"action": index, "direction": "download"|"upload", "image",
    // "url", "size" (-1 when absent), "exists", "sha256" (when stored), "overwrite"}].
    static QJsonArray bundleImages(const Bundle &bundle, const ImageStore &store, const QString &imageBaseUrl,
                                   const QString &mac);
    // The URL of an image route: BASE/api/v1/devices/MAC/images/NAME (NAME percent-encoded per segment).
    static QString imageUrl(const QString &imageBaseUrl, const QString &mac, const QString &image);
    // A name the image routes accept: relative, no empty, "." or ".." segment, no hidden segment,
    // not "*.part", no backslash or control character.
    static bool isServableName(const QString &image);
    // A take or restore action whose image is a folder image ("format": "folder", docs/images.md).
    static bool isFolderAction(const BundleAction &action);
    static QString manifestName() { return QStringLiteral("manifest.json"); }
};

} // namespace bootbench
