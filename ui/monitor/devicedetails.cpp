#include "monitor/devicedetails.h"

#include "monitor/benchmonitor.h"
#include "monitor/devicetablemodel.h"
#include "monitor/eventlistmodel.h"
#include "timeline/storereader.h"

#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace bootbench {

namespace {
constexpr int kStoreLimit = 50000;

QString row(const QString &key, const QString &value)
{
    return QStringLiteral("<tr><td style='color:#57606a; padding-right:8px'>%1</td><td>%2</td></tr>")
        .arg(key.toHtmlEscaped(), value.isEmpty() ? QStringLiteral("—") : value.toHtmlEscaped());
}

QString section(const QString &title)
{
    return QStringLiteral("<tr><td colspan='2' style='padding-top:6px'><b>%1</b></td></tr>").arg(title.toHtmlEscaped());
}

QString when(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}
} // namespace

DeviceDetails::DeviceDetails(BenchMonitor *monitor, StoreReader *reader, QWidget *parent)
    : QWidget(parent)
    , m_monitor(monitor)
    , m_reader(reader)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_title = new QLabel(tr("Click a lane or a row to see a device."), this);
    m_title->setObjectName(QStringLiteral("detailsTitle"));
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setWordWrap(true);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("detailsSummary"));
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("detailsNote"));
    m_note->setWordWrap(true);
    m_note->setStyleSheet(QStringLiteral("color: #57606a;"));
    m_note->hide();
    m_events = new EventListModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("deviceEvents"));
    m_table->setModel(m_events);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 4);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(EventListModel::Detail, QHeaderView::Stretch);
    m_table->setColumnWidth(EventListModel::Time,
                            m_table->fontMetrics().horizontalAdvance(QStringLiteral("0000-00-00 00:00:00.000  ")));
    layout->addWidget(m_title);
    auto *split = new QSplitter(Qt::Vertical, this);
    auto *scroll = new QScrollArea(split);
    scroll->setWidget(m_summary);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *eventsBox = new QWidget(split);
    auto *eventsLayout = new QVBoxLayout(eventsBox);
    eventsLayout->setContentsMargins(0, 0, 0, 0);
    eventsLayout->addWidget(m_note);
    eventsLayout->addWidget(m_table, 1);
    split->addWidget(scroll);
    split->addWidget(eventsBox);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({200, 220});
    layout->addWidget(split, 1);

    connect(m_monitor, &BenchMonitor::selectedChanged, this, &DeviceDetails::showDevice);
    connect(m_monitor, &BenchMonitor::eventsShown, this, &DeviceDetails::onEvents);
    connect(m_monitor, &BenchMonitor::lanesChanged, this, [this](const PhaseTracker::Changes &changes) {
        const int row = m_monitor->tracker().rowOf(m_mac);
        if (row >= 0 && (changes.changedRows.contains(row) || row >= changes.firstNewRow))
            renderSummary();
    });
    connect(m_monitor, &BenchMonitor::reset, this, [this] { showDevice(m_monitor->selectedMac()); });
    if (m_reader) {
        connect(m_reader, &StoreReader::eventsReady, this, &DeviceDetails::onStoreEvents);
        connect(m_reader, &StoreReader::deviceReady, this, &DeviceDetails::onStoreDevice);
    }
}

DeviceDetails::~DeviceDetails() = default;

QString DeviceDetails::summaryText() const
{
    return m_summary->text();
}

QString DeviceDetails::noteText() const
{
    return m_note->isVisibleTo(this) ? m_note->text() : QString();
}

