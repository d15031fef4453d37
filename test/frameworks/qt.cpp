// Qt 5 with Debian's real headers (checks/catalog/frameworks/qt.json): a
// slot or functor connected with QObject::connect, a QTimer callback and a
// QMetaObject::invokeMethod functor run on their receiver's thread, which
// for an object of the main thread is the loop of QCoreApplication::exec;
// QtConcurrent::run, QThreadPool::start, QThread::create and overrides of
// QThread::run / QRunnable::run run on other threads. A receiver whose class
// is moved to a worker thread in this file (moveToThread) is off the loop.
// REQUIRES: qt5
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %qt-cflags \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QHostInfo>
#include <QProcess>
#include <QRunnable>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent/QtConcurrent>

class Session : public QObject {
  Q_OBJECT
public:
  QTcpSocket *Sock = nullptr;
  void testSlotWaitsForData() {
    Sock->waitForReadyRead(1000);
// CHECK: qt.cpp:[[@LINE-1]]:11: warning: blocking call to 'QAbstractSocket::waitForReadyRead' on the event loop
// CHECK-NEXT: qt.cpp:{{[0-9]+}}:{{[0-9]+}}: note: 'Session::testSlotWaitsForData' passed to 'connect' runs on the event loop
  }
  void testSlotReadsBufferedData() {
    QByteArray Data = Sock->readAll(); // no-warning: only what the loop read
    Sock->write(Data);                 // no-warning: buffered, written by the loop
  }
  void testSlotRunsNestedLoop() {
    QEventLoop Nested;
    Nested.exec();
// CHECK: qt.cpp:[[@LINE-1]]:12: warning: blocking call to 'QEventLoop::exec' on the event loop
// CHECK-NEXT: qt.cpp:{{[0-9]+}}:{{[0-9]+}}: note: 'Session::testSlotRunsNestedLoop' passed to 'connect' runs on the event loop
  }
};

// A worker object moved to a thread of its own: its slots run there.
class Worker : public QObject {
  Q_OBJECT
public:
  void testMovedReceiverSlotMayBlock() {
    QThread::sleep(1); // no-warning: runs on the worker thread
    QHostInfo::fromName("db.internal"); // no-warning
  }
};

class Server : public QObject {
  Q_OBJECT
public:
  QTcpServer Listener;
  QThread WorkerThread;
  Worker *W = new Worker;

  void start() {
    W->moveToThread(&WorkerThread);
    connect(&Listener, &QTcpServer::newConnection, this, &Server::onNewConnection);
    connect(&Listener, &QTcpServer::acceptError, W, &Worker::testMovedReceiverSlotMayBlock);
    connect(&Listener, &QTcpServer::newConnection, W, [] {
      QThread::msleep(5); // no-warning: the context object W lives on the worker thread
    });
    WorkerThread.start();
  }

  void onNewConnection() {
    auto *S = new Session;
    S->Sock = Listener.nextPendingConnection();
    connect(S->Sock, &QTcpSocket::readyRead, S, &Session::testSlotWaitsForData);
    connect(S->Sock, &QTcpSocket::readyRead, S, &Session::testSlotReadsBufferedData);
    connect(S->Sock, &QTcpSocket::disconnected, S, &Session::testSlotRunsNestedLoop);
    connect(S->Sock, &QTcpSocket::bytesWritten, [] {
      QThread::msleep(10);
// CHECK: qt.cpp:[[@LINE-1]]:7: warning: blocking call to 'QThread::msleep' on the event loop
// CHECK-NEXT: qt.cpp:{{[0-9]+}}:{{[0-9]+}}: note: lambda passed to 'connect' runs on the event loop
    });
    connect(S->Sock, &QTcpSocket::connected, this, [] {
      QFile F("/var/lib/app/state");
      F.open(QIODevice::ReadOnly);
// CHECK: qt.cpp:[[@LINE-1]]:9: warning: blocking call to 'QFile::open' on the event loop
// CHECK-NEXT: qt.cpp:{{[0-9]+}}:{{[0-9]+}}: note: lambda passed to 'connect' runs on the event loop
    });
  }
};

