#include "bootchain/firststart.h"

#include <QDir>
#include <QFileInfo>

namespace bootbench {

bool imagingEnvironmentReady(const QString &tftpRoot)
{
    if (tftpRoot.isEmpty())
        return false;
    const QDir root(tftpRoot);
    return QFileInfo(root.filePath(QStringLiteral("boot/kernel"))).isFile() &&
           QFileInfo(root.filePath(QStringLiteral("boot/initrd"))).isFile();
}

QList<FirstStartStepState> firstStartSteps(const FirstStartFacts &facts)
{
    return {
        {FirstStartStep::Interface, facts.interfaceChosen},
        {FirstStartStep::Variant, facts.variantChosen && facts.variantValid},
        {FirstStartStep::Environment, facts.environmentReady},
        {FirstStartStep::Bundle, facts.hasBundle && facts.hasAssignmentOrRule},
        // Done once a machine shows up; until then the services must run for it to boot.
        {FirstStartStep::PowerOn, facts.machinesSeen},
    };
}

bool firstStartGuideShown(const FirstStartFacts &facts)
{
    return !facts.machinesSeen;
}

} // namespace bootbench
