#include "editors/imagespage.h"

#include "editors/imageverifier.h"
#include "images/imageusers.h"

#include <QDateTime>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace bootbench {

namespace {

enum Column { Name, Size, Disk, Partitions, Source, Taken, ColumnCount };

QString partitionsText(const ImageManifest &m)
{
    QStringList parts;
    for (const ImagePartition &p : m.partitions)
        parts << QStringLiteral("%1 %2").arg(p.number).arg(p.filesystem.isEmpty() ? p.method : p.filesystem);
    return parts.join(QStringLiteral(", "));
}

QString sourceText(const QJsonObject &source)
{
    const QString tool = source.value(QStringLiteral("tool")).toString();
    const QString name = source.value(QStringLiteral("name")).toString();
    const QString mac = source.value(QStringLiteral("mac")).toString();
    const QString disk = source.value(QStringLiteral("disk")).toString();
    if (!tool.isEmpty())
        return ImagesPage::tr("%1 image %2 (disk %3)").arg(tool, name, disk);
    QString text = name.isEmpty() ? mac : mac.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, mac);
    if (!disk.isEmpty())
        text += QStringLiteral(", ") + disk;
    return text;
}

} // namespace

ImagesPage::ImagesPage(const Store &store, const QString &imageRoot, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_images(imageRoot)
    , m_root(imageRoot)
    , m_list(new QTreeWidget(this))
    , m_verify(new QPushButton(tr("&Verify"), this))
    , m_remove(new QPushButton(tr("&Remove…"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_verifier(new ImageVerifier(this))
    , m_confirm([](QWidget *p, const QString &title, const QString &text) {
        return QMessageBox::question(p, title, text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) ==
               QMessageBox::Yes;
    })
{
    setObjectName(QStringLiteral("imagesEditor"));
    m_list->setObjectName(QStringLiteral("imageList"));
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setHeaderLabels({tr("Image"), tr("Size"), tr("Disk"), tr("Partitions"), tr("Taken from"), tr("Taken")});
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(true);
    m_verify->setObjectName(QStringLiteral("verifyImage"));
    m_verify->setToolTip(tr("Reads every stream of the image and checks its size and SHA-256 against the manifest"));
    m_remove->setObjectName(QStringLiteral("removeImage"));
    auto *refresh = new QPushButton(tr("Re&fresh"), this);
    refresh->setObjectName(QStringLiteral("refreshImages"));
    m_progress->setObjectName(QStringLiteral("verifyProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setVisible(false);
    m_status->setObjectName(QStringLiteral("imageStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *intro = new QLabel(tr("Whole-disk images in %1: taken by image-take bundles, or imported with "
                                "<i>bootbench image import</i> from Bootbench, Clonezilla and FOG image folders.")
                                 .arg(QDir::toNativeSeparators(m_root)),
                             this);
    intro->setWordWrap(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_verify);
    buttons->addWidget(m_remove);
    buttons->addWidget(refresh);
    buttons->addWidget(m_progress, 1);
    buttons->addStretch(); // the buttons keep their size while no check runs
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_status);

    connect(m_list, &QTreeWidget::currentItemChanged, this, &ImagesPage::updateButtons);
    connect(m_verify, &QPushButton::clicked, this, &ImagesPage::verifySelected);
    connect(m_remove, &QPushButton::clicked, this, &ImagesPage::removeSelected);
    connect(refresh, &QPushButton::clicked, this, &ImagesPage::reload);
    connect(m_verifier, &ImageVerifier::progress, this, &ImagesPage::onProgress);
    connect(m_verifier, &ImageVerifier::finished, this, &ImagesPage::onVerified);
    reload();
}

void ImagesPage::reload()
{
    const QString selected = selectedImage();
    QStringList problems;
    m_shown = m_images.list(&problems);
    m_list->clear();
    const QLocale locale;
    for (const FolderImage &i : std::as_const(m_shown)) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(Name, i.name);
        item->setText(Size, locale.formattedDataSize(i.manifest.streamBytes()));
        item->setText(Disk, tr("%1, %2").arg(locale.formattedDataSize(i.manifest.diskSize),
                                             i.manifest.table == QLatin1String("dos") ? QStringLiteral("MBR")
                                                                                      : QStringLiteral("GPT")));
        item->setText(Partitions, partitionsText(i.manifest));
        item->setText(Source, sourceText(i.manifest.source));
        const QDateTime taken = QDateTime::fromString(i.manifest.taken, Qt::ISODate);
        item->setText(Taken,
                      taken.isValid() ? locale.toString(taken.toLocalTime(), QLocale::ShortFormat) : i.manifest.taken);
        item->setData(Name, Qt::UserRole, i.name);
        item->setTextAlignment(Size, Qt::AlignRight | Qt::AlignVCenter);
    }
    if (!selectImage(selected) && m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
    if (!problems.isEmpty())
        m_status->setText(tr("Not images (no restorable manifest): %1").arg(problems.join(QStringLiteral("; "))));
    else if (m_shown.isEmpty())
        m_status->setText(tr("No images yet."));
    updateButtons();
}

bool ImagesPage::selectImage(const QString &name)
{
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        if (m_list->topLevelItem(i)->data(Name, Qt::UserRole).toString() == name) {
            m_list->setCurrentItem(m_list->topLevelItem(i));
            return true;
        }
    }
    return false;
}

QString ImagesPage::selectedImage() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    return item ? item->data(Name, Qt::UserRole).toString() : QString();
}

void ImagesPage::updateButtons()
{
    const bool chosen = !selectedImage().isEmpty();
    m_verify->setEnabled(chosen && !m_verifier->isRunning());
    m_remove->setEnabled(chosen && !m_verifier->isRunning());
}

void ImagesPage::verifySelected()
{
    const QString name = selectedImage();
    for (const FolderImage &i : std::as_const(m_shown)) {
        if (i.name != name || !m_verifier->start(i))
            continue;
        m_progress->setValue(0);
        m_progress->setFormat(tr("%1: %p%").arg(name));
        m_progress->setVisible(true);
        m_status->setText(tr("Verifying %1…").arg(name));
        updateButtons();
        return;
    }
}

void ImagesPage::onProgress(const QString &image, const QString &file, qint64 done, qint64 total)
{
    m_progress->setValue(total > 0 ? int(1000 * done / total) : 0);
    m_progress->setFormat(QStringLiteral("%1 (%2): %p%").arg(image, file));
}

void ImagesPage::onVerified(const QString &image, const QStringList &problems)
{
    m_progress->setValue(m_progress->maximum());
    m_progress->setVisible(false);
    m_status->setText(problems.isEmpty()
                          ? tr("Image %1 is whole: every stream has its size and SHA-256.").arg(image)
                          : tr("Image %1 is damaged: %2").arg(image, problems.join(QStringLiteral("; "))));
    updateButtons();
}

bool ImagesPage::removeSelected()
{
    const QString name = selectedImage();
    if (name.isEmpty() || m_verifier->isRunning())
        return false;
    QString error;
    const QStringList users = bundlesUsingImage(m_store, name, &error);
    if (!error.isEmpty()) {
        m_status->setText(tr("Not removed: %1").arg(error));
        return false;
    }
    if (!users.isEmpty()) {
        m_status->setText(tr("Not removed: image %1 is used by bundle %2. Choose another image in the bundle, or "
                             "remove the bundle, first.")
                              .arg(name, users.join(QStringLiteral(", "))));
        return false;
    }
    if (!m_confirm(this, tr("Remove image"),
                   tr("Remove the image %1 and all its files from %2?").arg(name, QDir::toNativeSeparators(m_root))))
        return false;
    if (!m_images.remove(name, &error)) {
        m_status->setText(tr("Not removed: %1").arg(error));
        return false;
    }
    reload();
    m_status->setText(tr("Removed image %1.").arg(name));
    emit imagesChanged();
    return true;
}

} // namespace bootbench
