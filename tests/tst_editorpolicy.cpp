// Acceptance: a bundle created and assigned in the GUI is what the policy service hands out on the
// next boot. The editors are driven like a user on the GUI thread while the policy service runs on
// its own worker thread; every request is asynchronous, and a heartbeat on the GUI thread proves
// that it never blocks while the service answers.
#include "tst_editorfixture.h"

#include "editors/assignmentseditor.h"
#include "editors/assignmentwidgets.h"
#include "editors/bundleform.h"
#include "editors/bundleseditor.h"
#include "editors/deviceseditor.h"
#include "editors/imageactioneditors.h"
#include "editors/imagepicker.h"
#include "policy/devicetoken.h"
#include "policy/policyservice.h"
#include "services/eventstream.h"
#include "services/servicehost.h"
#include "store/assignmentrepository.h"
#include "store/settingsrepository.h"
#include "store/storewatcher.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTimer>

using namespace bootbench;
using namespace bootbench::test;

namespace {
const QString kMac = QStringLiteral("52:54:00:ab:cd:01");
const QString kHyphenMac = QStringLiteral("52-54-00-ab-cd-01");

struct Reply
{
    int status = 0;
    QByteArray body;
    int heartbeats = 0; // GUI-thread timer ticks while the request was in flight
    qint64 ms = 0;
    QString text() const { return QString::fromUtf8(body); }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};
} // namespace

class TestEditorPolicy : public QObject
{
    Q_OBJECT

    EditorFixture m_fx;
    std::unique_ptr<EventStream> m_events;
    std::unique_ptr<ServiceHost> m_host;
    PolicyService *m_service = nullptr;
    QNetworkAccessManager m_net;
    QTimer m_heartbeat;
    int m_beats = 0;

    // Sent without waiting on the GUI thread: the event loop runs (and the heartbeat ticks) until
    // the reply is in.
    Reply request(const QByteArray &method, const QString &path, const QByteArray &body = {}, const QString &token = {})
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_service->port()).arg(path)));
        if (!token.isEmpty())
            req.setRawHeader("Authorization", "Bearer " + token.toLatin1());
        if (!body.isEmpty())
            req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        const int before = m_beats;
        QElapsedTimer clock;
        clock.start();
        QNetworkReply *reply = m_net.sendCustomRequest(req, method, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished() && !done.wait(10000))
            qWarning("%s %s timed out", method.constData(), qPrintable(path));
        Reply r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        r.heartbeats = m_beats - before;
        r.ms = clock.elapsed();
        reply->deleteLater();
        return r;
    }

    QString token() const
    {
        QString error;
        const QString secret = SettingsRepository(*m_fx.store).value(DeviceToken::settingKey(), {}, &error);
        return DeviceToken::make(secret.toLatin1(), kMac);
    }

