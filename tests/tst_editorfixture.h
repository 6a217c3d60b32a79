#pragma once
// Shared by the editor tests: a store and an image store in a temporary folder.

#include "images/imagestore.h"
#include "model/bundleactions.h"
#include "store/bundlerepository.h"
#include "store/devicerepository.h"
#include "store/store.h"

#include <QDir>
#include <QFile>
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
