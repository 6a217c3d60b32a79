#include "mainwindow.h"

#include "bootchain/firststart.h"
#include "config/windowgeometry.h"
#include "monitor/benchevents.h"
#include "monitor/benchmonitor.h"
#include "monitor/firststartguide.h"
#include "monitor/monitorpage.h"
#include "monitor/throughputview.h"
#include "monitor/timelineview.h"
#include "services/eventstream.h"
#include "servicespanel.h"
#include "store/assignmentrepository.h"
#include "store/bundlerepository.h"
#include "store/rulerepository.h"
#include "timeline/eventlog.h"
#include "timeline/eventreplayer.h"
#include "timeline/storereader.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPromise>
#include <QSaveFile>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTabWidget>
#include <QThreadPool>
#include <QTimer>

namespace bootbench {

namespace {
constexpr int kStartupHistoryHours = 12;
constexpr int kHistoryLimit = 500000;
constexpr int kRevisionPollMs = 2000;

QString rangeText(const QDateTime &from, const QDateTime &to)
{
    const QString format = QStringLiteral("yyyy-MM-dd HH:mm");
    return from.toLocalTime().toString(format) + QStringLiteral(" – ") + to.toLocalTime().toString(format);
}

QString speedText(double speed)
{
    return speed <= 0 ? MainWindow::tr("as fast as possible") : MainWindow::tr("%1×").arg(speed);
}
} // namespace

MainWindow::MainWindow(const AppContext &context, QWidget *parent)
    : QMainWindow(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("Bootbench"));

    m_monitor = new BenchMonitor(this);
    if (m_context.store)
        m_reader = std::make_unique<StoreReader>(*m_context.store);

    m_pages = new QTabWidget(this);
    m_pages->setObjectName(QStringLiteral("pages"));
    m_pages->setDocumentMode(true);
    m_page = new MonitorPage(m_monitor, m_reader.get(), m_pages);
    m_pages->addTab(m_page, tr("Monitor"));
    setCentralWidget(m_pages);

    m_services = new ServicesPanel(m_context, this);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_services);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(m_services->minimumSizeHint().width() + 24);
    auto *servicesDock = new QDockWidget(tr("Services"), this);
    servicesDock->setObjectName(QStringLiteral("servicesDock"));
    servicesDock->setWidget(scroll);
    // Closable, so View › Services hides and shows it again.
    servicesDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                              QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, servicesDock);

    m_throughput = new ThroughputView(m_monitor, this);
    auto *throughputDock = new QDockWidget(tr("Devices and throughput"), this);
    throughputDock->setObjectName(QStringLiteral("throughputDock"));
    throughputDock->setWidget(m_throughput);
    throughputDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                                QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, throughputDock);

    // Events without a device (no MAC) have no lane: they are listed here.
    m_benchEvents = new BenchEventsView(m_monitor, this);
    auto *benchDock = new QDockWidget(tr("Bench events"), this);
    benchDock->setObjectName(QStringLiteral("benchEventsDock"));
    benchDock->setWidget(m_benchEvents);
    benchDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                           QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, benchDock);
    tabifyDockWidget(throughputDock, benchDock);
    throughputDock->raise();
    connect(m_benchEvents, &BenchEventsView::countChanged, benchDock, [benchDock](int count) {
        benchDock->setWindowTitle(count > 0 ? tr("Bench events (%1)").arg(count) : tr("Bench events"));
    });

    connect(m_page, &MonitorPage::backToLiveRequested, this, &MainWindow::showLive);
    if (m_context.events)
        connect(m_context.events, &EventStream::batchReady, this, &MainWindow::onLiveBatch);

    if (m_reader) {
        connect(m_reader.get(), &StoreReader::eventsReady, this, &MainWindow::onStoreEvents);
        connect(m_reader.get(), &StoreReader::directoryReady, m_monitor,
                [this](int, const QList<DeviceRecord> &records, const QString &error) {
                    if (error.isEmpty())
                        m_monitor->applyDirectory(records);
                    else
                        statusBar()->showMessage(tr("The device list could not be read: %1").arg(error));
                });
        // Names and assignments follow changes made elsewhere (the editors, the command line).
        auto *poll = new QTimer(this);
        poll->setInterval(kRevisionPollMs);
        auto *revision = new qint64(-1);
        connect(this, &QObject::destroyed, [revision] { delete revision; });
        connect(m_reader.get(), &StoreReader::revisionReady, this, [this, revision](int, qint64 value) {
            if (value != *revision) {
                *revision = value;
                m_reader->requestDirectory();
                readFirstStartStore();
            }
            updateFirstStart(); // the imaging environment may have appeared meanwhile
        });
        connect(poll, &QTimer::timeout, this, [this] { m_reader->requestRevision(); });
        poll->start();
        m_reader->requestRevision();
        // Earlier sessions: the last hours come from the store; live batches wait for them.
        m_startupLoaded = false;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        m_startupRequest = m_reader->requestEvents({}, now.addSecs(-3600 * kStartupHistoryHours), {}, kHistoryLimit);
        statusBar()->showMessage(
            tr("Reading the last %n hour(s) of events from the store…", nullptr, kStartupHistoryHours));
    }

    // The first-start guide: its facts follow the services panel, the store and the TFTP root.
    connect(m_services, &ServicesPanel::configChanged, this, &MainWindow::updateFirstStart);
    connect(m_services, &ServicesPanel::statesChanged, this, &MainWindow::updateFirstStart);
    connect(m_page->firstStartGuide(), &FirstStartGuide::stepActivated, this,
            [this](FirstStartStep step) { goToFirstStartStep(int(step)); });

    // Unsaved edits in any editor are said in the status bar, whichever page is shown.
    m_unsavedLabel = new QLabel(this);
    m_unsavedLabel->setObjectName(QStringLiteral("unsavedStatus"));
    m_unsavedLabel->setStyleSheet(QStringLiteral("color: #9a6700; font-weight: bold;"));
    statusBar()->addPermanentWidget(m_unsavedLabel);
    auto *unsavedPoll = new QTimer(this);
    unsavedPoll->setInterval(500);
    connect(unsavedPoll, &QTimer::timeout, this, &MainWindow::updateUnsavedStatus);
    unsavedPoll->start();

    buildMenus();
    restoreLayout();
    m_services->restore();
    readFirstStartStore();
    updateFirstStart();
}