private slots:
    void initTestCase()
    {
        m_heartbeat.setInterval(5);
        connect(&m_heartbeat, &QTimer::timeout, this, [this] { ++m_beats; });
        m_heartbeat.start();
        m_events = std::make_unique<EventStream>(nullptr, 10);
        ServiceConfig config;
        config.address = QHostAddress(QHostAddress::LocalHost);
        config.httpPort = 0;
        config.tftpRoot = m_fx.dir.filePath(QStringLiteral("tftp"));
        config.dataDir = m_fx.dir.path();
        m_host = std::make_unique<ServiceHost>();
        auto service = std::make_unique<PolicyService>(config, m_events.get(), m_fx.store.get());
        m_service = service.get();
        m_host->addService(std::move(service));
        m_host->start(QStringLiteral("policy"));
        QTRY_COMPARE_WITH_TIMEOUT(m_service->status().state, ServiceState::Running, 5000);
    }

    void cleanupTestCase()
    {
        m_host.reset();
        m_events.reset();
    }

    void bundleMadeInTheGuiIsHandedOut()
    {
        m_fx.writeFile(QStringLiteral("images/win11-lab.img"), QByteArray(1 << 20, 'x'));
        QString error;
        const QString sha = sha256OfFile(m_fx.dir.filePath(QStringLiteral("images/win11-lab.img")), {}, &error);

        // The technician adds the machine, makes the bundle and assigns it — in the editors.
        DevicesEditor devices(*m_fx.store);
        devices.show();
        QTest::keyClicks(devices.newMacEdit(), kHyphenMac.toUpper());
        QTest::keyClicks(devices.newNameEdit(), QStringLiteral("lab-pc-01"));
        QVERIFY2(devices.addDevice(), qPrintable(devices.statusText()));

        BundlesEditor bundles(*m_fx.store, m_fx.images());
        bundles.show();
        bundles.newBundle();
        BundleForm *form = bundles.form();
        QTest::keyClicks(form->nameEdit(), QStringLiteral("win11-lab"));
        form->kindCombo()->setCurrentIndex(form->kindCombo()->findData(int(BundleKind::ImageRestore)));
        QTest::keyClicks(form->kernelParamsEdit(), QStringLiteral("quiet splash"));
        auto *restore = qobject_cast<RestoreActionEditor *>(form->editorFor(QStringLiteral("restore")));
        restore->picker()->refresh();
        restore->picker()->combo()->setCurrentIndex(
            restore->picker()->combo()->findText(QStringLiteral("win11-lab.img")));
        QTRY_VERIFY(form->isValid()); // the checksum is computed off the GUI thread
        QVERIFY2(bundles.save(), qPrintable(bundles.statusText()));

        AssignmentsEditor assignments(*m_fx.store);
        assignments.show();
        StoreWatcher watcher(*m_fx.store, 50);
        connect(&watcher, &StoreWatcher::changed, &assignments, &AssignmentsEditor::reload);
        QVERIFY(assignments.selectDevices({kMac}));
        QVERIFY2(assignments.assign(assignments.deviceTable()->selectedMacs(), QStringLiteral("win11-lab"), false),
                 qPrintable(assignments.statusText()));

        // Next boot, phase 4: the device has work, and it is vendor imaging (z_auto.cfg).
        Reply r = request("GET", QStringLiteral("/ipxe/work?mac=%1&platform=pcbios").arg(kHyphenMac));
        QCOMPARE(r.status, 200);
        QVERIFY2(r.text().contains(QLatin1String("z_auto.cfg")), qPrintable(r.text()));
        QVERIFY2(r.text().contains(QLatin1String("chain --replace tftp://127.0.0.1/pxelinux.0")), qPrintable(r.text()));
        QVERIFY2(r.heartbeats > 0 || r.ms < 5, "the GUI thread did not run while the service answered");

        // Phase 8: the imaging engine gets exactly the bundle made in the editor.
        r = request("GET", QStringLiteral("/api/v1/devices/%1/work").arg(kMac), {}, token());
        QCOMPARE(r.status, 200);
        const QJsonObject bundle = r.json().value(QStringLiteral("bundle")).toObject();
        QCOMPARE(bundle.value(QStringLiteral("name")).toString(), QStringLiteral("win11-lab"));
        QCOMPARE(bundle.value(QStringLiteral("kind")).toString(), QStringLiteral("image-restore"));
        QVERIFY2(bundle.value(QStringLiteral("kernelParams")).toString().contains(QLatin1String("quiet splash")),
                 qPrintable(r.text()));
        const QJsonObject params = bundle.value(QStringLiteral("actions"))
                                       .toArray()
                                       .at(0)
                                       .toObject()
                                       .value(QStringLiteral("params"))
                                       .toObject();
        QCOMPARE(params.value(QStringLiteral("image")).toString(), QStringLiteral("win11-lab.img"));
        QCOMPARE(params.value(QStringLiteral("sha256")).toString(), sha);
        QCOMPARE(params.value(QStringLiteral("size")).toInteger(), qint64(1 << 20));
        QCOMPARE(params.value(QStringLiteral("disk")).toString(), QStringLiteral("/dev/sda"));

        // The editor follows the service's bookkeeping while it runs: running, then cleared (once).
        QTableWidget *table = assignments.assignmentTable();
        QTRY_COMPARE(table->item(0, 4)->text(), QStringLiteral("running"));
        r = request("POST", QStringLiteral("/api/v1/devices/%1/result").arg(kMac), R"({"success":true})", token());
        QCOMPARE(r.status, 200);
        QTRY_COMPARE(table->rowCount(), 0);

        // And the boot after that has no work: the device boots its own disk.
        r = request("GET", QStringLiteral("/ipxe/work?mac=%1").arg(kHyphenMac));
        QVERIFY2(r.text().endsWith(QLatin1String("\nexit\n")), qPrintable(r.text()));
    }
};

QTEST_MAIN(TestEditorPolicy)
#include "tst_editorpolicy.moc"
