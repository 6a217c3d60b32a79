#include "editors/csvimportdialog.h"

#include "store/devicerepository.h"
#include "store/store.h"
#include "store/transaction.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

namespace bootbench {

CsvImportDialog::CsvImportDialog(const Store &store, const QString &fileName, const QString &text, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_csv(parseDeviceCsv(text))
    , m_table(new QTableWidget(this))
    , m_summary(new QLabel(this))
    , m_skip(new QCheckBox(tr("&Skip the lines with problems and import the rest"), this))
    , m_error(new QLabel(this))
{
    setWindowTitle(tr("Import devices from %1").arg(QFileInfo(fileName).fileName()));
    setObjectName(QStringLiteral("csvImportDialog"));
    m_table->setObjectName(QStringLiteral("csvRows"));
    m_skip->setObjectName(QStringLiteral("skipProblems"));
    m_error->setObjectName(QStringLiteral("importError"));
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->setWordWrap(true);
    m_summary->setWordWrap(true);

    QString error;
    QSet<QString> known;
    for (const Device &d : DeviceRepository(m_store).list(&error))
        known.insert(d.mac);

    m_table->setColumnCount(5);
    m_table->setHorizontalHeaderLabels({tr("Line"), tr("MAC address"), tr("Name"), tr("Serial"), tr("Problem")});
    m_table->setRowCount(int(m_csv.rows.size()));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    for (int i = 0; i < m_csv.rows.size(); ++i) {
        const DeviceCsvRow &r = m_csv.rows.at(i);
        QString problem;
        switch (r.problem) {
        case DeviceCsvRow::Problem::None:
            if (known.contains(r.device.mac))
                problem = tr("A device with this MAC exists already.");
            break;
        case DeviceCsvRow::Problem::BadMac:
            problem = r.detail.isEmpty() ? tr("No MAC address.")
                                         : tr("\"%1\" is not a MAC address (expected six hex pairs like "
                                              "52:54:00:12:34:56).")
                                               .arg(r.detail);
            break;
        case DeviceCsvRow::Problem::DuplicateInFile: problem = tr("Same MAC as line %1.").arg(r.detail); break;
        case DeviceCsvRow::Problem::UnterminatedQuote:
            problem = tr("A quote (\") is not closed; the rest of the file is not read.");
            break;
        case DeviceCsvRow::Problem::BadNumber: problem = tr("The %1 column needs a whole number.").arg(r.detail); break;
        }
        m_rowOk << problem.isEmpty();
        m_problems += problem.isEmpty() ? 0 : 1;
        const QStringList cells{QString::number(r.line), r.device.mac, r.device.name, r.device.serial, problem};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            if (!problem.isEmpty())
                item->setForeground(QColor(0xc6, 0x28, 0x28));
            m_table->setItem(i, c, item);
        }
    }
    m_table->resizeColumnsToContents();

    QString summary = tr("%n device(s) to import", nullptr, importableCount());
    if (m_problems > 0)
        summary += QStringLiteral("; ") + tr("%n line(s) with problems", nullptr, m_problems);
    if (m_csv.hasHeader)
        summary += QStringLiteral("; ") + tr("the first line names the columns");
    if (!m_csv.ignoredColumns.isEmpty())
        summary +=
            QStringLiteral("; ") + tr("ignored columns: %1").arg(m_csv.ignoredColumns.join(QStringLiteral(", ")));
    m_summary->setText(summary + QLatin1Char('.'));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_import = buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    m_import->setObjectName(QStringLiteral("importRows"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_import, &QPushButton::clicked, this, [this] {
        if (importRows())
            accept();
    });
    connect(m_skip, &QCheckBox::toggled, this, &CsvImportDialog::updateButtons);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Columns: MAC, name, then optionally serial, asset tag, manufacturer, model — "
                                    "or any order with a first line naming them."),
                                 this));
    layout->addWidget(m_table, 1);
    layout->addWidget(m_summary);
    layout->addWidget(m_skip);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    m_skip->setVisible(m_problems > 0);
    resize(720, 420);
    updateButtons();
}

int CsvImportDialog::importableCount() const
{
    return int(std::count(m_rowOk.cbegin(), m_rowOk.cend(), true));
}

QString CsvImportDialog::errorText() const
{
    return m_error->text();
}

void CsvImportDialog::updateButtons()
{
    m_import->setEnabled(importableCount() > 0 && (m_problems == 0 || m_skip->isChecked()));
    m_import->setText(m_problems == 0 ? tr("&Import") : tr("&Import %n device(s)", nullptr, importableCount()));
}

bool CsvImportDialog::importRows()
{
    if (!m_import->isEnabled())
        return false;
    QString error;
    Transaction tx(m_store.database());
    const DeviceRepository repo(m_store);
    for (int i = 0; i < m_csv.rows.size(); ++i) {
        if (!m_rowOk.at(i))
            continue;
        if (!repo.add(m_csv.rows.at(i).device, &error)) {
            m_error->setText(tr("Nothing imported: line %1: %2").arg(m_csv.rows.at(i).line).arg(error));
            return false;
        }
    }
    if (!tx.commit(&error)) {
        m_error->setText(tr("Nothing imported: %1").arg(error));
        return false;
    }
    return true;
}

} // namespace bootbench
