#include "editors/winpeactioneditor.h"

#include "editors/fielderror.h"
#include "images/winpefolder.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>

namespace bootbench {

namespace {
constexpr const char *kFileKeys[4] = {paramkey::kBootManager, paramkey::kBcd, paramkey::kBootSdi, paramkey::kBootWim};
QString key(const char *k)
{
    return QString::fromLatin1(k);
}
} // namespace

WinPeActionEditor::WinPeActionEditor(QWidget *parent)
    : ActionEditor(parent)
    , m_folder(new QLineEdit(this))
    , m_check(new QLabel(this))
{
    m_folder->setObjectName(QStringLiteral("folder"));
    m_folder->setPlaceholderText(tr("Folder with bootmgr.exe, Boot/BCD, Boot/boot.sdi, sources/boot.wim"));
    auto *browse = new QPushButton(tr("Browse…"), this);
    auto *folderRow = new QHBoxLayout;
    folderRow->setContentsMargins(0, 0, 0, 0);
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);
    auto *folderBox = new QWidget(this);
    folderBox->setLayout(folderRow);

    const QString labels[4] = {tr("Boot manager:"), tr("BCD:"), tr("boot.sdi:"), tr("WinPE image (.wim):")};
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("WinPE folder:"), withError(folderBox, addError(key(paramkey::kFolder), m_folder)));
    for (int i = 0; i < 4; ++i) {
        m_files[i] = new QComboBox(this);
        m_files[i]->setObjectName(key(kFileKeys[i]));
        form->addRow(labels[i], withError(m_files[i], addError(key(kFileKeys[i]), m_files[i])));
        connect(m_files[i], &QComboBox::currentIndexChanged, this, [this] {
            updateCheck();
            emit changed();
        });
    }
    m_check->setObjectName(QStringLiteral("winpeCheck"));
    m_check->setWordWrap(true);
    form->addRow(QString(), m_check);
    auto *hint = new QLabel(tr("In phase 7 the device loads the boot manager, which reads the BCD, then boot.sdi and "
                               "the WinPE image: these are the four files the bundle names."),
                            this);
    hint->setWordWrap(true);
    form->addRow(QString(), hint);

    connect(browse, &QPushButton::clicked, this, &WinPeActionEditor::browse);
    connect(m_folder, &QLineEdit::textChanged, this, &WinPeActionEditor::folderChanged);
    updateCheck();
}

void WinPeActionEditor::browse()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder with the WinPE files"), m_folder->text());
    if (!dir.isEmpty())
        m_folder->setText(QDir::toNativeSeparators(dir));
}

void WinPeActionEditor::folderChanged()
{
    listFiles(true);
    emit changed();
}

// Fills the four lists with the folder's files. With pickUsualNames, a list whose choice is not in
// the folder takes the file with the usual name.
void WinPeActionEditor::listFiles(bool pickUsualNames)
{
    const QString folder = QDir::fromNativeSeparators(m_folder->text().trimmed());
    const QStringList files = filesInFolder(folder);
    const WinPeFiles usual = scanWinPeFolder(folder);
    const QString found[4] = {usual.bootManager, usual.bcd, usual.bootSdi, usual.bootWim};
    for (int i = 0; i < 4; ++i) {
        QComboBox *c = m_files[i];
        const QSignalBlocker block(c);
        QString current = c->currentData().toString();
        c->clear();
        c->addItem(tr("(not chosen)"), QString());
        for (const QString &f : files)
            c->addItem(f, f);
        if (pickUsualNames && !files.contains(current))
            current = found[i];
        int index = current.isEmpty() ? 0 : c->findData(current);
        if (index < 0) {
            c->addItem(tr("%1 (missing)").arg(current), current);
            index = c->count() - 1;
        }
        c->setCurrentIndex(index);
    }
    updateCheck();
}

void WinPeActionEditor::updateCheck()
{
    const QString folder = QDir::fromNativeSeparators(m_folder->text().trimmed());
    if (folder.isEmpty()) {
        m_check->setText(tr("Choose a folder: the four files are looked for in it."));
        return;
    }
    if (!QFileInfo(folder).isDir()) {
        m_check->setText(QString());
        return;
    }
    const QString names[4] = {tr("boot manager"), tr("BCD"), tr("boot.sdi"), tr("WinPE image")};
    QStringList missing;
    for (int i = 0; i < 4; ++i) {
        if (!winPeFileExists(folder, m_files[i]->currentData().toString()))
            missing << names[i];
    }
    m_check->setStyleSheet(missing.isEmpty() ? QStringLiteral("color: #2e7d32;") : QStringLiteral("color: #c62828;"));
    m_check->setText(missing.isEmpty() ? tr("✓ All four WinPE files are present.")
                                       : tr("✗ Missing: %1.").arg(missing.join(tr(", "))));
}

void WinPeActionEditor::setAction(const BundleAction &a)
{
    const QSignalBlocker block(m_folder);
    m_folder->setText(QDir::toNativeSeparators(a.params.value(key(paramkey::kFolder)).toString()));
    for (int i = 0; i < 4; ++i) {
        const QSignalBlocker b(m_files[i]);
        m_files[i]->clear();
        const QString v = a.params.value(key(kFileKeys[i])).toString();
        m_files[i]->addItem(v, v);
    }
    listFiles(false);
}

BundleAction WinPeActionEditor::action() const
{
    BundleAction a;
    a.type = type();
    a.params.insert(key(paramkey::kFolder), QDir::fromNativeSeparators(m_folder->text().trimmed()));
    for (int i = 0; i < 4; ++i)
        a.params.insert(key(kFileKeys[i]), m_files[i]->currentData().toString());
    return a;
}

} // namespace bootbench