void DeviceDetails::showDevice(const QString &mac)
{
    m_mac = mac;
    m_pending.clear();
    m_record = DeviceRecord{};
    m_eventsRequest = m_deviceRequest = 0;
    m_note->hide();
    const int row = m_monitor->tracker().rowOf(mac);
    if (mac.isEmpty() || row < 0) {
        m_events->setEvents({});
        m_title->setText(tr("Click a lane or a row to see a device."));
        m_summary->clear();
        return;
    }
    // Identity and assignment always come from the store when there is one; the event history
    // too, except for a replay (its events never reached the store).
    if (m_reader)
        m_deviceRequest = m_reader->requestDevice(mac);
    const bool eventsFromStore = m_reader && m_monitor->source() != BenchMonitor::Source::Replay;
    if (eventsFromStore) {
        m_eventsRequest = m_reader->requestEvents(mac, {}, {}, kStoreLimit);
        m_events->setEvents({});
        m_note->setText(tr("Reading the event history from the store…"));
        m_note->show();
    } else {
        const DeviceLane &lane = m_monitor->tracker().lane(row);
        m_events->setEvents(BootEventBatch(lane.recent.cbegin(), lane.recent.cend()));
        if (lane.eventCount > qint64(lane.recent.size())) {
            m_note->setText(tr("Showing the newest %1 of %2 events: only these are kept in memory for a replay "
                               "or without a store; older ones are summarised on the timeline.")
                                .arg(lane.recent.size())
                                .arg(lane.eventCount));
            m_note->show();
        }
    }
    renderSummary();
    m_table->scrollToBottom();
}

void DeviceDetails::onEvents(const BootEventBatch &batch)
{
    if (m_mac.isEmpty())
        return;
    BootEventBatch mine;
    for (const BootEvent &e : batch) {
        if (e.mac == m_mac)
            mine.append(e);
    }
    if (mine.isEmpty())
        return;
    if (m_eventsRequest != 0) {
        m_pending += mine; // the store's answer comes first
        return;
    }
    m_events->append(mine);
    m_table->scrollToBottom();
}

void DeviceDetails::onStoreEvents(int id, const BootEventBatch &events, const QString &error)
{
    if (id != m_eventsRequest)
        return;
    m_eventsRequest = 0;
    BootEventBatch all = events;
    // Live events the store already had when it answered are not added twice.
    const QDateTime newest = events.isEmpty() ? QDateTime() : events.last().time;
    for (const BootEvent &e : std::as_const(m_pending)) {
        if (!newest.isValid() || e.time > newest)
            all.append(e);
    }
    m_pending.clear();
    m_events->setEvents(all);
    if (!error.isEmpty()) {
        m_note->setText(tr("The event history could not be read: %1").arg(error));
        m_note->show();
    } else if (events.size() >= kStoreLimit) {
        m_note->setText(tr("Showing the newest %1 events of this device.").arg(kStoreLimit));
        m_note->show();
    } else {
        m_note->hide();
    }
    m_table->scrollToBottom();
}

void DeviceDetails::onStoreDevice(int id, const DeviceRecord &record, const QString &error)
{
    if (id != m_deviceRequest)
        return;
    m_deviceRequest = 0;
    m_record = record;
    if (!error.isEmpty()) {
        m_note->setText(tr("The device could not be read from the store: %1").arg(error));
        m_note->show();
    }
    renderSummary();
}

