#include "editors/imagepicker.h"

#include "editors/fielderror.h"
#include "editors/imagechecksummer.h"
#include "images/folderimages.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace bootbench {

namespace {
constexpr int kPathRole = Qt::UserRole + 1;
constexpr int kFolderRole = Qt::UserRole + 2; // a folder image (docs/images.md), not a file
} // namespace

ImagePicker::ImagePicker(const ImageStore &store, ImageChecksummer *checksummer, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_checksummer(checksummer)
    , m_combo(new QComboBox(this))
    , m_refresh(new QToolButton(this))
    , m_info(new QLabel(this))
    , m_error(nullptr)
{
    m_combo->setObjectName(QStringLiteral("image"));
    m_combo->setMinimumContentsLength(30);
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_refresh->setText(tr("Refresh"));
    m_refresh->setToolTip(tr("List the image store again (%1)").arg(QDir::toNativeSeparators(m_store.root())));
    m_info->setObjectName(QStringLiteral("imageInfo"));
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_info->setWordWrap(true);
    m_error = new FieldError(m_combo, this);

    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_combo, 1);
    row->addWidget(m_refresh);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(row);
    layout->addWidget(m_info);
    layout->addWidget(m_error);

    connect(m_combo, &QComboBox::currentIndexChanged, this, &ImagePicker::choose);
    connect(m_refresh, &QToolButton::clicked, this, &ImagePicker::refresh);
    connect(m_checksummer, &ImageChecksummer::progress, this, &ImagePicker::onProgress);
    connect(m_checksummer, &ImageChecksummer::finished, this, &ImagePicker::onFinished);
    refresh();
}

QString ImagePicker::image() const
{
    return m_combo->currentData(kPathRole).toString();
}

bool ImagePicker::isFolderImage() const
{
    return m_combo->currentData(kFolderRole).toBool();
}

void ImagePicker::refresh()
{
    const QString current = image();
    const QSignalBlocker block(m_combo);
    m_combo->clear();
    m_combo->addItem(tr("(choose an image from %1)").arg(QDir::toNativeSeparators(m_store.root())), QString());
    m_combo->setItemData(0, QString(), kPathRole);
    // Whole-disk folder images first, then single image files outside them.
    const QList<FolderImage> folders = FolderImages(m_store.root()).list();
    const QLocale locale;
    for (const FolderImage &f : folders) {
        m_combo->addItem(tr("%1 (whole disk, %n partition(s), %2)", nullptr, int(f.manifest.partitions.size()))
                             .arg(f.name, locale.formattedDataSize(f.manifest.streamBytes())));
        m_combo->setItemData(m_combo->count() - 1, f.name, kPathRole);
        m_combo->setItemData(m_combo->count() - 1, true, kFolderRole);
    }
    const QList<ImageFile> files = m_store.list();
    for (const ImageFile &f : files) {
        const bool inFolderImage = std::any_of(folders.cbegin(), folders.cend(), [&](const FolderImage &i) {
            return f.relativePath.startsWith(i.name + QLatin1Char('/'));
        });
        if (inFolderImage)
            continue;
        m_combo->addItem(f.relativePath);
        m_combo->setItemData(m_combo->count() - 1, f.relativePath, kPathRole);
    }
    int index = current.isEmpty() ? 0 : m_combo->findData(current, kPathRole);
    if (index < 0) { // saved, but no longer in the store: keep it visible
        m_combo->addItem(tr("%1 (not in the image store)").arg(current));
        index = m_combo->count() - 1;
        m_combo->setItemData(index, current, kPathRole);
    }
    m_combo->setCurrentIndex(index);
    updateInfo();
}

