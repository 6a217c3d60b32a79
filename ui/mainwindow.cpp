#include "mainwindow.h"

#include "servicespanel.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QTabWidget>

namespace bootbench {

MainWindow::MainWindow(const AppContext &context, QWidget *parent)
    : QMainWindow(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("Bootbench"));

    m_pages = new QTabWidget(this);
    m_pages->setObjectName(QStringLiteral("pages"));
    m_pages->setDocumentMode(true);
    auto *monitor = new QLabel(tr("The bench monitor appears here."), m_pages);
    monitor->setAlignment(Qt::AlignCenter);
    m_pages->addTab(monitor, tr("Monitor"));
    setCentralWidget(m_pages);

    m_services = new ServicesPanel(m_context, this);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_services);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *dock = new QDockWidget(tr("Services"), this);
    dock->setObjectName(QStringLiteral("servicesDock"));
    dock->setWidget(scroll);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, dock);

    buildMenus();
    restoreLayout();
    m_services->restore();
}

MainWindow::~MainWindow() = default;

void MainWindow::addPage(QWidget *page, const QString &title)
{
    page->setParent(m_pages);
    m_pages->addTab(page, title);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Bootbench"), this, [this] {
        QMessageBox::about(this, tr("About Bootbench"),
                           tr("Bootbench %1: network boot for an imaging bench, and where every machine is.")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1400, 900);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    event->accept();
}

} // namespace bootbench
