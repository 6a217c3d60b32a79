// Built only by the test "core_rejects_widgets": this must NOT compile with core's settings.
#include <QtWidgets/QWidget>
int bootbenchProbe()
{
    return 0;
}
