#include "editors/menueditor.h"

#include "editors/codeeditor.h"
#include "editors/menudiagnostictext.h"
#include "editors/menuentriesmodel.h"
#include "editors/menuentrydelegate.h"
#include "editors/menuhighlighter.h"
#include "editors/menupreview.h"
#include "editors/menusettingsform.h"
#include "editors/menutextedit.h"
#include "menu/menuparser.h"
#include "store/bundlerepository.h"
#include "store/settingsrepository.h"
#include "store/store.h"
#include "store/transaction.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSaveFile>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QTextBlock>
#include <QVBoxLayout>

#include <utility>

namespace bootbench {

namespace {
QString readFile(const QString &path, bool *exists)
{
    QFile f(path);
    *exists = f.open(QIODevice::ReadOnly);
    return *exists ? QString::fromUtf8(f.readAll()) : QString();
}
} // namespace

MenuEditor::MenuEditor(const Store &store, const QString &filePath, const QString &defaultText, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_filePath(filePath)
    , m_defaultText(defaultText)
{
    setObjectName(QStringLiteral("menuEditor"));
    buildUi();
    m_parseTimer.setSingleShot(true);
    m_parseTimer.setInterval(120); // diagnostics follow the typing, without parsing on every key
    connect(&m_parseTimer, &QTimer::timeout, this, &MenuEditor::reparseNow);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &MenuEditor::fileChanged);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &MenuEditor::fileChanged);
    loadFromStore(true);
}

