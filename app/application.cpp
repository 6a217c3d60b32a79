#include "application.h"

#include <QCoreApplication>
#include <QTextStream>

namespace bootbench {

int runApplication(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream(stdout) << "bootbench\n";
    return 0;
}

} // namespace bootbench
