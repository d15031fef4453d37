#pragma once
#include "store.hpp"

#include <QObject>
#include <QTcpServer>
#include <QThread>

class Archiver;

// Accepts connections; each gets a Connection whose readyRead slot serves
// its requests on the loop. (No Q_OBJECT: the new-style connect needs no
// moc for slots that are ordinary member functions.)
class Server : public QObject {
public:
  explicit Server(const QString &dataDir, QObject *parent = nullptr);
  ~Server() override;
  bool listen(quint16 port);

private:
  void onNewConnection();
  void onTick();

  QTcpServer tcp_;
  Store store_;
  QThread archiveThread_;
  Archiver *archiver_;
};

// Compresses a data file with an external tool: slow, so it lives on a
// thread of its own (moveToThread in server.cpp).
class Archiver : public QObject {
public:
  void archive(const QString &path);
};