void MenuEditor::buildUi()
{
    m_text = new CodeEditor(this);
    m_text->setObjectName(QStringLiteral("menuText"));
    m_highlighter = new MenuHighlighter(m_text->document());
    m_diagnosticList = new QListWidget(this);
    m_diagnosticList->setObjectName(QStringLiteral("menuDiagnostics"));
    m_entries = new MenuEntriesModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("menuEntries"));
    m_table->setModel(m_entries);
    m_table->setItemDelegate(new MenuEntryDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    // The label takes the room left (elided when short of it); the other columns, hotkey and
    // default included, always show whole.
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(MenuEntriesModel::LabelColumn, QHeaderView::Stretch);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                             QAbstractItemView::SelectedClicked);
    m_pageCombo = new QComboBox(this);
    m_pageCombo->setObjectName(QStringLiteral("previewPage"));
    m_preview = new MenuPreview(this);
    m_settings = new MenuSettingsForm(this);
    m_save = new QPushButton(tr("&Save"), this);
    m_save->setObjectName(QStringLiteral("saveMenu"));
    m_revert = new QPushButton(tr("&Revert"), this);
    m_revert->setObjectName(QStringLiteral("revertMenu"));
    m_undo = new QPushButton(tr("&Undo"), this);
    m_undo->setObjectName(QStringLiteral("undoMenu"));
    m_redo = new QPushButton(tr("Re&do"), this);
    m_redo->setObjectName(QStringLiteral("redoMenu"));
    m_addEntry = new QPushButton(tr("&Add entry"), this);
    m_addEntry->setObjectName(QStringLiteral("addEntry"));
    m_removeEntry = new QPushButton(tr("Re&move entry"), this);
    m_removeEntry->setObjectName(QStringLiteral("removeEntry"));
    m_entryUp = new QPushButton(tr("Up"), this);
    m_entryUp->setObjectName(QStringLiteral("entryUp"));
    m_entryDown = new QPushButton(tr("Down"), this);
    m_entryDown->setObjectName(QStringLiteral("entryDown"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    m_fileLabel = new QLabel(this);
    m_fileLabel->setObjectName(QStringLiteral("menuFile"));
    m_fileLabel->setText(tr("File: %1").arg(QDir::toNativeSeparators(m_filePath)));
    m_fileLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long path must not widen the window past a laptop screen: cut, whole in the tooltip.
    m_fileLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_fileLabel->setToolTip(m_fileLabel->text());

    // The banner offering a change made elsewhere.
    m_banner = new QFrame(this);
    m_banner->setObjectName(QStringLiteral("externalChange"));
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_banner->setStyleSheet(QStringLiteral("#externalChange { background: #fff8e1; border: 1px solid #f9a825; }"));
    m_bannerLabel = new QLabel(m_banner);
    m_bannerLabel->setWordWrap(true);
    auto *reload = new QPushButton(tr("Re&load"), m_banner);
    reload->setObjectName(QStringLiteral("reloadOffered"));
    auto *keep = new QPushButton(tr("&Keep mine"), m_banner);
    keep->setObjectName(QStringLiteral("keepMine"));
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->addWidget(m_bannerLabel, 1);
    bannerLayout->addWidget(reload);
    bannerLayout->addWidget(keep);
    m_banner->hide();

    auto *top = new QHBoxLayout;
    for (QPushButton *b : {m_save, m_revert, m_undo, m_redo})
        top->addWidget(b);
    top->addSpacing(12);
    top->addWidget(m_fileLabel, 1);

    auto *textSplit = new QSplitter(Qt::Vertical, this);
    textSplit->addWidget(m_text);
    textSplit->addWidget(m_diagnosticList);
    textSplit->setStretchFactor(0, 4);
    textSplit->setStretchFactor(1, 1);
    auto *settingsBox = new QGroupBox(tr("Menu settings (all devices)"), this);
    auto *settingsLayout = new QVBoxLayout(settingsBox);
    settingsLayout->addWidget(m_settings);
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(textSplit, 1);
    leftLayout->addWidget(settingsBox);

    auto *entriesBox = new QGroupBox(tr("Entries"), this);
    auto *entriesLayout = new QVBoxLayout(entriesBox);
    entriesLayout->addWidget(m_table, 1);
    auto *entryButtons = new QHBoxLayout;
    for (QPushButton *b : {m_addEntry, m_removeEntry, m_entryUp, m_entryDown})
        entryButtons->addWidget(b);
    entryButtons->addStretch();
    entriesLayout->addLayout(entryButtons);
    auto *previewBox = new QGroupBox(tr("Preview (80×25, as the device shows it)"), this);
    auto *previewLayout = new QVBoxLayout(previewBox);
    auto *pageRow = new QHBoxLayout;
    pageRow->addWidget(new QLabel(tr("Menu:"), previewBox));
    pageRow->addWidget(m_pageCombo, 1);
    previewLayout->addLayout(pageRow);
    previewLayout->addWidget(m_preview, 1);
    auto *rightSplit = new QSplitter(Qt::Vertical, this);
    rightSplit->addWidget(entriesBox);
    rightSplit->addWidget(previewBox);

    auto *split = new QSplitter(this);
    split->addWidget(left);
    split->addWidget(rightSplit);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 5);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_banner);
    layout->addWidget(split, 1);
    layout->addWidget(m_status);

    connect(m_text->document(), &QTextDocument::contentsChanged, this, &MenuEditor::scheduleParse);
    connect(m_text->document(), &QTextDocument::undoAvailable, m_undo, &QPushButton::setEnabled);
    connect(m_text->document(), &QTextDocument::redoAvailable, m_redo, &QPushButton::setEnabled);
    connect(m_text->document(), &QTextDocument::modificationChanged, this, &MenuEditor::updateButtons);
    connect(m_text, &QPlainTextEdit::cursorPositionChanged, this, &MenuEditor::cursorMoved);
    connect(m_undo, &QPushButton::clicked, m_text, &QPlainTextEdit::undo);
    connect(m_redo, &QPushButton::clicked, m_text, &QPlainTextEdit::redo);
    connect(m_save, &QPushButton::clicked, this, &MenuEditor::save);
    connect(m_revert, &QPushButton::clicked, this, &MenuEditor::revert);
    connect(reload, &QPushButton::clicked, this, &MenuEditor::reloadOffered);
    connect(keep, &QPushButton::clicked, this, &MenuEditor::keepMine);
    connect(m_addEntry, &QPushButton::clicked, this, &MenuEditor::addEntry);
    connect(m_removeEntry, &QPushButton::clicked, this, &MenuEditor::removeEntry);
    connect(m_entryUp, &QPushButton::clicked, this, [this] { moveEntry(-1); });
    connect(m_entryDown, &QPushButton::clicked, this, [this] { moveEntry(1); });
    connect(m_settings, &MenuSettingsForm::changed, this, [this] {
        if (std::exchange(m_saveWhenHashed, false))
            setStatus(tr("Not saved: the settings changed while the password was being hashed; save again."), true);
        updateButtons();
    });
    connect(m_settings, &MenuSettingsForm::hashReady, this, [this] {
        if (std::exchange(m_saveWhenHashed, false))
            save();
    });
    connect(m_entries, &MenuEntriesModel::editRequested, this, &MenuEditor::applyEntryEdit);
    connect(m_entries, &MenuEntriesModel::defaultRequested, this, &MenuEditor::applyDefault);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MenuEditor::entrySelected);
    connect(m_pageCombo, &QComboBox::currentIndexChanged, this,
            [this] { m_preview->setPage(m_pageCombo->currentData().toString()); });
    connect(m_diagnosticList, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        m_text->goTo(item->data(Qt::UserRole).toInt(), item->data(Qt::UserRole + 1).toInt());
    });
    m_undo->setEnabled(false);
    m_redo->setEnabled(false);
}

