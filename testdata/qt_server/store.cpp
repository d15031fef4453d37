#include "store.hpp"

#include <QDir>
#include <QFile>

Store::Store(const QString &dir) : dir_(dir) {
  QDir().mkpath(dir_); // OK: start-up, from main before the loop
}

QString Store::pathOf(const QString &key) const { return dir_ + "/" + key; }

// Called from Connection::handle on the loop.
QByteArray Store::get(const QString &key) {
  auto it = cache_.find(key);
  if (it != cache_.end())
    return *it;
  QFile file(pathOf(key));
  if (!file.open(QIODevice::ReadOnly)) // BLOCKING: file
    return {};
  QByteArray value = file.readAll(); // BLOCKING: file
  cache_.insert(key, value);
  return value;
}

void Store::put(const QString &key, const QByteArray &value) {
  cache_.insert(key, value);
  dirty_.insert(key, value);
}

// Called by Server::onTick on the loop.
void Store::flush() {
  for (auto it = dirty_.cbegin(); it != dirty_.cend(); ++it) {
    QFile file(pathOf(it.key()));
    file.open(QIODevice::WriteOnly); // BLOCKING: file
    file.write(it.value());
  }
  dirty_.clear();
}
