#include "connection.hpp"
#include "server.hpp"
#include "store.hpp"

#include <QFileInfo>
#include <QHostInfo>
#include <QtConcurrent/QtConcurrent>

Connection::Connection(QTcpSocket *sock, Store &store, Archiver *archiver, QObject *parent)
    : QObject(parent), sock_(sock), store_(store), archiver_(archiver) {
  connect(sock_, &QTcpSocket::readyRead, this, &Connection::onReadyRead);
  connect(sock_, &QTcpSocket::disconnected, this, &QObject::deleteLater);
}

void Connection::onReadyRead() {
  while (sock_->canReadLine())
    handle(sock_->readLine().trimmed()); // OK: only what the loop has read
}

void Connection::handle(const QByteArray &line) {
  const QList<QByteArray> words = line.split(' ');
  const QByteArray cmd = words.value(0);
  const QString arg = QString::fromUtf8(words.value(1));
  if (cmd == "GET") {
    sock_->write(store_.get(arg) + "\n"); // the file read is in store.cpp
  } else if (cmd == "PUT") {
    store_.put(arg, words.value(2)); // OK: kept in memory until the next tick
    sock_->write("OK\n");
  } else if (cmd == "LOOKUP") {
    QHostInfo info = QHostInfo::fromName(arg); // BLOCKING: dns
    sock_->write(info.addresses().value(0).toString().toUtf8() + "\n");
  } else if (cmd == "RESOLVE") {
    QHostInfo::lookupHost(arg, this, [this](const QHostInfo &info) { // OK: the async twin
      sock_->write(info.addresses().value(0).toString().toUtf8() + "\n");
    });
  } else if (cmd == "STAT") {
    QString path = store_.pathOf(arg);
    auto *watcher = new QFutureWatcher<qint64>(this);
    connect(watcher, &QFutureWatcher<qint64>::finished, this, [this, watcher] {
      sock_->write(QByteArray::number(watcher->result()) + "\n");
      watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([path] {
      QFile file(path);
      file.open(QIODevice::ReadOnly); // OK: a QtConcurrent pool thread
      return qint64(file.readAll().size()); // OK: a QtConcurrent pool thread
    }));
  } else if (cmd == "ARCHIVE") {
    QString path = store_.pathOf(arg);
    // Runs on the Archiver's thread: it was moved there (server.cpp).
    QMetaObject::invokeMethod(archiver_, [a = archiver_, path] { a->archive(path); }, Qt::QueuedConnection);
    sock_->write("QUEUED\n");
  } else if (cmd == "PING") {
    sock_->write("PONG\n");
    sock_->waitForBytesWritten(1000); // BLOCKING: net
  } else {
    sock_->write("ERR\n");
  }
}
