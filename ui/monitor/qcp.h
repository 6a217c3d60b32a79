#pragma once

// QCustomPlot 2.1's header uses Qt's `foreach` inside templates, and the project builds with
// QT_NO_FOREACH. A range-for stands in for it while the header is read.
#ifndef foreach
#define foreach(variable, container) for (variable : container)
#define BOOTBENCH_QCP_FOREACH
#endif
#include <qcustomplot.h>
#ifdef BOOTBENCH_QCP_FOREACH
#undef foreach
#undef BOOTBENCH_QCP_FOREACH
#endif
