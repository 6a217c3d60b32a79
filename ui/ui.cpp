// The widgets library; see mainwindow.h.
