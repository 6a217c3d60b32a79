#include "serviceerrortext.h"

#include <QRegularExpression>

#include <functional>

namespace bootbench {

namespace {
using Rewrite = std::function<QString(const QRegularExpressionMatch &)>;

struct Rule
{
    QRegularExpression pattern;
    Rewrite rewrite;
};

// `where` as core writes it: "UDP 0.0.0.0:67" or "UDP 0.0.0.0:67 on eth1".
QString where(const QString &text)
{
    static const QRegularExpression on(QStringLiteral("^(\\S+ \\S+) on (\\S+)$"));
    const QRegularExpressionMatch m = on.match(text);
    return m.hasMatch() ? ServiceErrorText::tr("%1 on %2").arg(m.captured(1), m.captured(2)) : text;
}

const QList<Rule> &rules()
{
    // Longest sentences first: a hint inside a bigger sentence is handled by the bigger one.
    static const QList<Rule> kRules = {
        {QRegularExpression(QStringLiteral("cannot bind (.+?): permission denied; binding port (\\d+) \\(below 1024\\) "
                                           "needs privilege: run as root, or grant it once with \"([^\"]+)\"")),
         [](const QRegularExpressionMatch &m) {
             return ServiceErrorText::tr("cannot bind %1: permission denied; binding port %2 (below 1024) needs "
                                         "privilege: run as root, or grant it once with \"%3\"")
                 .arg(where(m.captured(1)), m.captured(2), m.captured(3));
         }},
        {QRegularExpression(
             QStringLiteral("binding port (\\d+) \\(below 1024\\) needs privilege: run as root, or grant "
                            "it once with \"([^\"]+)\"")),
         [](const QRegularExpressionMatch &m) {
             return ServiceErrorText::tr("binding port %1 (below 1024) needs privilege: run as root, or grant it "
                                         "once with \"%2\"")
                 .arg(m.captured(1), m.captured(2));
         }},
        {QRegularExpression(QStringLiteral("cannot bind (.+?) to interface (\\S+): permission denied \\(needs "
                                           "CAP_NET_RAW: \"([^\"]+)\"\\)")),
         [](const QRegularExpressionMatch &m) {
             return ServiceErrorText::tr("cannot bind %1 to interface %2: permission denied (needs CAP_NET_RAW: "
                                         "\"%3\")")
                 .arg(where(m.captured(1)), m.captured(2), m.captured(3));
         }},
        {QRegularExpression(QStringLiteral("((?:UDP|TCP) \\S+(?: on \\S+)?) is already in use by another program")),
         [](const QRegularExpressionMatch &m) {
             return ServiceErrorText::tr("%1 is already in use by another program").arg(where(m.captured(1)));
         }},
        {QRegularExpression(
             QStringLiteral("((?:UDP|TCP) \\S+(?: on \\S+)?) is already in use by (.+?) \\(pid (\\d+)\\)")),
         [](const QRegularExpressionMatch &m) {
             return ServiceErrorText::tr("%1 is already in use by %2 (pid %3)")
                 .arg(where(m.captured(1)), m.captured(2), m.captured(3));
         }},
        {QRegularExpression(
             QStringLiteral("cannot listen for HTTP on (\\S+): the port is taken by (.+?) \\(pid (\\d+)\\)")),
         [](const QRegularExpressionMatch &m) {
             return ServiceErrorText::tr("cannot listen for HTTP on %1: the port is taken by %2 (pid %3)")
                 .arg(m.captured(1), m.captured(2), m.captured(3));
         }},
        {QRegularExpression(QStringLiteral(" ?\\(ports below 1024 need privilege: (setcap [^)]+)\\)")),
         [](const QRegularExpressionMatch &m) {
             return ServiceErrorText::tr(" (ports below 1024 need privilege: %1)").arg(m.captured(1));
         }},
        {QRegularExpression(QStringLiteral("cannot listen for HTTP on (\\S+): ")),
         [](const QRegularExpressionMatch &m) {
             return ServiceErrorText::tr("cannot listen for HTTP on %1: ").arg(m.captured(1));
         }},
        {QRegularExpression(QStringLiteral("(\\S+) \\((.+?)\\) is missing: package (\\S+) is not installed - apt-get "
                                           "install \\3")),
         [](const QRegularExpressionMatch &m) {
             return ServiceErrorText::tr("%1 (%2) is missing: package %3 is not installed - apt-get install %3")
                 .arg(m.captured(1), m.captured(2), m.captured(3));
         }},
        {QRegularExpression(
             QStringLiteral("missing (\\S+) \\((.+?)\\): (\\S+) is not installed \\((.+?) not found\\) - "
                            "apt-get install \\3")),
         [](const QRegularExpressionMatch &m) {
             return ServiceErrorText::tr("missing %1 (%2): %3 is not installed (%4 not found) - apt-get install %3")
                 .arg(m.captured(1), m.captured(2), m.captured(3), m.captured(4));
         }},
        {QRegularExpression(QStringLiteral("optional files of (\\S+) are not installed - apt-get install \\1")),
         [](const QRegularExpressionMatch &m) {
             return ServiceErrorText::tr("optional files of %1 are not installed - apt-get install %1")
                 .arg(m.captured(1));
         }},
        {QRegularExpression(QStringLiteral("the imaging environment is incomplete: (.+?) missing in (\\S+) \\(vendor "
                                           "imaging boots boot/kernel with boot/initrd and boot/root; put them "
                                           "there\\)")),
         [](const QRegularExpressionMatch &m) {
             return ServiceErrorText::tr("the imaging environment is incomplete: %1 missing in %2 (vendor imaging "
                                         "boots boot/kernel with boot/initrd and boot/root; put them there)")
                 .arg(m.captured(1), m.captured(2));
         }},
        {QRegularExpression(QStringLiteral("run as root, or grant it once with \"([^\"]+)\"")),
         [](const QRegularExpressionMatch &m) {
             return ServiceErrorText::tr("run as root, or grant it once with \"%1\"").arg(m.captured(1));
         }},
        {QRegularExpression(QStringLiteral("^(.+?) does not start: ")),
         [](const QRegularExpressionMatch &m) {
             const QString who = m.captured(1) == QLatin1String("The proxyDHCP") ? ServiceErrorText::tr("The proxyDHCP")
                                 : m.captured(1) == QLatin1String("The bench DHCP server")
                                     ? ServiceErrorText::tr("The bench DHCP server")
                                     : m.captured(1);
             return ServiceErrorText::tr("%1 does not start: ").arg(who);
         }},
    };
    return kRules;
}
} // namespace

QString ServiceErrorText::localized(const QString &reason)
{
    QString text = reason;
    // Each rule rewrites the first English sentence it recognises; what it wrote is not English
    // any more (or is left alone by the later rules), so one pass over the rules is enough.
    for (const Rule &rule : rules()) {
        const QRegularExpressionMatch m = rule.pattern.match(text);
        if (!m.hasMatch())
            continue;
        const QString rewritten = rule.rewrite(m);
        if (rewritten != m.captured(0))
            text.replace(m.capturedStart(0), m.capturedLength(0), rewritten);
    }
    return text;
}

} // namespace bootbench
