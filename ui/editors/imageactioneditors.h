#pragma once

#include "editors/actioneditor.h"
#include "images/imagestore.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;
class QLabel;

namespace bootbench {

class ImageChecksummer;
class ImagePicker;

// Vendor image restore: an image from the image store (size and checksum shown), the target disk
// and the partitions to restore.
class RestoreActionEditor final : public ActionEditor
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RestoreActionEditor)

public:
    RestoreActionEditor(const ImageStore &store, ImageChecksummer *checksummer, QWidget *parent = nullptr);

    QString type() const override { return QString::fromLatin1(actionkey::kRestore); }
    void setAction(const BundleAction &action) override;
    BundleAction action() const override;
    void showProblems(const QList<BundleProblem> &problems) override;
    ImagePicker *picker() const { return m_picker; }

private:
    ImagePicker *m_picker;
    QLineEdit *m_disk;
    QLineEdit *m_partitions;
};

// Image take: the name of the image to create in the image store (typed, or one of the folder
// images to replace, from a list), whether it is a whole-disk folder image, and the disk to read.
class TakeActionEditor final : public ActionEditor
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TakeActionEditor)

public:
    TakeActionEditor(const ImageStore &store, QWidget *parent = nullptr);

    QString type() const override { return QString::fromLatin1(actionkey::kTake); }
    void setAction(const BundleAction &action) override;
    BundleAction action() const override;

private:
    void updateNote();

    void refreshImages();
    QString imageName() const;

    ImageStore m_store;
    QComboBox *m_images;
    QLineEdit *m_image; // the combo's line edit
    QCheckBox *m_folder;
    QCheckBox *m_overwrite;
    QLineEdit *m_disk;
    QLabel *m_note;
};

// Multicast image set: the image, how many machines to wait for, and how long before starting
// with those that joined.
class MulticastActionEditor final : public ActionEditor
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MulticastActionEditor)

public:
    MulticastActionEditor(const ImageStore &store, ImageChecksummer *checksummer, QWidget *parent = nullptr);

    QString type() const override { return QString::fromLatin1(actionkey::kMulticast); }
    void setAction(const BundleAction &action) override;
    BundleAction action() const override;
    void showProblems(const QList<BundleProblem> &problems) override;
    ImagePicker *picker() const { return m_picker; }

private:
    ImagePicker *m_picker;
    QSpinBox *m_expected;
    QSpinBox *m_timeout;
};

} // namespace bootbench
