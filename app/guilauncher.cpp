#include "guilauncher.h"

#include "commandline.h"

#include <QApplication>
#include <QMainWindow>

namespace bootbench {

int runGui(int argc, char *argv[], const CommandLine &line)
{
    Q_UNUSED(line);
    QApplication app(argc, argv);
    QMainWindow window;
    window.show();
    return QApplication::exec();
}

} // namespace bootbench
