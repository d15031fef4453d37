// For qt-moved-elsewhere.cpp: a worker class whose objects one file moves
// to a thread of their own (Inputs/qt-mover.cpp) and another connects.
#include <QObject>
#include <QThread>

class Worker : public QObject {
  Q_OBJECT
public:
  void crunch();
  void handleConnection(int Fd);
};

class Listener : public QObject {
  Q_OBJECT
public:
  void onSignal();
};

Worker *makeWorker(QThread *T);
