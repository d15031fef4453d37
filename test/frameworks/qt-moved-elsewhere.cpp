// A receiver's class moved to a worker thread in another file (Qt's
// moveToThread in Inputs/qt-mover.cpp): the slots connected here run on that
// thread, whatever the form of the connection; a slot of a class that is
// not moved runs on the loop.
// REQUIRES: qt5
// RUN: %exitcode %stallscan --no-snippets %s %S/Inputs/qt-mover.cpp -- -std=c++17 %qt-cflags -I%S/Inputs \
// RUN:   | FileCheck %s --check-prefix=BOTH --implicit-check-not=warning: --implicit-check-not=note:
#include "qt-worker.h"
#include <QTimer>

void testConnectToMovedWorker(QTimer *T, QThread *Th) {
  Worker *W = makeWorker(Th);
  QObject::connect(T, &QTimer::timeout, W, &Worker::crunch);
  QObject::connect(T, SIGNAL(timeout()), W, SLOT(crunch()));
  QMetaObject::invokeMethod(W, "handleConnection", Qt::QueuedConnection, Q_ARG(int, 3));
  auto *L = new Listener;
  QObject::connect(W, SIGNAL(destroyed()), L, SLOT(onSignal()));
}

// BOTH: qt-mover.cpp:{{[0-9]+}}:3: warning: blocking call to 'QThread::usleep' on the event loop
// BOTH-NEXT: qt-moved-elsewhere.cpp:{{[0-9]+}}:{{[0-9]+}}: note: 'Listener::onSignal' passed to 'connect' runs on the event loop
// BOTH: exit-code: 1
