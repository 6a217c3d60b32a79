#pragma once

#include "config/serviceconfig.h"

#include <functional>

namespace bootbench {

class EventStream;
class ServiceHost;
class Store;

// Creates the services a configuration asks for and adds them to the host (the composition root
// in app/ provides it, so ui/ never depends on app/).
using ServiceComposer = std::function<bool(const ServiceConfig &, EventStream *, ServiceHost *, QString *error)>;

// What the GUI and `serve` are given by the composition root. Nothing here is owned.
struct AppContext
{
    Store *store = nullptr;
    EventStream *events = nullptr;
    ServiceHost *host = nullptr;
    ServiceConfig config; // from defaults, --config and the command line
    ServiceComposer composeServices;
    QString dataDir;
    QString enginePath;            // --engine: the imaging environment's engine ("": found next to bootbench)
    bool buildEnvironment = false; // build the imaging environment at start when missing or stale
};

} // namespace bootbench
