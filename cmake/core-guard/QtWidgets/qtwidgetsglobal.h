// Shadows the Qt header of the same name for targets in core/ only.
#error "core/ must not include QtGui or QtWidgets headers: put widget code in ui/"