void ImagePicker::setImage(const QString &relativePath, qint64 size, const QString &sha256)
{
    {
        const QSignalBlocker block(m_combo);
        int index = relativePath.isEmpty() ? 0 : m_combo->findData(relativePath, kPathRole);
        if (index < 0) {
            refresh(); // maybe added to the store since
            index = m_combo->findData(relativePath, kPathRole);
        }
        if (index < 0) {
            m_combo->addItem(tr("%1 (not in the image store)").arg(relativePath));
            index = m_combo->count() - 1;
            m_combo->setItemData(index, relativePath, kPathRole);
        }
        m_combo->setCurrentIndex(index);
    }
    const QFileInfo fi(m_store.absolutePath(relativePath));
    // The recorded checksum stands for the file as long as the size still matches.
    if (!sha256.isEmpty() && fi.isFile() && fi.size() == size) {
        m_size = size;
        m_sha256 = sha256;
    } else {
        m_size = -1;
        m_sha256.clear();
    }
    m_hashError.clear();
    updateInfo();
}

void ImagePicker::choose()
{
    m_size = -1;
    m_sha256.clear();
    m_hashError.clear();
    updateInfo();
    emit changed();
}

void ImagePicker::updateInfo()
{
    const QString rel = image();
    m_problem.clear();
    if (rel.isEmpty()) {
        m_info->clear();
        return;
    }
    if (isFolderImage()) {
        QString error;
        const std::optional<FolderImage> f = FolderImages(m_store.root()).find(rel, &error);
        if (!f) {
            m_problem = error;
            m_info->clear();
            return;
        }
        QStringList fs;
        for (const ImagePartition &p : f->manifest.partitions)
            fs << (p.filesystem.isEmpty() ? p.method : p.filesystem);
        const QLocale locale;
        m_info->setText(tr("Whole-disk image: %1 of streams for a disk of %2 (%3)\nPartitions: %4\nTaken %5 from %6")
                            .arg(locale.formattedDataSize(f->manifest.streamBytes()),
                                 locale.formattedDataSize(f->manifest.diskSize), f->manifest.table.toUpper(),
                                 fs.join(QStringLiteral(", ")), f->manifest.taken,
                                 f->manifest.source.value(QStringLiteral("name")).toString()));
        return;
    }
    const QString path = m_store.absolutePath(rel);
    const QFileInfo fi(path);
    if (path.isEmpty() || !fi.isFile()) {
        m_problem =
            tr("The image %1 is not in the image store (%2).").arg(rel, QDir::toNativeSeparators(m_store.root()));
        m_info->clear();
        return;
    }
    const QLocale locale;
    if (m_sha256.isEmpty()) {
        const QString known = m_checksummer->cached(path);
        if (!known.isEmpty()) {
            m_sha256 = known;
            m_size = fi.size();
        }
    }
    QString checksum;
    if (!m_sha256.isEmpty()) {
        checksum = m_sha256;
    } else if (!m_hashError.isEmpty()) {
        m_problem = tr("The checksum could not be computed: %1").arg(m_hashError);
    } else {
        m_checksummer->request(path);
        checksum = tr("computing…");
        m_problem = tr("The checksum is still being computed; save when it is shown.");
    }
    m_info->setText(tr("Size: %1 (%2 bytes)\nSHA-256: %3")
                        .arg(locale.formattedDataSize(fi.size()), locale.toString(fi.size()), checksum));
}

void ImagePicker::onProgress(const QString &path, qint64 done, qint64 total)
{
    if (path != m_store.absolutePath(image()) || !m_sha256.isEmpty())
        return;
    const QLocale locale;
    m_info->setText(tr("Size: %1 (%2 bytes)\nSHA-256: computing… %3%")
                        .arg(locale.formattedDataSize(total), locale.toString(total))
                        .arg(total > 0 ? done * 100 / total : 0));
}

void ImagePicker::onFinished(const QString &path, const QString &sha256, const QString &error)
{
    if (path != m_store.absolutePath(image()))
        return;
    m_sha256 = sha256;
    m_size = sha256.isEmpty() ? -1 : QFileInfo(path).size();
    m_hashError = error;
    updateInfo();
    emit changed();
}

void ImagePicker::setError(const QString &text)
{
    m_error->setError(text);
}

} // namespace bootbench
