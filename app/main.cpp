#include "application.h"

int main(int argc, char *argv[])
{
    return bootbench::runApplication(argc, argv);
}
