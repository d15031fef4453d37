#include "server.hpp"
#include "connection.hpp"

#include <QProcess>
#include <QTimer>

Server::Server(const QString &dataDir, QObject *parent)
    : QObject(parent), store_(dataDir), archiver_(new Archiver) {
  archiver_->moveToThread(&archiveThread_);
  connect(&archiveThread_, &QThread::finished, archiver_, &QObject::deleteLater);
  archiveThread_.start();
  connect(&tcp_, &QTcpServer::newConnection, this, &Server::onNewConnection);
  auto *tick = new QTimer(this);
  connect(tick, &QTimer::timeout, this, &Server::onTick);
  tick->start(60000);
}

Server::~Server() {
  archiveThread_.quit();
  archiveThread_.wait(); // OK: shutdown, after the loop has returned
}

bool Server::listen(quint16 port) { return tcp_.listen(QHostAddress::Any, port); }

void Server::onNewConnection() {
  while (QTcpSocket *sock = tcp_.nextPendingConnection()) {
    new Connection(sock, store_, archiver_, this);
  }
}

// Runs on the loop once a minute.
void Server::onTick() {
  store_.flush(); // the blocking call is inside Store::flush (store.cpp)
}

// Runs on archiveThread_: the loop never waits for gzip.
void Archiver::archive(const QString &path) {
  QProcess gzip;
  gzip.start("gzip", {"-k", path});
  gzip.waitForFinished(-1); // OK: the Archiver was moved to its own thread
}
