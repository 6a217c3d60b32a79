#pragma once

#include "services/appcontext.h"

#include <QMainWindow>

class QTabWidget;

namespace bootbench {

class ServicesPanel;

// The technician's window: the services panel on the left, the bench monitor (timeline, device
// table, details, throughput) as the first page, editor pages after it.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(const AppContext &context, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Adds a page (e.g. an editor) as a tab after the monitor; the window takes ownership.
    void addPage(QWidget *page, const QString &title);

    ServicesPanel *servicesPanel() const { return m_services; }
    QTabWidget *pages() const { return m_pages; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void restoreLayout();
    void saveLayout() const;

    const AppContext m_context;
    QTabWidget *m_pages = nullptr;
    ServicesPanel *m_services = nullptr;
};

} // namespace bootbench