void DeviceDetails::renderSummary()
{
    const int trackerRow = m_monitor->tracker().rowOf(m_mac);
    if (trackerRow < 0)
        return;
    const DeviceLane &lane = m_monitor->tracker().lane(trackerRow);
    const Device &d = m_record.device;
    m_title->setText(lane.label() + QStringLiteral(" — ") + DeviceTableModel::stateText(lane.state));
    m_title->setStyleSheet(lane.state == LaneState::Failed ? QStringLiteral("color: #cf222e;") : QString());

    // Two columns: where the device is and who it is; its hardware, disk identity and work.
    const QString open = QStringLiteral("<table cellspacing='0' cellpadding='1'>");
    QString html =
        QStringLiteral("<table cellspacing='0' cellpadding='0'><tr><td valign='top' style='padding-right:18px'>") +
        open;
    html += section(tr("Now"));
    html += row(tr("Phase"), DeviceTableModel::phaseText(lane.currentPhase));
    if (lane.state == LaneState::Failed)
        html += row(tr("Failure"), lane.failureReason);
    html += row(tr("Last event"), lane.lastEvent);
    if (!lane.transfer.file.isEmpty())
        html += row(tr("Transfer"), lane.transfer.file + QStringLiteral("  ") +
                                        (lane.transfer.total > 0 ? QStringLiteral("%1 %").arg(lane.transfer.percent())
                                                                 : DeviceTableModel::bytesText(lane.transfer.bytes)));
    if (!lane.engine.stage.isEmpty())
        html += row(lane.engine.active ? tr("Engine") : tr("Engine (last report)"),
                    DeviceTableModel::engineText(lane.engine));
    html += section(tr("Identity"));
    html += row(tr("MAC"), lane.mac);
    html += row(tr("Name"), lane.name.isEmpty() ? d.name : lane.name);
    html += row(tr("IP address"), lane.ip);
    if (m_record.known) {
        html += row(tr("UUID"), d.uuid);
        html += row(tr("Serial number"), d.serial);
        html += row(tr("Asset tag"), d.assetTag);
        html += row(tr("First seen"), when(d.firstSeen));
        html += QStringLiteral("</table></td><td valign='top'>") + open;
        html += section(tr("Hardware"));
        html += row(tr("Manufacturer / model"), QString(d.manufacturer + QLatin1Char(' ') + d.model).trimmed());
        html += row(tr("Architecture"), d.architecture.isEmpty() ? lane.architecture : d.architecture);
        html += row(tr("Memory"), d.ramMb > 0 ? tr("%1 MB").arg(d.ramMb) : QString());
        html += row(tr("Disk"), d.diskMb > 0 ? tr("%1 MB").arg(d.diskMb) : QString());
        const ImageSafeData &s = d.imageSafe;
        html += section(tr("Image-safe data"));
        html += row(tr("Addressing"), s.useDhcp ? tr("DHCP") : tr("static"));
        if (!s.useDhcp) {
            html += row(tr("IP / mask / gateway"), QStringList{s.ip, s.mask, s.gateway}.join(QStringLiteral(" / ")));
            html += row(tr("DNS servers"), s.dnsServers.join(QStringLiteral(", ")));
        }
        html += row(tr("Host name"), s.hostName);
        html += row(tr("DNS suffix"), s.dnsSuffix);
        html += row(tr("Just imaged"), s.justImaged ? tr("yes") : tr("no"));
    } else {
        html += row(tr("Architecture"), lane.architecture);
        if (m_reader && m_deviceRequest == 0)
            html += row(tr("In the store"), tr("not registered yet"));
        html += QStringLiteral("</table></td><td valign='top'>") + open;
    }
    html += section(tr("Assignment"));
    if (m_record.assigned) {
        const Assignment &a = m_record.assignment;
        html += row(tr("Bundle"), a.bundleName + QStringLiteral(" (") + (a.persistent ? tr("persistent") : tr("once")) +
                                      QLatin1Char(')'));
        html += row(tr("State"), assignmentStateKey(a.state));
        if (!a.reason.isEmpty())
            html += row(tr("Reason"), a.reason);
        html += row(tr("Started / finished"), when(a.started) + QStringLiteral(" / ") + when(a.finished));
    } else {
        html += row(tr("Bundle"),
                    lane.bundle.isEmpty() ? tr("none") : lane.bundle + QStringLiteral(" — ") + lane.bundleState);
    }
    html += QStringLiteral("</table></td></tr></table>");
    if (!lane.engineLog.isEmpty()) // the end of the engine's log, as its result brought it
        html += QStringLiteral("<p><b>%1</b></p><pre style='margin:0'>%2</pre>")
                    .arg(tr("Engine log").toHtmlEscaped(), lane.engineLog.toHtmlEscaped());
    m_summary->setText(html);
}

} // namespace bootbench
