#include "cli/clicontext.h"

#include "cli/terminaltext.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace bootbench {

int CliContext::fail(const QString &message) const
{
    err << QCoreApplication::applicationName() << ": " << TerminalText::escaped(message) << Qt::endl;
    return kExitFailure;
}

int CliContext::usage(const QString &synopsis) const
{
    err << QCoreApplication::applicationName() << ": "
        << QCoreApplication::translate("bootbench::CommandLine", "usage: ") << QCoreApplication::applicationName()
        << ' ' << synopsis << Qt::endl;
    return kExitUsage;
}

void CliContext::printJson(const QJsonValue &value) const
{
    const QJsonDocument doc = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    out << doc.toJson(QJsonDocument::Indented);
    out.flush();
}

void CliContext::printTable(const QStringList &header, const QList<QStringList> &rows) const
{
    QList<int> widths;
    for (const QString &h : header)
        widths << h.size();
    for (const QStringList &r : rows) {
        for (int i = 0; i < r.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], int(r[i].size()));
    }
    auto line = [&](const QStringList &cells) {
        QString text;
        for (int i = 0; i < cells.size(); ++i)
            text += i + 1 < cells.size() ? cells[i].leftJustified(widths.value(i) + 2) : cells[i];
        out << text << '\n';
    };
    line(header);
    for (const QStringList &r : rows)
        line(r);
    out.flush();
}

} // namespace bootbench
