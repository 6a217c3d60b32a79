#pragma once

#include "model/devicecsv.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace bootbench {

class Store;

// Shows what a CSV of devices holds, line by line, with every problem (bad MAC, duplicate, device
// already known), and imports the good rows in one transaction: all of them or none.
class CsvImportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CsvImportDialog)

public:
    CsvImportDialog(const Store &store, const QString &fileName, const QString &text, QWidget *parent = nullptr);

    int importableCount() const;
    int problemCount() const { return m_problems; }
    QTableWidget *table() const { return m_table; }
    QCheckBox *skipProblems() const { return m_skip; }
    QPushButton *importButton() const { return m_import; }
    QString errorText() const;

public slots:
    // Adds the rows (skipping those with problems only when allowed); false, with nothing added,
    // when the store refuses any of them.
    bool importRows();

private:
    void updateButtons();

    const Store &m_store;
    DeviceCsv m_csv;
    QList<bool> m_rowOk;
    int m_problems = 0;
    QTableWidget *m_table;
    QLabel *m_summary;
    QCheckBox *m_skip;
    QLabel *m_error;
    QPushButton *m_import;
};

} // namespace bootbench
