// libFuzzer target: pxemenu.txt text in, Menu + diagnostics out. Checks that the parser never
// crashes, that every diagnostic points inside the text, and that what it accepted serialises
// into text that reads back to the same menu.
#include "menu/menuparser.h"
#include "menu/menuserialiser.h"

#include <QString>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const bootbench::MenuParseResult r = bootbench::MenuParser::parse(text);
    const int lines = int(text.count(QLatin1Char('\n'))) + 1;
    for (const auto &d : r.diagnostics) {
        if (d.line < 1 || d.line > lines || d.column < 1)
            std::abort();
    }
    const bootbench::MenuParseResult again = bootbench::MenuParser::parse(bootbench::MenuSerialiser::serialise(r.menu));
    if (!r.hasErrors() && !(again.menu == r.menu))
        std::abort();
    return 0;
}
