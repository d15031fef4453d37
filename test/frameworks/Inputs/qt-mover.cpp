// For qt-moved-elsewhere.cpp: this file moves every Worker it makes to a
// thread of its own, and defines the slots, which block.
#include "qt-worker.h"

Worker *makeWorker(QThread *T) {
  auto *W = new Worker;
  W->moveToThread(T);
  return W;
}

void Worker::crunch() {
  QThread::sleep(1);
}

void Worker::handleConnection(int) {
  QThread::msleep(5);
}

void Listener::onSignal() {
  QThread::usleep(5);
}