MainWindow::~MainWindow()
{
    if (m_replayer)
        m_replayer->stop();
}

void MainWindow::addPage(QWidget *page, const QString &title)
{
    page->setParent(m_pages);
    m_pages->addTab(page, title);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Replay a recorded event log…"), this, &MainWindow::chooseReplay);
    QAction *range = file->addAction(tr("Open a &time range…"), this, &MainWindow::chooseTimeRange);
    range->setEnabled(m_reader != nullptr);
    if (!m_reader)
        range->setToolTip(tr("Needs a store"));
    QAction *live = file->addAction(tr("Back to &live"), this, &MainWindow::showLive);
    connect(m_monitor, &BenchMonitor::sourceChanged, live,
            [this, live] { live->setEnabled(m_monitor->source() != BenchMonitor::Source::Live); });
    live->setEnabled(false);
    file->addSeparator();
    file->addAction(tr("E&xport the timeline (PNG, PDF)…"), this, &MainWindow::exportTimeline);
    file->addAction(tr("Export the &events (CSV, JSON)…"), this, &MainWindow::exportEvents);
    file->addAction(tr("Export the device ta&ble (CSV)…"), this, &MainWindow::exportTable);
    file->addSeparator();
    QAction *save = file->addAction(tr("&Save"), this, &MainWindow::saveCurrentPage);
    save->setObjectName(QStringLiteral("saveAction"));
    save->setShortcut(QKeySequence::Save);
    save->setToolTip(tr("Saves the edits of the editor page shown"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *dock : findChildren<QDockWidget *>()) {
        QAction *toggle = dock->toggleViewAction();
        const QString name = dock->objectName();
        toggle->setText(name == QLatin1String("servicesDock")      ? tr("&Services")
                        : name == QLatin1String("benchEventsDock") ? tr("&Bench events")
                                                                   : tr("&Devices and throughput"));
        view->addAction(toggle);
    }
    QAction *search = view->addAction(tr("Searc&h the devices"));
    search->setObjectName(QStringLiteral("searchAction"));
    search->setShortcut(QKeySequence::Find);
    connect(search, &QAction::triggered, this, [this] {
        m_pages->setCurrentWidget(m_page);
        if (auto *edit = m_page->timeline()->findChild<QWidget *>(QStringLiteral("laneSearch")))
            edit->setFocus(Qt::ShortcutFocusReason);
    });
    // Ctrl+1 … Ctrl+9: the pages in their order (the monitor first).
    for (int i = 0; i < 9; ++i) {
        auto *page = new QAction(this);
        page->setObjectName(QStringLiteral("pageShortcut%1").arg(i + 1));
        page->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        connect(page, &QAction::triggered, this, [this, i] {
            if (i < m_pages->count())
                m_pages->setCurrentIndex(i);
        });
        addAction(page);
    }
    QAction *follow = view->addAction(tr("&Follow now"));
    follow->setShortcut(Qt::Key_End);
    connect(follow, &QAction::triggered, m_page->timeline(), [this] { m_page->timeline()->setFollowing(true); });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Bootbench"), this, [this] {
        QMessageBox::about(this, tr("About Bootbench"),
                           tr("Bootbench %1: network boot for an imaging bench, and where every machine is.")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::onLiveBatch(const BootEventBatch &batch)
{
    if (!m_startupLoaded) {
        m_heldLive += batch;
        return;
    }
    m_monitor->applyLive(batch);
}

void MainWindow::onStoreEvents(int id, const BootEventBatch &events, const QString &error)
{
    if (id == m_startupRequest) {
        m_startupRequest = 0;
        m_startupLoaded = true;
        BootEventBatch all = events;
        // Live events the store already had are not applied twice.
        const QDateTime newest = events.isEmpty() ? QDateTime() : events.last().time;
        for (const BootEvent &e : std::as_const(m_heldLive)) {
            if (!newest.isValid() || e.time > newest)
                all.append(e);
        }
        m_heldLive.clear();
        m_monitor->applyLive(all);
        statusBar()->showMessage(error.isEmpty()
                                     ? tr("%n earlier event(s) read from the store.", nullptr, int(events.size()))
                                     : tr("The earlier events could not be read: %1").arg(error),
                                 8000);
        emit historyLoaded();
    } else if (id == m_rangeRequest) {
        m_rangeRequest = 0;
        if (!error.isEmpty()) {
            QMessageBox::warning(this, tr("Open a time range"), tr("The events could not be read: %1").arg(error));
            showLive();
            return;
        }
        m_monitor->applyOther(events);
        m_monitor->setSourceDescription(m_monitor->sourceDescription() + QStringLiteral(" — ") +
                                        tr("%n event(s)", nullptr, int(events.size())));
        emit historyLoaded();
    } else if (id == m_exportRequest) {
        m_exportRequest = 0;
        if (!error.isEmpty())
            QMessageBox::warning(this, tr("Export the events"), tr("The events could not be read: %1").arg(error));
        else
            writeEvents(m_exportPath, events);
    }
}

bool MainWindow::startReplay(const QString &path, double speed, QString *error)
{
    if (m_replayer)
        m_replayer->stop();
    QFile probe(path);
    if (!probe.open(QIODevice::ReadOnly)) {
        *error = tr("cannot read %1: %2").arg(QDir::toNativeSeparators(path), probe.errorString());
        return false;
    }
    probe.close();
    m_replayStream = std::make_unique<EventStream>(nullptr, 100);
    m_replayer = std::make_unique<EventReplayer>(m_replayStream.get());
    m_replayer->setSpeed(speed);
    m_replayName = QFileInfo(path).fileName();
    connect(m_replayStream.get(), &EventStream::batchReady, m_monitor, &BenchMonitor::applyOther);
    const QString what = tr("Replaying %1 at %2").arg(m_replayName, speedText(speed));
    m_replayProgressShown.invalidate();
    connect(m_replayer.get(), &EventReplayer::progress, this, [this, what](int played, int total) {
        if (m_replayProgressShown.isValid() && m_replayProgressShown.elapsed() < 250 && played < total)
            return;
        m_replayProgressShown.start();
        if (m_monitor->source() == BenchMonitor::Source::Replay)
            m_monitor->setSourceDescription(what + QStringLiteral(" — ") +
                                            tr("%1 of %2 events").arg(played).arg(total));
    });
    connect(m_replayer.get(), &EventReplayer::finished, this, [this] {
        if (m_monitor->source() == BenchMonitor::Source::Replay)
            m_monitor->setSourceDescription(
                tr("Replay of %1 finished: %2 events").arg(m_replayName).arg(m_replayer->size()));
        emit replayFinished();
    });
    m_monitor->beginOther(BenchMonitor::Source::Replay, tr("Reading %1…").arg(m_replayName));

    // Reading and sorting a recording of 100,000 events takes most of a second: on a worker, so
    // the window keeps answering; the replay starts when it is read.
    auto promise = std::make_shared<QPromise<LoadedLog>>();
    auto *watcher = new QFutureWatcher<LoadedLog>(this);
    const int request = ++m_replayLoad;
    connect(watcher, &QFutureWatcher<LoadedLog>::finished, this, [this, watcher, request, what] {
        watcher->deleteLater();
        if (request != m_replayLoad || !m_replayer || watcher->future().resultCount() == 0)
            return; // another replay (or none) was started meanwhile
        // Taken, not copied: the replayer is then the only owner of the events (no deep copy
        // when it reads them, nothing freed when the watcher goes).
        LoadedLog log = watcher->future().takeResult();
        if (!log.error.isEmpty()) {
            m_monitor->setSourceDescription(tr("The event log cannot be replayed: %1").arg(log.error));
            emit replayFailed(log.error);
            return;
        }
        m_replayer->setEvents(std::move(log.events));
        m_monitor->setSourceDescription(what);
        m_replayer->start();
    });
    watcher->setFuture(promise->future());
    promise->start();
    QThreadPool::globalInstance()->start([promise, path] {
        LoadedLog log;
        log.events = readEventLog(path, &log.error);
        std::stable_sort(log.events.begin(), log.events.end(),
                         [](const BootEvent &a, const BootEvent &b) { return a.time < b.time; });
        promise->addResult(std::move(log));
        promise->finish();
    });
    return true;
}

bool MainWindow::openTimeRange(const QDateTime &from, const QDateTime &to, QString *error)
{
    if (!m_reader) {
        *error = tr("there is no store to read earlier events from");
        return false;
    }
    if (m_replayer)
        m_replayer->stop();
    m_monitor->beginOther(BenchMonitor::Source::History, tr("History %1").arg(rangeText(from, to)));
    m_rangeRequest = m_reader->requestEvents({}, from.toUTC(), to.toUTC(), kHistoryLimit);
    return true;
}

void MainWindow::showLive()
{
    if (m_replayer)
        m_replayer->stop();
    m_rangeRequest = 0;
    m_monitor->showLive();
}

void MainWindow::chooseReplay()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Replay a recorded event log"), m_context.dataDir,
                                                      tr("Event logs (*.json *.jsonl);;All files (*)"));
    if (path.isEmpty())
        return;
    const QStringList speeds{tr("Real time"),  tr("2× faster"),  tr("5× faster"),
                             tr("10× faster"), tr("50× faster"), tr("As fast as possible")};
    const double factors[] = {1, 2, 5, 10, 50, 0};
    bool ok = false;
    const QString choice = QInputDialog::getItem(this, tr("Replay speed"), tr("Speed:"), speeds, 3, false, &ok);
    if (!ok)
        return;
    QString error;
    if (!startReplay(path, factors[speeds.indexOf(choice)], &error))
        QMessageBox::warning(this, tr("Replay"), tr("The event log cannot be replayed: %1").arg(error));
}

void MainWindow::chooseTimeRange()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Open a time range"));
    auto *form = new QFormLayout(&dialog);
    auto *from = new QDateTimeEdit(QDateTime::currentDateTime().addSecs(-3600 * 24), &dialog);
    auto *to = new QDateTimeEdit(QDateTime::currentDateTime(), &dialog);
    from->setCalendarPopup(true);
    to->setCalendarPopup(true);
    form->addRow(tr("From:"), from);
    form->addRow(tr("To:"), to);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString error;
    if (!openTimeRange(from->dateTime(), to->dateTime(), &error))
        QMessageBox::warning(this, tr("Open a time range"), error);
}