// Old-style connections name the slot in a string: SLOT(onTimeout()).
class Poller : public QObject {
  Q_OBJECT
public:
  QTimer Timer;
  QProcess Child;
  void start() {
    connect(&Timer, SIGNAL(timeout()), this, SLOT(testStringSlotWaitsForChild()));
    connect(&Child, SIGNAL(finished(int)), SLOT(testMemberConnectStringSlot(int)));
    QMetaObject::invokeMethod(this, "testInvokedByName", Qt::QueuedConnection);
  }
public slots:
  void testStringSlotWaitsForChild() {
    Child.waitForFinished();
// CHECK: qt.cpp:[[@LINE-1]]:11: warning: blocking call to 'QProcess::waitForFinished' on the event loop
// CHECK-NEXT: qt.cpp:{{[0-9]+}}:{{[0-9]+}}: note: 'Poller::testStringSlotWaitsForChild' passed to 'connect' runs on the event loop
  }
  void testMemberConnectStringSlot(int) {
    QThread::usleep(100);
// CHECK: qt.cpp:[[@LINE-1]]:5: warning: blocking call to 'QThread::usleep' on the event loop
// CHECK-NEXT: qt.cpp:{{[0-9]+}}:{{[0-9]+}}: note: 'Poller::testMemberConnectStringSlot' passed to 'connect' runs on the event loop
  }
  void testInvokedByName() {
    QFile::exists("/etc/app.conf");
// CHECK: qt.cpp:[[@LINE-1]]:5: warning: blocking call to 'QFile::exists' on the event loop
// CHECK-NEXT: qt.cpp:{{[0-9]+}}:{{[0-9]+}}: note: 'Poller::testInvokedByName' passed to 'invokeMethod' runs on the event loop
  }
  void testUnconnectedSlotIsNotRun() {
    QThread::sleep(1); // no-warning: nothing connects it
  }
};

// The same, old-style, on a receiver moved to a worker thread.
class Compressor : public QObject {
  Q_OBJECT
public slots:
  void testMovedStringSlot() {
    QThread::sleep(1); // no-warning: runs on the worker thread
  }
};

static void testMoveAfterStringConnect(QTimer *T, QThread *Th) {
  auto *C = new Compressor;
  QObject::connect(T, SIGNAL(timeout()), C, SLOT(testMovedStringSlot()));
  C->moveToThread(Th);
}

// A QThread subclass: run() is the thread's body.
class Janitor : public QThread {
  void run() override {
    QThread::sleep(60); // no-warning: a thread of its own
  }
};

class Task : public QRunnable {
  void run() override {
    QProcess P;
    P.start("gzip", {"/var/log/app.log"});
    P.waitForFinished(); // no-warning: a pool thread
  }
};

static void testTimerLambdaResolvesName() {
  QTimer::singleShot(100, [] {
    QHostInfo::fromName("example.org");
// CHECK: qt.cpp:[[@LINE-1]]:5: warning: blocking call to 'QHostInfo::fromName' on the event loop
// CHECK-NEXT: qt.cpp:{{[0-9]+}}:{{[0-9]+}}: note: lambda passed to 'singleShot' runs on the event loop
  });
  QHostInfo::lookupHost("example.org", [](const QHostInfo &) {}); // no-warning: the async twin
}

static void testTimerOffloadsToConcurrent() {
  QTimer::singleShot(100, [] {
    QtConcurrent::run([] {
      QThread::sleep(1); // no-warning: a pool thread
    });
    QThreadPool::globalInstance()->start(new Task);
    QThreadPool::globalInstance()->start([] {
      QThread::usleep(10); // no-warning: a pool thread
    });
    QThread *T = QThread::create([] {
      QThread::sleep(2); // no-warning: a thread of its own
    });
    T->start();
  });
}

static void testInvokeMethodOnLoop(QObject *Ctx) {
  QMetaObject::invokeMethod(Ctx, [] {
    QProcess::execute("sync", {});
// CHECK: qt.cpp:[[@LINE-1]]:5: warning: blocking call to 'QProcess::execute' on the event loop
// CHECK-NEXT: qt.cpp:{{[0-9]+}}:{{[0-9]+}}: note: lambda passed to 'invokeMethod' runs on the event loop
  }, Qt::QueuedConnection);
}

int main(int argc, char **argv) {
  QCoreApplication App(argc, argv);
  Server S;
  S.start();
  QThread::sleep(1); // no-warning: before the loop runs
  testTimerLambdaResolvesName();
  testTimerOffloadsToConcurrent();
  testInvokeMethodOnLoop(&App);
  (new Janitor)->start();
  return App.exec();
}

