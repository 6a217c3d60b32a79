#pragma once

#include "config/serviceconfig.h"

namespace bootbench {

class EventStream;
class ServiceHost;

// The composition root for the network services: creates each service the configuration asks
// for and hands it to the host. Returns false with a message for an unknown service.
bool composeServices(const ServiceConfig &config, EventStream *events, ServiceHost *host, QString *error);

} // namespace bootbench
