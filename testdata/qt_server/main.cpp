// qt_server: a line-protocol key/value server on Qt 5's event loop.
// Everything below QCoreApplication::exec runs on the main thread's loop,
// except the Archiver (moved to a worker thread) and QtConcurrent tasks.
#include "server.hpp"

#include <QCoreApplication>
#include <QFile>
#include <QThread>

int main(int argc, char **argv) {
  QCoreApplication app(argc, argv);
  QFile config("/etc/qt_server.conf");
  config.open(QIODevice::ReadOnly); // OK: start-up, before the loop runs
  quint16 port = 7070;
  if (config.isOpen())
    port = quint16(config.readAll().trimmed().toUInt());
  Server server("/var/lib/qt_server");
  if (!server.listen(port))
    return 1;
  return app.exec();
}