const Menu &MenuEditor::menu() const
{
    return m_entries->menu();
}

QString MenuEditor::statusText() const
{
    return m_status->text();
}

void MenuEditor::setStatus(const QString &text, bool error)
{
    m_status->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
    m_status->setText(text);
}

bool MenuEditor::isModified() const
{
    return m_text->document()->isModified() || m_settings->isDirty();
}

bool MenuEditor::externalChangePending() const
{
    return !m_banner->isHidden();
}

QString MenuEditor::bannerText() const
{
    return m_bannerLabel->text();
}

void MenuEditor::setDocumentText(const QString &text, bool undoable)
{
    if (!undoable) {
        m_text->setPlainText(text);
    } else { // one undo step, so "reload" can be taken back
        QTextCursor c(m_text->document());
        c.beginEditBlock();
        c.select(QTextCursor::Document);
        c.insertText(text);
        c.endEditBlock();
    }
    reparseNow();
}

void MenuEditor::loadFromStore(bool initial)
{
    QString error;
    const SettingsRepository settings(m_store);
    QString text = settings.menuText(&error);
    const MenuSettings menuSettings = settings.menuSettings(&error);
    if (!error.isEmpty())
        setStatus(tr("Cannot read the menu from the store: %1").arg(error), true);
    m_storeText = text;
    if (text.isEmpty())
        text = m_defaultText;
    m_bundles.clear();
    for (const Bundle &b : BundleRepository(m_store).list(&error))
        m_bundles << b.name;
    setDocumentText(text, false);
    m_text->document()->setModified(false);
    m_settings->setSettings(menuSettings);

    if (initial) {
        // The file is the copy technicians may edit by hand: create it, or offer what it holds.
        bool exists = false;
        const QString disk = readFile(m_filePath, &exists);
        if (!exists) {
            QString writeError;
            if (!writeFileCopy(text, &writeError))
                setStatus(writeError, true);
        } else {
            m_diskText = disk;
            if (disk != text)
                showBanner(tr("%1 differs from the menu in use (it was edited while Bootbench was not running).")
                               .arg(QDir::toNativeSeparators(m_filePath)),
                           disk, true);
        }
        watchFile();
    }
    updateButtons();
}

void MenuEditor::watchFile()
{
    if (!m_watcher.files().isEmpty())
        m_watcher.removePaths(m_watcher.files());
    if (QFileInfo::exists(m_filePath))
        m_watcher.addPath(m_filePath);
    const QString dir = QFileInfo(m_filePath).absolutePath();
    if (!m_watcher.directories().contains(dir))
        m_watcher.addPath(dir);
}

