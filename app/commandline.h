#pragma once

#include "config/serviceconfig.h"

#include <QCommandLineParser>
#include <QStringList>

namespace bootbench {

// The parsed command line: global options, the service configuration and the subcommand.
struct CommandLine
{
    QString command;  // "" (GUI), "serve", "device", "bundle", ...
    QStringList args; // positional arguments after the command
    QString dataDir;
    QString dbUrl;    // empty: <data dir>/bootbench.db
    QString language; // "", "ja", "en"
    // --bench-name; empty: the host name
    QString benchName;
    bool json = false;
    bool servicesGiven = false; // --services (or the config file) chose the services explicitly
    ServiceConfig config;
    QCommandLineParser *parser = nullptr; // for subcommand options (--name, --kind, ...)
};

// Builds the parser with every option and subcommand (so --help documents them all).
void setUpParser(QCommandLineParser &parser);
// Parses argv. On a bad option or value returns false with a message; --help/--version handled
// by the caller through the parser.
bool parseCommandLine(QCommandLineParser &parser, const QStringList &arguments, CommandLine *out, QString *error);

} // namespace bootbench
