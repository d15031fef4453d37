#pragma once
#include <QObject>
#include <QTcpSocket>

class Archiver;
class Store;

// One client: "GET key", "PUT key value", "LOOKUP host", "RESOLVE host",
// "STAT key", "ARCHIVE key", "PING".
class Connection : public QObject {
public:
  Connection(QTcpSocket *sock, Store &store, Archiver *archiver, QObject *parent);

private:
  void onReadyRead();
  void handle(const QByteArray &line);
  QTcpSocket *sock_;
  Store &store_;
  Archiver *archiver_;
};