void MainWindow::exportTimeline()
{
    QString selected;
    QString path = QFileDialog::getSaveFileName(this, tr("Export the timeline"), m_context.dataDir,
                                                tr("PNG image (*.png);;PDF document (*.pdf)"), &selected);
    if (path.isEmpty())
        return;
    const bool pdf =
        path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive) || selected.contains(QLatin1String("pdf"));
    if (QFileInfo(path).suffix().isEmpty())
        path += pdf ? QStringLiteral(".pdf") : QStringLiteral(".png");
    const bool ok = pdf ? m_page->timeline()->savePdf(path) : m_page->timeline()->savePng(path);
    if (ok)
        statusBar()->showMessage(tr("Timeline saved to %1").arg(path), 8000);
    else
        QMessageBox::warning(this, tr("Export the timeline"), tr("%1 could not be written.").arg(path));
}

BootEventBatch MainWindow::eventsInMemory() const
{
    if (m_monitor->source() == BenchMonitor::Source::Replay && m_replayer)
        return m_replayer->events().mid(0, m_replayer->position());
    BootEventBatch all;
    const PhaseTracker &tracker = m_monitor->tracker();
    for (int row = 0; row < tracker.count(); ++row)
        all += BootEventBatch(tracker.lane(row).recent.cbegin(), tracker.lane(row).recent.cend());
    std::stable_sort(all.begin(), all.end(), [](const BootEvent &a, const BootEvent &b) { return a.time < b.time; });
    return all;
}

