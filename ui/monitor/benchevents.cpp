#include "monitor/benchevents.h"

#include "monitor/benchmonitor.h"
#include "monitor/eventlistmodel.h"
#include "timeline/benchevents.h"

#include <QHeaderView>
#include <QTableView>
#include <QVBoxLayout>

namespace bootbench {

BenchEventsView::BenchEventsView(BenchMonitor *monitor, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("benchEvents"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_model = new EventListModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("benchEventsTable"));
    m_table->setModel(m_model);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 4);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    layout->addWidget(m_table);

    connect(monitor, &BenchMonitor::eventsShown, this, [this](const BootEventBatch &batch) {
        BootEventBatch bench;
        for (const BootEvent &e : batch) {
            if (isBenchEvent(e))
                bench << e;
        }
        if (bench.isEmpty())
            return;
        m_model->append(bench);
        m_table->scrollToBottom();
        emit countChanged(m_model->rowCount());
    });
    connect(monitor, &BenchMonitor::reset, this, [this] {
        m_model->setEvents({});
        emit countChanged(0);
    });
}

BenchEventsView::~BenchEventsView() = default;

} // namespace bootbench
