#pragma once
// Shared by the editor tests: a store and an image store in a temporary folder.

#include "images/imagestore.h"
#include "model/bundleactions.h"
#include "store/bundlerepository.h"
#include "store/devicerepository.h"
#include "store/store.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace bootbench::test {

struct EditorFixture
{
    QTemporaryDir dir;
    std::unique_ptr<Store> store;

    EditorFixture()
    {
        DatabaseUrl url;
        url.path = dir.filePath(QStringLiteral("bootbench.db"));
        QString error;
        store = Store::open(url, &error);
        if (!store)
            qFatal("cannot open the test store: %s", qPrintable(error));
    }

    QString imageRoot() const { return dir.filePath(QStringLiteral("images")); }
    ImageStore images() const { return ImageStore(imageRoot()); }

    QString writeFile(const QString &relative, const QByteArray &data) const
    {
        const QString path = dir.filePath(relative);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    void addDevice(const QString &mac, const QString &name = {}, const QString &manufacturer = {},
                   const QString &model = {}, qint64 ramMb = 0) const
    {
        Device d;
        d.mac = mac;
        d.name = name;
        d.manufacturer = manufacturer;
        d.model = model;
        d.ramMb = ramMb;
        QString error;
        if (!DeviceRepository(*store).add(d, &error))
            qFatal("cannot add device: %s", qPrintable(error));
    }

    // A folder image (docs/images.md) in the image store: disk.head and one stream per
    // (filesystem, stream size) with the manifest naming their real sizes and SHA-256.
    void writeFolderImage(const QString &name, const QString &fromDevice,
                          const QList<QPair<QString, qint64>> &partitions) const
    {
        const auto hashOf = [](const QByteArray &data) {
            return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
        };
        const QByteArray head(1 << 20, '\x01');
        writeFile(QStringLiteral("images/%1/disk.head").arg(name), head);
        QJsonArray parts;
        qint64 start = 2048;
        for (int i = 0; i < partitions.size(); ++i) {
            const auto &[fs, bytes] = partitions.at(i);
            QByteArray data(bytes, Qt::Uninitialized);
            for (qint64 j = 0; j < bytes; ++j)
                data[j] = char((j * 7 + i) % 251);
            const QString stream = QStringLiteral("p%1.%2.pcl.zst")
                                       .arg(i + 1)
                                       .arg(fs == QLatin1String("ext4") ? QStringLiteral("extfs") : fs);
            writeFile(QStringLiteral("images/%1/%2").arg(name, stream), data);
            parts.append(QJsonObject{{QStringLiteral("number"), i + 1},
                                     {QStringLiteral("start"), double(start)},
                                     {QStringLiteral("size"), 204800},
                                     {QStringLiteral("type"), QStringLiteral("83")},
                                     {QStringLiteral("filesystem"), fs},
                                     {QStringLiteral("method"), QStringLiteral("partclone")},
                                     {QStringLiteral("usedBytes"), double(bytes * 3)},
                                     {QStringLiteral("stream"), stream},
                                     {QStringLiteral("streamSize"), double(bytes)},
                                     {QStringLiteral("sha256"), hashOf(data)}});
            start += 204800;
        }
        const QJsonObject manifest{
            {QStringLiteral("format"), QStringLiteral("bootbench-image")},
            {QStringLiteral("version"), 1},
            {QStringLiteral("taken"), QStringLiteral("2026-12-01T09:30:00Z")},
            {QStringLiteral("source"), QJsonObject{{QStringLiteral("mac"), QStringLiteral("52:54:00:1a:00:07")},
                                                   {QStringLiteral("name"), fromDevice},
                                                   {QStringLiteral("disk"), QStringLiteral("/dev/sda")}}},
            {QStringLiteral("disk"),
             QJsonObject{{QStringLiteral("size"), double(start * 512 + (1 << 20))},
                         {QStringLiteral("sectorSize"), 512},
                         {QStringLiteral("table"), QStringLiteral("gpt")},
                         {QStringLiteral("sfdisk"), QStringLiteral("label: gpt\n")},
                         {QStringLiteral("head"), QJsonObject{{QStringLiteral("file"), QStringLiteral("disk.head")},
                                                              {QStringLiteral("size"), double(head.size())},
                                                              {QStringLiteral("sha256"), hashOf(head)}}}}},
            {QStringLiteral("partitions"), parts}};
        writeFile(QStringLiteral("images/%1/manifest.json").arg(name), QJsonDocument(manifest).toJson());
    }

    void addBundle(const QString &name, BundleKind kind = BundleKind::Empty) const
    {
        Bundle b;
        b.name = name;
        b.kind = kind;
        if (kind == BundleKind::Script) {
            b.actions << defaultAction(QString::fromLatin1(actionkey::kScript));
            b.actions[0].params[QLatin1String(paramkey::kScript)] = QStringLiteral("echo hi");
        }
        QString error;
        if (!BundleRepository(*store).add(b, &error))
            qFatal("cannot add bundle: %s", qPrintable(error));
    }
};

} // namespace bootbench::test