bool MenuEditor::writeFileCopy(const QString &text, QString *error)
{
    QDir().mkpath(QFileInfo(m_filePath).absolutePath());
    QSaveFile f(m_filePath);
    if (!f.open(QIODevice::WriteOnly) || f.write(text.toUtf8()) < 0 || !f.commit()) {
        *error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(m_filePath), f.errorString());
        return false;
    }
    m_diskText = text;
    return true;
}

void MenuEditor::scheduleParse()
{
    m_parseTimer.start();
}

void MenuEditor::reparseNow()
{
    m_parseTimer.stop();
    const MenuParseResult result = MenuParser::parse(m_text->toPlainText());
    m_diagnostics = result.diagnostics;
    m_diagnostics << MenuParser::checkBundles(result.menu, m_bundles);
    std::stable_sort(m_diagnostics.begin(), m_diagnostics.end(),
                     [](const MenuDiagnostic &a, const MenuDiagnostic &b) { return a.line < b.line; });
    m_highlighter->setDiagnostics(m_diagnostics);

    m_diagnosticList->clear();
    for (const MenuDiagnostic &d : std::as_const(m_diagnostics)) {
        auto *item = new QListWidgetItem(MenuDiagnosticText::line(d), m_diagnosticList);
        item->setData(Qt::UserRole, d.line);
        item->setData(Qt::UserRole + 1, d.column);
        item->setForeground(d.severity == MenuDiagnostic::Severity::Error ? QColor(0xc6, 0x28, 0x28)
                                                                          : QColor(0xb2, 0x6a, 0x00));
    }
    if (m_diagnostics.isEmpty())
        new QListWidgetItem(tr("No problems found."), m_diagnosticList);

    // Keep the chosen entry chosen across the update.
    const QModelIndex current = m_table->currentIndex();
    const QString selected = current.isValid() ? current.siblingAtColumn(0).data(Qt::UserRole).toString() : QString();
    const int column = current.isValid() ? current.column() : 0;
    m_entries->setMenu(result.menu);
    m_preview->setMenu(result.menu);
    {
        const QSignalBlocker block(m_pageCombo);
        const QString page = m_preview->page();
        m_pageCombo->clear();
        for (const MenuPage &p : result.menu.pages)
            m_pageCombo->addItem(p.id == Menu::mainId() ? tr("main menu") : p.id, p.id);
        m_pageCombo->setCurrentIndex(std::max(0, m_pageCombo->findData(page)));
    }
    if (const int row = m_entries->rowOf(selected); row >= 0)
        m_table->setCurrentIndex(m_entries->index(row, column));
    updateButtons();
}

void MenuEditor::updateButtons()
{
    const bool errors = std::any_of(m_diagnostics.cbegin(), m_diagnostics.cend(), [](const MenuDiagnostic &d) {
        return d.severity == MenuDiagnostic::Severity::Error;
    });
    m_save->setEnabled(isModified() && !errors && m_settings->isValid());
    m_save->setToolTip(errors ? tr("Fix the errors first: a menu with errors is not served") : QString());
    m_revert->setEnabled(isModified());
    const int row = m_table->currentIndex().row();
    m_removeEntry->setEnabled(row >= 0);
    m_entryUp->setEnabled(row >= 0);
    m_entryDown->setEnabled(row >= 0);
}

