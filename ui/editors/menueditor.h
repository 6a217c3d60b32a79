#pragma once

#include "editors/editorcommon.h"
#include "menu/menu.h"

#include <QFileSystemWatcher>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QFrame;
class QLabel;
class QListWidget;
class QPushButton;
class QTableView;

namespace bootbench {

class CodeEditor;
class MenuEntriesModel;
class MenuHighlighter;
class MenuPreview;
class MenuSettingsForm;
class Store;

// The pxemenu.txt page: the text with highlighting and diagnostics as you type (the shared
// parser), the entries table kept in sync with the text both ways, the 80×25 preview, and the
// global menu settings. Saving writes the store (what the policy service serves) and the file
// (atomically, QSaveFile) in one step; a change to the file made outside Bootbench is noticed and
// offered for reload.
class MenuEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MenuEditor)

public:
    // filePath: the on-disk copy (<data dir>/pxemenu.txt); defaultText: the shipped menu, used
    // while the store holds none.
    MenuEditor(const Store &store, const QString &filePath, const QString &defaultText, QWidget *parent = nullptr);

    CodeEditor *textEdit() const { return m_text; }
    MenuEntriesModel *entries() const { return m_entries; }
    QTableView *entriesView() const { return m_table; }
    MenuPreview *preview() const { return m_preview; }
    MenuSettingsForm *settingsForm() const { return m_settings; }
    QListWidget *diagnosticsList() const { return m_diagnosticList; }
    const QList<MenuDiagnostic> &diagnostics() const { return m_diagnostics; }
    const Menu &menu() const;
    QString filePath() const { return m_filePath; }
    bool isModified() const;
    bool externalChangePending() const;
    QString bannerText() const;
    QString statusText() const;
    bool savePending() const { return m_saveWhenHashed; }

public slots:
    void reparseNow();
    // Saves now and returns true, or false with the reason in the status line. While a new menu
    // password is still being hashed it returns false at once and saves when the hash is ready
    // (savePending(); saved() tells): the GUI thread never waits for the hashing.
    bool save();
    void revert();        // back to what the store holds
    void reloadOffered(); // take the outside change the banner offers
    void keepMine();      // dismiss it
    QString addEntry();   // to the page shown in the preview; returns the new id
    bool removeEntry();   // the selected entry
    bool moveEntry(int delta);
    void storeChanged(); // the store changed (another process, another page)

signals:
    void saved();

private:
    void buildUi();
    void loadFromStore(bool initial);
    void setDocumentText(const QString &text, bool undoable);
    void scheduleParse();
    void fileChanged();
    void showBanner(const QString &text, const QString &offeredText, bool fromFile);
    void applyEntryEdit(const QString &pageId, const QString &itemId, const MenuItem &item);
    void applyDefault(const QString &pageId, const QString &itemId, bool isDefault);
    void selectEntry(const QString &itemId);
    void entrySelected();
    void cursorMoved();
    void updateButtons();
    void setStatus(const QString &text, bool error);
    void watchFile();
    bool writeFileCopy(const QString &text, QString *error);

    const Store &m_store;
    QString m_filePath;
    QString m_defaultText;
    CodeEditor *m_text = nullptr;
    MenuHighlighter *m_highlighter = nullptr;
    QListWidget *m_diagnosticList = nullptr;
    MenuEntriesModel *m_entries = nullptr;
    QTableView *m_table = nullptr;
    QComboBox *m_pageCombo = nullptr;
    MenuPreview *m_preview = nullptr;
    MenuSettingsForm *m_settings = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_revert = nullptr;
    QPushButton *m_undo = nullptr;
    QPushButton *m_redo = nullptr;
    QPushButton *m_addEntry = nullptr;
    QPushButton *m_removeEntry = nullptr;
    QPushButton *m_entryUp = nullptr;
    QPushButton *m_entryDown = nullptr;
    QFrame *m_banner = nullptr;
    QLabel *m_bannerLabel = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_fileLabel = nullptr;

    QTimer m_parseTimer;
    QFileSystemWatcher m_watcher;
    QList<MenuDiagnostic> m_diagnostics;
    QStringList m_bundles;
    QString m_storeText;   // the menu text the store holds (as last read or saved)
    QString m_diskText;    // the file's content as last written, read or dismissed
    QString m_offeredText; // what the banner offers to load
    bool m_offerFromFile = false;
    bool m_saveWhenHashed = false; // save() waits for the password hash
};

} // namespace bootbench
