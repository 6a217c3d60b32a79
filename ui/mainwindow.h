#pragma once

#include "editors/unsavededits.h"
#include "model/bootevent.h"
#include "services/appcontext.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QMainWindow>

#include <memory>

class QLabel;
class QTabWidget;

namespace bootbench {

class BenchEventsView;
class BenchMonitor;
class EventReplayer;
class MonitorPage;
class ServicesPanel;
class StoreReader;
class StoreWatcher;
class ThroughputView;

// The technician's window: the services panel and the throughput/counters on the left, the bench
// monitor (timeline, device table, device details) as the first page, editor pages after it.
// Live events come from the context's EventStream; earlier ones from the store.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(const AppContext &context, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Adds a page (e.g. an editor) as a tab after the monitor; the window takes ownership.
    void addPage(QWidget *page, const QString &title);

    // Plays a recorded event log (JSON array of events, or JSON Lines) into the monitor instead of
    // the live bench: speed 1 = real time, N = N× faster, 0 = as fast as possible. The replay does
    // not reach the store or the services. False with a message when the file cannot be opened;
    // it is read on a worker thread (replayFailed() when it is not an event log).
    bool startReplay(const QString &path, double speed, QString *error);
    // Shows the events of [from, to) from the store instead of the live bench.
    bool openTimeRange(const QDateTime &from, const QDateTime &to, QString *error);

    // Asks about each editor page's unsaved edits (Save / Discard / Cancel); true when none are
    // left unsaved, false when the user cancelled or a save failed. Closing and quitting ask.
    bool resolveUnsavedEdits();
    void setUnsavedPrompt(UnsavedPrompt prompt) { m_unsavedPrompt = std::move(prompt); }
    // Ctrl+S: saves the editor page shown; false when it has nothing to save or cannot.
    bool saveCurrentPage();
    // "Unsaved changes: …" in the status bar while an editor has some ("" otherwise).
    QString unsavedStatusText() const;

    ServicesPanel *servicesPanel() const { return m_services; }
    QTabWidget *pages() const { return m_pages; }
    MonitorPage *monitorPage() const { return m_page; }
    BenchMonitor *monitor() const { return m_monitor; }
    ThroughputView *throughputView() const { return m_throughput; }
    BenchEventsView *benchEvents() const { return m_benchEvents; }
    EventReplayer *replayer() const { return m_replayer.get(); }

public slots:
    void showLive();

signals:
    // The replay started by startReplay() has played every event.
    void replayFinished();
    // The file given to startReplay() could not be read as an event log.
    void replayFailed(const QString &error);
    // The history shown at start (or a time range) has been read from the store.
    void historyLoaded();

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void buildMenus();
    void restoreLayout();
    // Keeps the window (with its frame) within its screen's available geometry.
    void fitToScreen();
    void readFirstStartStore();
    void updateFirstStart();
    void goToFirstStartStep(int step);
    void saveLayout() const;
    void onLiveBatch(const BootEventBatch &batch);
    void onStoreEvents(int id, const BootEventBatch &events, const QString &error);
    void chooseReplay();
    void chooseTimeRange();
    void exportTimeline();
    void exportEvents();
    void exportTable();
    void writeEvents(const QString &path, const BootEventBatch &events);
    BootEventBatch eventsInMemory() const;

    const AppContext m_context;
    QTabWidget *m_pages = nullptr;
    ServicesPanel *m_services = nullptr;
    BenchMonitor *m_monitor = nullptr;
    MonitorPage *m_page = nullptr;
    ThroughputView *m_throughput = nullptr;
    BenchEventsView *m_benchEvents = nullptr;
    std::unique_ptr<StoreReader> m_reader;
    StoreWatcher *m_watcher = nullptr;
    std::unique_ptr<EventStream> m_replayStream;
    std::unique_ptr<EventReplayer> m_replayer;
    QString m_replayName;
    QElapsedTimer m_replayProgressShown; // the banner's progress text changes at most 4 times a second
    struct LoadedLog
    {
        BootEventBatch events;
        QString error;
    };
    int m_replayLoad = 0; // the newest replay being read
    int m_startupRequest = 0;
    int m_rangeRequest = 0;
    int m_exportRequest = 0;
    QString m_exportPath;
    bool m_startupLoaded = true;
    bool m_fitted = false;
    UnsavedPrompt m_unsavedPrompt = messageBoxUnsavedPrompt();
    QLabel *m_unsavedLabel = nullptr;
    void updateUnsavedStatus();
    bool m_hasBundle = false;
    bool m_hasAssignmentOrRule = false;
    BootEventBatch m_heldLive; // live batches held while the startup history is read
};

} // namespace bootbench