bool MenuEditor::save()
{
    m_saveWhenHashed = false;
    reparseNow();
    const auto firstError = std::find_if(m_diagnostics.cbegin(), m_diagnostics.cend(), [](const MenuDiagnostic &d) {
        return d.severity == MenuDiagnostic::Severity::Error;
    });
    if (firstError != m_diagnostics.cend()) {
        const int errors = int(std::count_if(m_diagnostics.cbegin(), m_diagnostics.cend(), [](const MenuDiagnostic &d) {
            return d.severity == MenuDiagnostic::Severity::Error;
        }));
        setStatus(tr("Not saved: %n error(s) in the menu, the first: %1", nullptr, errors)
                      .arg(MenuDiagnosticText::line(*firstError)),
                  true);
        return false;
    }
    if (!m_settings->isValid()) {
        setStatus(tr("Not saved: %1").arg(m_settings->problem()), true);
        return false;
    }
    if (m_settings->isHashing()) {
        m_saveWhenHashed = true;
        m_settings->hashNow();
        setStatus(tr("Saving as soon as the new password is hashed…"), false);
        return false;
    }
    QString text = m_text->toPlainText();
    if (!text.endsWith(QLatin1Char('\n')))
        text += QLatin1Char('\n');
    const MenuSettings settings = m_settings->settings(); // a new password as its hash

    // The file is written aside first and put in place only once the store has committed, so
    // neither holds a half-saved menu.
    QDir().mkpath(QFileInfo(m_filePath).absolutePath());
    QSaveFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0) {
        setStatus(tr("Not saved: cannot write %1: %2").arg(QDir::toNativeSeparators(m_filePath), file.errorString()),
                  true);
        return false;
    }
    QString error;
    Transaction tx(m_store.database());
    const SettingsRepository repo(m_store);
    if (!repo.setMenuText(text, &error) || !repo.setMenuSettings(settings, &error) || !tx.commit(&error)) {
        file.cancelWriting();
        setStatus(tr("Not saved: %1").arg(error), true);
        return false;
    }
    m_storeText = text;
    m_diskText = text;
    bool fileOk = file.commit();
    m_text->document()->setModified(false);
    m_settings->setSettings(settings);
    watchFile(); // the file was replaced: watch the new one
    if (!fileOk)
        setStatus(tr("Saved for the devices, but %1 could not be replaced: %2")
                      .arg(QDir::toNativeSeparators(m_filePath), file.errorString()),
                  true);
    else
        setStatus(tr("Saved: the devices get this menu from their next boot."), false);
    m_banner->hide();
    updateButtons();
    emit saved();
    return fileOk;
}

void MenuEditor::revert()
{
    loadFromStore(false);
    setStatus(tr("Reverted to the menu in use."), false);
}

void MenuEditor::fileChanged()
{
    watchFile(); // a replaced file is a new inode: watch it again
    bool exists = false;
    const QString disk = readFile(m_filePath, &exists);
    if (!exists || disk == m_diskText || disk == m_text->toPlainText())
        return;
    showBanner(tr("%1 was changed outside Bootbench.").arg(QDir::toNativeSeparators(m_filePath)), disk, true);
}

void MenuEditor::storeChanged()
{
    QString error;
    const SettingsRepository settings(m_store);
    const QString text = settings.menuText(&error);
    QStringList bundles;
    for (const Bundle &b : BundleRepository(m_store).list(&error))
        bundles << b.name;
    if (!error.isEmpty())
        return;
    const bool bundlesChanged = bundles != m_bundles;
    m_bundles = bundles;
    if (text != m_storeText) {
        if (!isModified()) {
            loadFromStore(false);
            setStatus(tr("The menu in use was changed elsewhere; this is it now."), false);
        } else {
            m_storeText = text;
            showBanner(tr("The menu in use was changed elsewhere (e.g. \"bootbench menu import\")."),
                       text.isEmpty() ? m_defaultText : text, false);
        }
        return;
    }
    if (!m_settings->isDirty())
        m_settings->setSettings(settings.menuSettings(&error));
    if (bundlesChanged)
        reparseNow();
}

void MenuEditor::showBanner(const QString &text, const QString &offeredText, bool fromFile)
{
    m_offeredText = offeredText;
    m_offerFromFile = fromFile;
    m_bannerLabel->setText(text + QLatin1Char(' ') +
                           (isModified() ? tr("Reload it? Your unsaved changes here are replaced (Undo brings them "
                                              "back).")
                                         : tr("Reload it?")));
    m_banner->show();
}

