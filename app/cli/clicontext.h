#pragma once

#include "commandline.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QTextStream>

namespace bootbench {

class Store;

// What every management subcommand gets, and how it prints.
struct CliContext
{
    const CommandLine &line;
    Store &store;
    QTextStream &out;
    QTextStream &err;

    QString arg(int i) const { return line.args.value(i); }
    QString option(const char *name) const { return line.parser->value(QString::fromLatin1(name)); }
    QStringList options(const char *name) const { return line.parser->values(QString::fromLatin1(name)); }
    bool isSet(const char *name) const { return line.parser->isSet(QString::fromLatin1(name)); }

    // Prints the error and returns the exit code for it.
    int fail(const QString &message) const;
    int usage(const QString &synopsis) const;
    void printJson(const QJsonValue &value) const;
    // Plain text: one row per line, columns padded.
    void printTable(const QStringList &header, const QList<QStringList> &rows) const;
};

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

int runDeviceCommand(const CliContext &cli);
int runBundleCommand(const CliContext &cli);
int runAssignCommand(const CliContext &cli);
int runUnassignCommand(const CliContext &cli);
int runRuleCommand(const CliContext &cli);
int runMenuCommand(const CliContext &cli);
int runExportCommand(const CliContext &cli);
int runImportCommand(const CliContext &cli);
int runImageCommand(const CliContext &cli);
int runEnvironmentCommand(const CliContext &cli);

} // namespace bootbench