void MainWindow::exportEvents()
{
    QString selected;
    QString path = QFileDialog::getSaveFileName(this, tr("Export the events"), m_context.dataDir,
                                                tr("CSV (*.csv);;Event log for replay (*.json)"), &selected);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += selected.contains(QLatin1String("json")) ? QStringLiteral(".json") : QStringLiteral(".csv");
    const PhaseTracker &tracker = m_monitor->tracker();
    if (m_reader && m_monitor->source() != BenchMonitor::Source::Replay && tracker.count() > 0) {
        // Everything the store has for the time shown, not only what the monitor keeps in memory.
        m_exportPath = path;
        m_exportRequest =
            m_reader->requestEvents({}, QDateTime::fromMSecsSinceEpoch(tracker.oldestEventMs(), Qt::UTC),
                                    QDateTime::fromMSecsSinceEpoch(tracker.newestEventMs() + 1, Qt::UTC), 0);
        statusBar()->showMessage(tr("Reading the events from the store…"));
        return;
    }
    writeEvents(path, eventsInMemory());
}

void MainWindow::writeEvents(const QString &path, const BootEventBatch &events)
{
    QString error;
    const bool json = path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive);
    const bool ok = json ? writeEventLog(path, events, &error) : writeEventsCsv(path, events, &error);
    if (ok)
        statusBar()->showMessage(tr("%n event(s) saved to %1", nullptr, int(events.size())).arg(path), 8000);
    else
        QMessageBox::warning(this, tr("Export the events"), error);
}

