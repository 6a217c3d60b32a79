#include "editors/fielderror.h"

#include <QVBoxLayout>

namespace bootbench {

FieldError::FieldError(QWidget *field, QWidget *parent)
    : QLabel(parent)
    , m_field(field)
{
    if (field)
        setObjectName(field->objectName() + QStringLiteral("Error"));
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setStyleSheet(QStringLiteral("color: #c62828;"));
    setVisible(false);
}

void FieldError::setError(const QString &message)
{
    if (message == text())
        return;
    setText(message);
    setVisible(!message.isEmpty());
    if (m_field) {
        m_field->setProperty("invalid", !message.isEmpty());
        m_field->setToolTip(message);
        // Only the frame of the field itself: child widgets (a combo's popup) keep their look.
        m_field->setStyleSheet(message.isEmpty() ? QString()
                                                 : QStringLiteral("%1#%2 { border: 1px solid #c62828; }")
                                                       .arg(QString::fromLatin1(m_field->metaObject()->className()),
                                                            m_field->objectName()));
    }
}

QWidget *withError(QWidget *field, FieldError *error)
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    layout->addWidget(error);
    return box;
}

} // namespace bootbench
