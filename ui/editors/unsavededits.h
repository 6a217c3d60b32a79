#pragma once

#include <QCoreApplication>
#include <QString>

#include <functional>

class QWidget;

namespace bootbench {

// The unsaved edits of an editor page, whichever editor it is: what they are, and how to save or
// drop them. One behaviour for quitting, closing the window and Ctrl+S across every editor.
struct UnsavedEdits
{
    bool editor = false;  // the page is an editor (it can save)
    bool unsaved = false; // it has edits that are not saved
    QString what;         // e.g. the bundle "debian12-lab"
    std::function<bool()> save;
    std::function<void()> discard;
};

class UnsavedEditsOf
{
    Q_DECLARE_TR_FUNCTIONS(bootbench::UnsavedEdits)

public:
    static UnsavedEdits of(QWidget *page);
};

// Save, Discard or Cancel, asked about unsaved edits (a QMessageBox by default; tests answer
// without a modal dialog).
enum class UnsavedChoice { Save, Discard, Cancel };
using UnsavedPrompt = std::function<UnsavedChoice(QWidget *parent, const QString &what)>;
UnsavedPrompt messageBoxUnsavedPrompt();

} // namespace bootbench
