#include "monitor/monitorpage.h"

#include "monitor/benchmonitor.h"
#include "monitor/devicedetails.h"
#include "monitor/devicetablemodel.h"
#include "monitor/firststartguide.h"
#include "monitor/timelineview.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace bootbench {

namespace {
// The table shows the lanes the timeline's filter lets through.
class LaneFilterProxy final : public QSortFilterProxyModel
{
public:
    LaneFilterProxy(BenchMonitor *monitor, QObject *parent)
        : QSortFilterProxyModel(parent)
        , m_monitor(monitor)
    {}

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &) const override
    {
        return sourceRow < m_monitor->tracker().count() &&
               m_monitor->filter().accepts(m_monitor->tracker().lane(sourceRow));
    }

private:
    BenchMonitor *m_monitor;
};
} // namespace

MonitorPage::MonitorPage(BenchMonitor *monitor, StoreReader *reader, QWidget *parent)
    : QWidget(parent)
    , m_monitor(monitor)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    m_banner = new QWidget(this);
    m_banner->setObjectName(QStringLiteral("sourceBanner"));
    m_banner->setAutoFillBackground(true);
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(8, 4, 8, 4);
    m_bannerText = new QLabel(m_banner);
    // The text changes while a replay runs: it must not resize (and so relayout and repaint) the
    // whole page each time.
    m_bannerText->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_bannerText->setMinimumWidth(0);
    auto *live = new QPushButton(tr("Back to live"), m_banner);
    live->setObjectName(QStringLiteral("backToLive"));
    // The banner is always there (live: a plain line; a replay or history: yellow, with the way
    // back), so switching the source never relayouts and repaints the whole page.
    QSizePolicy keep = live->sizePolicy();
    keep.setRetainSizeWhenHidden(true);
    live->setSizePolicy(keep);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(live);
    layout->addWidget(m_banner);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("monitorSplit"));
    m_timeline = new TimelineView(monitor, split);

    auto *lower = new QSplitter(Qt::Horizontal, split);
    lower->setObjectName(QStringLiteral("monitorLowerSplit"));
    m_model = new DeviceTableModel(monitor, this);
    m_proxy = new LaneFilterProxy(monitor, this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(DeviceTableModel::SortRole);
    m_proxy->setDynamicSortFilter(true);
    m_table = new QTableView(lower);
    m_table->setObjectName(QStringLiteral("deviceTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 4);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    const QFontMetrics fm = m_table->fontMetrics();
    m_table->setColumnWidth(DeviceTableModel::Mac, fm.horizontalAdvance(QStringLiteral("00:00:00:00:00:00  ")));
    m_table->setColumnWidth(DeviceTableModel::Ip, fm.horizontalAdvance(QStringLiteral("000.000.000.000  ")));
    m_table->setColumnWidth(DeviceTableModel::Transfer,
                            fm.horizontalAdvance(QStringLiteral("/boot/initrd  100 % (41.9 MB of 41.9 MB), 9.0 MB/s")));
    m_table->setColumnWidth(DeviceTableModel::LastEvent,
                            fm.horizontalAdvance(QStringLiteral("00:00:00  transfer-progress /boot/root")));
    // The other columns at least as wide as their (translated) titles: no "La…", "Pha…".
    for (int c = 0; c < DeviceTableModel::ColumnCount; ++c) {
        const int title = m_table->horizontalHeader()->sectionSizeHint(c);
        if (m_table->columnWidth(c) < title)
            m_table->setColumnWidth(c, title);
    }
    m_details = new DeviceDetails(monitor, reader, lower);
    lower->addWidget(m_table);
    lower->addWidget(m_details);
    lower->setStretchFactor(0, 3);
    lower->setStretchFactor(1, 2);

    split->addWidget(m_timeline);
    split->addWidget(lower);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({600, 400});
    lower->setSizes({560, 440});
    m_split = split;
    m_guide = new FirstStartGuide(this);
    auto *guideScroll = new QScrollArea(this);
    guideScroll->setWidget(m_guide);
    guideScroll->setWidgetResizable(true);
    guideScroll->setFrameShape(QFrame::NoFrame);
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(guideScroll);
    m_stack->addWidget(split);
    layout->addWidget(m_stack, 1);

    connect(live, &QPushButton::clicked, this, &MonitorPage::backToLiveRequested);
    connect(m_monitor, &BenchMonitor::sourceChanged, this, &MonitorPage::updateBanner);
    connect(m_monitor, &BenchMonitor::orderChanged, m_proxy, &QSortFilterProxyModel::invalidate);
    connect(m_monitor, &BenchMonitor::selectedChanged, this, &MonitorPage::onSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MonitorPage::onCurrentRowChanged);
    connect(m_monitor, &BenchMonitor::lanesChanged, this, &MonitorPage::updateGuide);
    connect(m_monitor, &BenchMonitor::reset, this, &MonitorPage::updateGuide);
    connect(m_monitor, &BenchMonitor::sourceChanged, this, &MonitorPage::updateGuide);
    updateBanner();
    updateGuide();
}

MonitorPage::~MonitorPage() = default;

bool MonitorPage::firstStartGuideShown() const
{
    return m_stack->currentWidget() != m_split;
}

void MonitorPage::setFirstStartFacts(const FirstStartFacts &facts)
{
    FirstStartFacts all = facts;
    all.machinesSeen = m_monitor->tracker().count() > 0;
    m_guide->setFacts(all);
    updateGuide();
}

void MonitorPage::updateGuide()
{
    // A replay or a history range shows its machines; the guide is for the live bench only.
    FirstStartFacts facts = m_guide->facts();
    facts.machinesSeen = m_monitor->tracker().count() > 0;
    const bool shown = m_monitor->source() == BenchMonitor::Source::Live && bootbench::firstStartGuideShown(facts);
    if (facts.machinesSeen != m_guide->facts().machinesSeen)
        m_guide->setFacts(facts);
    QWidget *want = shown ? m_stack->widget(0) : m_split;
    if (m_stack->currentWidget() != want)
        m_stack->setCurrentWidget(want);
}

QString MonitorPage::bannerText() const
{
    return m_monitor->source() != BenchMonitor::Source::Live ? m_bannerText->text() : QString();
}

void MonitorPage::updateBanner()
{
    const bool live = m_monitor->source() == BenchMonitor::Source::Live;
    const QString text = live ? tr("Live: the events of the services running here.") : m_monitor->sourceDescription();
    if (m_bannerText->text() != text) {
        m_bannerText->setText(text);
        m_bannerText->setToolTip(text);
    }
    QPalette palette = m_banner->palette();
    const QColor background = live ? palette.color(QPalette::Base).darker(104) : QColor(0xff, 0xf8, 0xc5);
    if (palette.color(QPalette::Window) != background) {
        palette.setColor(QPalette::Window, background);
        m_banner->setPalette(palette);
    }
    if (auto *back = m_banner->findChild<QWidget *>(QStringLiteral("backToLive")))
        back->setVisible(!live);
}

void MonitorPage::onSelected(const QString &mac)
{
    if (m_selecting)
        return;
    const int row = m_model->rowOfMac(mac);
    if (row < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return;
    m_selecting = true;
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    m_selecting = false;
}

void MonitorPage::onCurrentRowChanged()
{
    if (m_selecting)
        return;
    const QModelIndex index = m_table->selectionModel()->currentIndex();
    if (!index.isValid())
        return;
    m_selecting = true;
    m_monitor->setSelectedMac(index.data(DeviceTableModel::MacRole).toString());
    m_selecting = false;
}

} // namespace bootbench
