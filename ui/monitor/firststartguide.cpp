#include "monitor/firststartguide.h"

#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace bootbench {

namespace {
const QList<FirstStartStep> kSteps{FirstStartStep::Interface, FirstStartStep::Variant, FirstStartStep::Environment,
                                   FirstStartStep::Bundle, FirstStartStep::PowerOn};
}

FirstStartGuide::FirstStartGuide(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("firstStartGuide"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(24, 16, 24, 16);
    auto *heading = new QLabel(tr("No machine has booted here yet. Before the first one:"), this);
    QFont font = heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.25);
    font.setBold(true);
    heading->setFont(font);
    heading->setWordWrap(true);
    outer->addWidget(heading);

    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(12);
    grid->setVerticalSpacing(10);
    grid->setColumnStretch(2, 1);
    int row = 0;
    for (FirstStartStep step : kSteps) {
        StepWidgets w;
        w.state = new QLabel(this);
        w.state->setObjectName(QStringLiteral("firstStartState%1").arg(int(step)));
        w.title = new QLabel(QStringLiteral("%1. %2").arg(row + 1).arg(stepTitle(step)), this);
        QFont bold = w.title->font();
        bold.setBold(true);
        w.title->setFont(bold);
        w.title->setWordWrap(true);
        w.hint = new QLabel(this);
        w.hint->setWordWrap(true);
        w.hint->setStyleSheet(QStringLiteral("color: #57606a;"));
        w.link = new QPushButton(linkText(step), this);
        w.link->setObjectName(QStringLiteral("firstStartLink%1").arg(int(step)));
        connect(w.link, &QPushButton::clicked, this, [this, step] { emit stepActivated(step); });
        auto *text = new QVBoxLayout;
        text->setSpacing(2);
        text->addWidget(w.title);
        text->addWidget(w.hint);
        grid->addWidget(w.state, row, 0, Qt::AlignTop);
        grid->addLayout(text, row, 2);
        grid->addWidget(w.link, row, 3, Qt::AlignTop);
        m_steps.insert(int(step), w);
        ++row;
    }
    outer->addLayout(grid);
    outer->addStretch(1);
    setFacts({});
}

FirstStartGuide::~FirstStartGuide() = default;

QString FirstStartGuide::stepTitle(FirstStartStep step)
{
    switch (step) {
    case FirstStartStep::Interface: return tr("Choose the bench interface");
    case FirstStartStep::Variant: return tr("Choose the phase-1 variant");
    case FirstStartStep::Environment: return tr("Put the imaging environment in place");
    case FirstStartStep::Bundle: return tr("Make a bundle and give it to machines");
    case FirstStartStep::PowerOn: return tr("Start the services and power a machine on");
    }
    return {};
}

QString FirstStartGuide::stepHint(FirstStartStep step, const FirstStartFacts &facts)
{
    switch (step) {
    case FirstStartStep::Interface:
        return tr("The network card the bench's machines are plugged into, not your uplink.");
    case FirstStartStep::Variant:
        if (facts.variantChosen && !facts.variantValid)
            return tr("The DHCP server needs an address pool on the bench interface's network.");
        return tr("Proxy DHCP only when the bench network already has a DHCP server; DHCP server + proxy DHCP on an "
                  "isolated bench.");
    case FirstStartStep::Environment:
        return tr("The Linux environment the machines start for imaging: boot/kernel and boot/initrd in the TFTP "
                  "root.");
    case FirstStartStep::Bundle:
        if (facts.hasBundle && !facts.hasAssignmentOrRule)
            return tr("A bundle exists; assign it to machines, or add a hardware rule that picks it.");
        return tr("A bundle says what is installed; an assignment or a hardware rule says on which machines.");
    case FirstStartStep::PowerOn:
        return facts.servicesRunning ? tr("The services run: power a machine on with network boot (PXE). It "
                                          "appears here as soon as it asks for an address.")
                                     : tr("Start the services, then power a machine on with network boot (PXE).");
    }
    return {};
}

QString FirstStartGuide::linkText(FirstStartStep step)
{
    switch (step) {
    case FirstStartStep::Interface: return tr("Go to the interface");
    case FirstStartStep::Variant: return tr("Go to the variant");
    case FirstStartStep::Environment: return tr("Go to the boot files");
    case FirstStartStep::Bundle: return tr("Open Bundles");
    case FirstStartStep::PowerOn: return tr("Go to the services");
    }
    return {};
}

QString FirstStartGuide::stateText(FirstStartStep step) const
{
    const auto it = m_steps.constFind(int(step));
    return it == m_steps.constEnd() ? QString() : it->state->text();
}

void FirstStartGuide::setFacts(const FirstStartFacts &facts)
{
    m_facts = facts;
    for (const FirstStartStepState &s : firstStartSteps(facts)) {
        const StepWidgets w = m_steps.value(int(s.step));
        if (!w.state)
            continue;
        const bool waiting = s.step == FirstStartStep::PowerOn && facts.servicesRunning && !s.done;
        w.state->setText(s.done    ? QStringLiteral("✔ ") + tr("Done")
                         : waiting ? QStringLiteral("… ") + tr("Waiting")
                                   : QStringLiteral("○ ") + tr("To do"));
        w.state->setStyleSheet(s.done    ? QStringLiteral("color: #1a7f37; font-weight: bold;")
                               : waiting ? QStringLiteral("color: #9a6700; font-weight: bold;")
                                         : QStringLiteral("color: #cf222e; font-weight: bold;"));
        w.hint->setText(stepHint(s.step, facts));
    }
}

} // namespace bootbench