void MainWindow::exportTable()
{
    QString path =
        QFileDialog::getSaveFileName(this, tr("Export the device table"), m_context.dataDir, tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".csv");
    const QAbstractItemModel *model = m_page->tableProxy();
    const auto field = [](QString s) {
        if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')) || s.contains(QLatin1Char('\n')))
            s = QLatin1Char('"') + s.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
        return s;
    };
    QString csv;
    QStringList cells;
    for (int c = 0; c < model->columnCount(); ++c)
        cells << field(model->headerData(c, Qt::Horizontal).toString());
    csv += cells.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    for (int r = 0; r < model->rowCount(); ++r) {
        cells.clear();
        for (int c = 0; c < model->columnCount(); ++c)
            cells << field(model->index(r, c).data().toString());
        csv += cells.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    QSaveFile out(path);
    const QByteArray bytes = csv.toUtf8();
    if (out.open(QIODevice::WriteOnly) && out.write(bytes) == bytes.size() && out.commit())
        statusBar()->showMessage(tr("Device table saved to %1").arg(path), 8000);
    else
        QMessageBox::warning(this, tr("Export the device table"),
                             tr("%1 could not be written: %2").arg(path, out.errorString()));
}

void MainWindow::readFirstStartStore()
{
    if (!m_context.store)
        return;
    QString error;
    m_hasBundle = !BundleRepository(*m_context.store).list(&error).isEmpty();
    m_hasAssignmentOrRule = !AssignmentRepository(*m_context.store).list(&error).isEmpty() ||
                            !RuleRepository(*m_context.store).list(&error).isEmpty();
}

void MainWindow::updateFirstStart()
{
    const ServiceConfig config = m_services->currentConfig();
    FirstStartFacts facts;
    facts.interfaceChosen = !config.interfaceName.isEmpty();
    facts.variantChosen = m_services->variantChosen();
    facts.variantValid = config.validationError().isEmpty();
    facts.environmentReady = imagingEnvironmentReady(m_context.config.tftpRoot);
    facts.hasBundle = m_hasBundle;
    facts.hasAssignmentOrRule = m_hasAssignmentOrRule;
    facts.servicesRunning = m_services->allRunning();
    m_page->setFirstStartFacts(facts);
}

void MainWindow::goToFirstStartStep(int step)
{
    const auto showInPanel = [this](QWidget *target) {
        auto *dock = findChild<QDockWidget *>(QStringLiteral("servicesDock"));
        if (dock) {
            dock->show();
            dock->raise();
            if (auto *scroll = qobject_cast<QScrollArea *>(dock->widget()))
                scroll->ensureWidgetVisible(target);
        }
        target->setFocus(Qt::OtherFocusReason);
    };
    const auto openPage = [this](const QString &name) {
        for (int i = 0; i < m_pages->count(); ++i) {
            if (m_pages->widget(i)->objectName() == name) {
                m_pages->setCurrentIndex(i);
                return;
            }
        }
    };
    switch (FirstStartStep(step)) {
    case FirstStartStep::Interface: showInPanel(m_services->interfacePicker()); break;
    case FirstStartStep::Variant: showInPanel(m_services->variantChoice()); break;
    case FirstStartStep::Environment: showInPanel(m_services->bootFilesLabel()); break;
    case FirstStartStep::Bundle:
        openPage(m_hasBundle ? QStringLiteral("assignmentsEditor") : QStringLiteral("bundlesEditor"));
        break;
    case FirstStartStep::PowerOn: showInPanel(m_services->startAllButton()); break;
    }
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    const bool restored = restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    // At most the screen it opens on: 1500 x 950 when there is room, less on a laptop.
    const QScreen *where = screen();
    const QRect available = where ? where->availableGeometry() : QRect();
    if (!restored)
        setGeometry(fitWindowToScreen({}, available, QSize(1500, 950)));
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray())) {
        // First start: the services (where everything begins) get most of the left column.
        auto *services = findChild<QDockWidget *>(QStringLiteral("servicesDock"));
        auto *throughput = findChild<QDockWidget *>(QStringLiteral("throughputDock"));
        if (services && throughput)
            resizeDocks({services, throughput}, {geometry().height() * 2 / 3, geometry().height() / 3}, Qt::Vertical);
    }
    fitToScreen();
}

