#pragma once

#include <QLabel>
#include <QPointer>

namespace bootbench {

// The message shown right next to (under) a field while what the field holds is not valid; hidden
// while there is nothing to say. Its object name is the field's plus "Error", so tests and
// accessibility tools find the message of a field.
class FieldError final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FieldError)

public:
    explicit FieldError(QWidget *field, QWidget *parent = nullptr);

    // Shows the message and marks the field; an empty text hides it and unmarks the field.
    void setError(const QString &text);
    bool hasError() const { return !text().isEmpty(); }
    QWidget *field() const { return m_field; }

private:
    QPointer<QWidget> m_field;
};

// The field with its message under it, for a QFormLayout row.
QWidget *withError(QWidget *field, FieldError *error);

} // namespace bootbench
