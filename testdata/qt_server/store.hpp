#pragma once
#include <QHash>
#include <QString>

// Values live in one file per key under a data folder, cached in memory.
class Store {
public:
  explicit Store(const QString &dir);
  QByteArray get(const QString &key);
  void put(const QString &key, const QByteArray &value);
  void flush();
  QString pathOf(const QString &key) const;

private:
  QString dir_;
  QHash<QString, QByteArray> cache_;
  QHash<QString, QByteArray> dirty_;
};
