#include "editors/imageactioneditors.h"

#include "editors/bundleproblemtext.h"
#include "editors/fielderror.h"
#include "editors/imagepicker.h"
#include "images/folderimages.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSpinBox>

namespace bootbench {

namespace {
QString key(const char *k)
{
    return QString::fromLatin1(k);
}

void putImage(BundleAction *a, const ImagePicker *picker)
{
    a->params.insert(key(paramkey::kImage), picker->image());
    if (picker->isFolderImage()) {
        a->params.insert(key(paramkey::kFormat), key(paramkey::kFormatFolder));
    } else if (!picker->sha256().isEmpty()) {
        a->params.insert(key(paramkey::kSize), picker->size());
        a->params.insert(key(paramkey::kSha256), picker->sha256());
    }
}

void takeImage(const BundleAction &a, ImagePicker *picker)
{
    picker->setImage(a.params.value(key(paramkey::kImage)).toString(),
                     a.params.value(key(paramkey::kSize)).toInteger(-1),
                     a.params.value(key(paramkey::kSha256)).toString());
}

// The picker knows why the checksum is missing (still computing, or failed).
void showImageProblems(ImagePicker *picker, const QList<BundleProblem> &problems)
{
    QString text;
    for (const BundleProblem &p : problems) {
        if (p.key != key(paramkey::kImage))
            continue;
        text = p.code == BundleProblemCode::ChecksumMissing && !picker->problem().isEmpty()
                   ? picker->problem()
                   : BundleProblemText::message(p);
        break;
    }
    picker->setError(text);
}
} // namespace

RestoreActionEditor::RestoreActionEditor(const ImageStore &store, ImageChecksummer *checksummer, QWidget *parent)
    : ActionEditor(parent)
    , m_picker(new ImagePicker(store, checksummer, this))
    , m_disk(new QLineEdit(this))
    , m_partitions(new QLineEdit(this))
{
    m_disk->setObjectName(QStringLiteral("disk"));
    m_disk->setPlaceholderText(tr("/dev/sda or 0"));
    m_partitions->setObjectName(QStringLiteral("partitions"));
    m_partitions->setPlaceholderText(tr("all partitions"));
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Image:"), m_picker);
    form->addRow(tr("Target disk:"), withError(m_disk, addError(key(paramkey::kDisk), m_disk)));
    form->addRow(tr("Partitions to restore:"),
                 withError(m_partitions, addError(key(paramkey::kPartitions), m_partitions)));
    connect(m_picker, &ImagePicker::changed, this, &ActionEditor::changed);
    connect(m_disk, &QLineEdit::textChanged, this, &ActionEditor::changed);
    connect(m_partitions, &QLineEdit::textChanged, this, &ActionEditor::changed);
}

void RestoreActionEditor::setAction(const BundleAction &a)
{
    const QSignalBlocker b1(m_picker), b2(m_disk), b3(m_partitions);
    takeImage(a, m_picker);
    m_disk->setText(a.params.value(key(paramkey::kDisk)).toString());
    m_partitions->setText(a.params.value(key(paramkey::kPartitions)).toString());
}

BundleAction RestoreActionEditor::action() const
{
    BundleAction a;
    a.type = type();
    putImage(&a, m_picker);
    a.params.insert(key(paramkey::kDisk), m_disk->text().trimmed());
    a.params.insert(key(paramkey::kPartitions), m_partitions->text().trimmed());
    return a;
}

void RestoreActionEditor::showProblems(const QList<BundleProblem> &problems)
{
    ActionEditor::showProblems(problems);
    showImageProblems(m_picker, problems);
}

TakeActionEditor::TakeActionEditor(const ImageStore &store, QWidget *parent)
    : ActionEditor(parent)
    , m_store(store)
    , m_images(new QComboBox(this))
    , m_image(nullptr)
    , m_folder(new QCheckBox(tr("Whole disk, as a folder image (partition table and every partition)"), this))
    , m_overwrite(new QCheckBox(tr("Replace an image of that name"), this))
    , m_disk(new QLineEdit(this))
    , m_note(new QLabel(this))
{
    m_images->setObjectName(QStringLiteral("imageName")); // its line edit too: the name typed
    m_images->setEditable(true);
    m_images->setInsertPolicy(QComboBox::NoInsert);
    m_images->setMinimumContentsLength(30);
    m_image = m_images->lineEdit();
    m_image->setObjectName(QStringLiteral("imageName"));
    m_image->setPlaceholderText(tr("e.g. lab-pc-2024.img"));
    m_folder->setObjectName(QStringLiteral("folderFormat"));
    m_overwrite->setObjectName(QStringLiteral("overwrite"));
    m_disk->setObjectName(QStringLiteral("disk"));
    m_disk->setPlaceholderText(tr("/dev/sda or 0"));
    m_note->setObjectName(QStringLiteral("imageNote"));
    m_note->setWordWrap(true);
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    auto *imageBox = withError(m_images, addError(key(paramkey::kImage), m_images));
    form->addRow(tr("New image name:"), imageBox);
    form->addRow(QString(), m_folder);
    form->addRow(QString(), m_overwrite);
    form->addRow(QString(), m_note);
    form->addRow(tr("Disk to read:"), withError(m_disk, addError(key(paramkey::kDisk), m_disk)));
    refreshImages();
    connect(m_image, &QLineEdit::textChanged, this, &TakeActionEditor::updateNote);
    connect(m_image, &QLineEdit::textChanged, this, &ActionEditor::changed);
    connect(m_folder, &QCheckBox::toggled, this, &TakeActionEditor::updateNote);
    connect(m_folder, &QCheckBox::toggled, this, &ActionEditor::changed);
    connect(m_overwrite, &QCheckBox::toggled, this, &TakeActionEditor::updateNote);
    connect(m_overwrite, &QCheckBox::toggled, this, &ActionEditor::changed);
    connect(m_disk, &QLineEdit::textChanged, this, &ActionEditor::changed);
    updateNote();
}

// The folder images to take again (replace), for the list; a new name is typed.
void TakeActionEditor::refreshImages()
{
    const QString text = m_image->text();
    const QSignalBlocker b(m_images), b2(m_image);
    m_images->clear();
    for (const FolderImage &f : FolderImages(m_store.root()).list())
        m_images->addItem(f.name);
    m_images->setCurrentIndex(-1);
    m_image->setText(text);
}

QString TakeActionEditor::imageName() const
{
    return m_image->text();
}

void TakeActionEditor::updateNote()
{
    const QString name = imageName();
    const QString path = m_store.absolutePath(name);
    const bool exists = isValidImageName(name) && QFileInfo::exists(path);
    m_overwrite->setVisible(m_folder->isChecked());
    if (exists && m_folder->isChecked() && !m_overwrite->isChecked())
        m_note->setText(tr("An image of that name exists: the take fails unless it may replace it."));
    else if (exists)
        m_note->setText(tr("An image of that name exists: taking the image replaces it."));
    else
        m_note->setText(tr("The image is uploaded to %1.").arg(QDir::toNativeSeparators(m_store.root())));
}

void TakeActionEditor::setAction(const BundleAction &a)
{
    const QSignalBlocker b1(m_image), b2(m_disk), b3(m_folder), b4(m_overwrite);
    refreshImages();
    m_image->setText(a.params.value(key(paramkey::kImage)).toString());
    m_disk->setText(a.params.value(key(paramkey::kDisk)).toString());
    m_folder->setChecked(a.params.value(key(paramkey::kFormat)).toString() == key(paramkey::kFormatFolder));
    m_overwrite->setChecked(a.params.value(QStringLiteral("overwrite")).toBool());
    updateNote();
}

BundleAction TakeActionEditor::action() const
{
    BundleAction a;
    a.type = type();
    a.params.insert(key(paramkey::kImage), imageName());
    a.params.insert(key(paramkey::kDisk), m_disk->text().trimmed());
    if (m_folder->isChecked()) {
        a.params.insert(key(paramkey::kFormat), key(paramkey::kFormatFolder));
        a.params.insert(QStringLiteral("overwrite"), m_overwrite->isChecked());
    }
    return a;
}

MulticastActionEditor::MulticastActionEditor(const ImageStore &store, ImageChecksummer *checksummer, QWidget *parent)
    : ActionEditor(parent)
    , m_picker(new ImagePicker(store, checksummer, this))
    , m_expected(new QSpinBox(this))
    , m_timeout(new QSpinBox(this))
{
    m_expected->setObjectName(QStringLiteral("expected"));
    m_expected->setRange(1, 1000);
    m_expected->setSuffix(tr(" machines"));
    m_timeout->setObjectName(QStringLiteral("timeout"));
    m_timeout->setRange(0, 86400);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setSpecialValueText(tr("wait for all"));
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Image:"), m_picker);
    form->addRow(tr("Expected machines:"), withError(m_expected, addError(key(paramkey::kExpected), m_expected)));
    form->addRow(tr("Start after:"), withError(m_timeout, addError(key(paramkey::kTimeoutSeconds), m_timeout)));
    auto *hint = new QLabel(tr("The session starts when the expected number of machines has joined, or when the "
                               "time-out has passed since the first one joined."),
                            this);
    hint->setWordWrap(true);
    form->addRow(QString(), hint);
    connect(m_picker, &ImagePicker::changed, this, &ActionEditor::changed);
    connect(m_expected, &QSpinBox::valueChanged, this, &ActionEditor::changed);
    connect(m_timeout, &QSpinBox::valueChanged, this, &ActionEditor::changed);
}

void MulticastActionEditor::setAction(const BundleAction &a)
{
    const QSignalBlocker b1(m_picker), b2(m_expected), b3(m_timeout);
    takeImage(a, m_picker);
    m_expected->setValue(a.params.value(key(paramkey::kExpected)).toInt(5));
    m_timeout->setValue(a.params.value(key(paramkey::kTimeoutSeconds)).toInt(600));
}

BundleAction MulticastActionEditor::action() const
{
    BundleAction a;
    a.type = type();
    putImage(&a, m_picker);
    a.params.insert(key(paramkey::kExpected), m_expected->value());
    a.params.insert(key(paramkey::kTimeoutSeconds), m_timeout->value());
    return a;
}

void MulticastActionEditor::showProblems(const QList<BundleProblem> &problems)
{
    ActionEditor::showProblems(problems);
    showImageProblems(m_picker, problems);
}

} // namespace bootbench