void MenuEditor::reloadOffered()
{
    if (m_offerFromFile)
        m_diskText = m_offeredText;
    setDocumentText(m_offeredText, true);
    // From the store it is what is in use; from the file it still has to be saved to be served.
    if (!m_offerFromFile && m_text->toPlainText() == (m_storeText.isEmpty() ? m_defaultText : m_storeText))
        m_text->document()->setModified(false);
    m_banner->hide();
    setStatus(m_offerFromFile ? tr("Loaded the file; save to serve it to the devices.") : tr("Loaded the menu in use."),
              false);
    updateButtons();
}

void MenuEditor::keepMine()
{
    if (m_offerFromFile)
        m_diskText = m_offeredText; // do not offer this version again
    m_banner->hide();
    setStatus(tr("Kept the text here; saving replaces the other version."), false);
}

void MenuEditor::applyEntryEdit(const QString &pageId, const QString &itemId, const MenuItem &item)
{
    Q_UNUSED(pageId)
    const MenuItem *before = menu().findItem(itemId);
    if (!before)
        return;
    const MenuItem copy = *before;
    // The model is reset by the re-parse: do it once the view has finished its edit.
    QTimer::singleShot(0, this, [this, copy, item] {
        MenuTextEdit(m_text->document()).updateItem(copy, item);
        reparseNow();
        selectEntry(item.id);
    });
}

void MenuEditor::applyDefault(const QString &pageId, const QString &itemId, bool isDefault)
{
    const Menu current = menu();
    QTimer::singleShot(0, this, [this, current, pageId, itemId, isDefault] {
        MenuTextEdit(m_text->document()).setDefault(current, pageId, itemId, isDefault);
        reparseNow();
        selectEntry(itemId);
    });
}

void MenuEditor::selectEntry(const QString &itemId)
{
    const int row = m_entries->rowOf(itemId);
    if (row >= 0)
        m_table->setCurrentIndex(m_entries->index(row, MenuEntriesModel::LabelColumn));
}

QString MenuEditor::addEntry()
{
    reparseNow();
    const QString page =
        m_pageCombo->currentData().toString().isEmpty() ? Menu::mainId() : m_pageCombo->currentData().toString();
    const QString id = MenuTextEdit(m_text->document()).addItem(menu(), page, tr("New entry"));
    reparseNow();
    selectEntry(id);
    m_table->setFocus();
    return id;
}

bool MenuEditor::removeEntry()
{
    reparseNow();
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid())
        return false;
    const QString id = current.siblingAtColumn(0).data(Qt::UserRole).toString();
    if (!MenuTextEdit(m_text->document()).removeItem(menu(), id))
        return false;
    reparseNow();
    return true;
}

bool MenuEditor::moveEntry(int delta)
{
    reparseNow();
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid())
        return false;
    const QString id = current.siblingAtColumn(0).data(Qt::UserRole).toString();
    if (!MenuTextEdit(m_text->document()).moveItem(menu(), id, delta))
        return false;
    reparseNow();
    selectEntry(id);
    return true;
}

void MenuEditor::entrySelected()
{
    const MenuPage *page = nullptr;
    const MenuItem *item = m_entries->entry(m_table->currentIndex().row(), &page);
    if (item) {
        if (m_preview->page() != page->id) {
            const QSignalBlocker block(m_pageCombo);
            m_pageCombo->setCurrentIndex(m_pageCombo->findData(page->id));
            m_preview->setPage(page->id);
        }
        m_preview->setSelected(item->id);
    }
    updateButtons();
}

void MenuEditor::cursorMoved()
{
    // The entry on the cursor's line becomes the chosen one in the table and the preview.
    const int line = m_text->textCursor().blockNumber() + 1;
    for (int row = 0; row < m_entries->rowCount(); ++row) {
        if (m_entries->entry(row)->line == line) {
            if (m_table->currentIndex().row() != row)
                m_table->setCurrentIndex(m_entries->index(row, MenuEntriesModel::LabelColumn));
            return;
        }
    }
}

} // namespace bootbench
