#pragma once

#include "bootchain/firststart.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QPushButton;

namespace bootbench {

// What an empty monitor shows: the steps before a first machine boots, each with its state
// (done or to do) and a button to where it is done. The facts come from the window
// (MainWindow::updateFirstStart); the steps and their states from core (firstStartSteps).
class FirstStartGuide final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstStartGuide)

public:
    explicit FirstStartGuide(QWidget *parent = nullptr);
    ~FirstStartGuide() override;

    void setFacts(const FirstStartFacts &facts);
    const FirstStartFacts &facts() const { return m_facts; }

    static QString stepTitle(FirstStartStep step);
    static QString stepHint(FirstStartStep step, const FirstStartFacts &facts);
    static QString linkText(FirstStartStep step);
    // The state text of a step as shown ("Done" / "To do").
    QString stateText(FirstStartStep step) const;
    QPushButton *linkButton(FirstStartStep step) const { return m_steps.value(int(step)).link; }

signals:
    void stepActivated(bootbench::FirstStartStep step);

private:
    struct StepWidgets
    {
        QLabel *state = nullptr;
        QLabel *title = nullptr;
        QLabel *hint = nullptr;
        QPushButton *link = nullptr;
    };
    FirstStartFacts m_facts;
    QHash<int, StepWidgets> m_steps;
};

} // namespace bootbench