void MainWindow::fitToScreen()
{
    const QScreen *where = screen();
    if (!where || isMaximized() || isFullScreen())
        return;
    // The frame (title bar, borders) is known once shown; until then the client area is fitted.
    const QRect frame = frameGeometry();
    const QRect fitted = fitWindowToScreen(frame, where->availableGeometry());
    if (fitted == frame)
        return;
    const QMargins margins(geometry().left() - frame.left(), geometry().top() - frame.top(),
                           frame.right() - geometry().right(), frame.bottom() - geometry().bottom());
    setGeometry(fitted.marginsRemoved(margins));
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (!m_fitted) {
        m_fitted = true;
        // After the window manager placed it and added its frame.
        QTimer::singleShot(0, this, &MainWindow::fitToScreen);
    }
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
}

bool MainWindow::resolveUnsavedEdits()
{
    for (int i = 0; i < m_pages->count(); ++i) {
        const UnsavedEdits edits = UnsavedEditsOf::of(m_pages->widget(i));
        if (!edits.unsaved)
            continue;
        m_pages->setCurrentIndex(i); // the edits the question is about are in view
        switch (m_unsavedPrompt(this, edits.what)) {
        case UnsavedChoice::Save:
            if (!edits.save())
                return false; // the page says why; the user stays with the edits
            break;
        case UnsavedChoice::Discard: edits.discard(); break;
        case UnsavedChoice::Cancel: return false;
        }
    }
    updateUnsavedStatus();
    return true;
}

bool MainWindow::saveCurrentPage()
{
    const UnsavedEdits edits = UnsavedEditsOf::of(m_pages->currentWidget());
    if (!edits.editor || !edits.unsaved)
        return false;
    const bool saved = edits.save();
    updateUnsavedStatus();
    return saved;
}

QString MainWindow::unsavedStatusText() const
{
    QStringList where;
    for (int i = 0; i < m_pages->count(); ++i) {
        if (UnsavedEditsOf::of(m_pages->widget(i)).unsaved)
            where << m_pages->tabText(i).remove(QLatin1Char('&'));
    }
    return where.isEmpty() ? QString() : tr("Unsaved changes: %1").arg(where.join(QStringLiteral(", ")));
}

void MainWindow::updateUnsavedStatus()
{
    const QString text = unsavedStatusText();
    if (m_unsavedLabel->text() != text)
        m_unsavedLabel->setText(text);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!resolveUnsavedEdits()) {
        event->ignore();
        return;
    }
    saveLayout();
    event->accept();
}

} // namespace bootbench
