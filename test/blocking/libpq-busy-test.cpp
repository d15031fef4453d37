// libpq: PQgetResult waits for the server only while PQisBusy(conn) is
// true. In the asynchronous pattern (PQconsumeInput, then PQgetResult once
// PQisBusy says a result is complete: Drogon's PgConnection, libpq's own
// docs) it returns what the loop already read. The catalog says so with
// unless_object_ready {"arg": 0, "busy_tested_by": ["PQisBusy"]}: not
// after `if (PQisBusy(c)) return;`, not inside `if (!PQisBusy(c))` or
// `while (!PQisBusy(c))`; reported when the test is of another connection,
// does not leave, or is missing.
// RUN: %exitcode %stallscan --no-snippets %s -- %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <memory>
#include <mock_clients.h>
#include <mock_event.h>

struct PgConn {
  std::shared_ptr<PGconn> Conn;
  PGconn *Other;

  void testAfterBusyReturn() {
    PQconsumeInput(Conn.get());
    if (PQisBusy(Conn.get()))
      return;
    while (PGresult *R = PQgetResult(Conn.get())) // no-warning: a result is complete
      PQclear(R);
  }

  void testInsideNotBusy() {
    if (!PQisBusy(Conn.get()))
      PQclear(PQgetResult(Conn.get())); // no-warning
    while (!PQisBusy(Other)) {
      PQclear(PQgetResult(Other)); // no-warning: the loop re-tests it
    }
  }

  void testBusyOfAnotherConnection() {
    if (PQisBusy(Other))
      return;
    PQclear(PQgetResult(Conn.get()));
// CHECK: libpq-busy-test.cpp:[[@LINE-1]]:13: warning: blocking call to 'PQgetResult' on the event loop
// CHECK-NEXT: libpq-busy-test.cpp:[[#REG:]]:{{[0-9]+}}: note: 'onRead' passed to 'event_new' runs on the event loop
// CHECK-NEXT: libpq-busy-test.cpp:{{[0-9]+}}:{{[0-9]+}}: note: 'onRead' calls 'PgConn::testBusyOfAnotherConnection' here
  }

  void testBusyTestThatDoesNotLeave() {
    if (PQisBusy(Conn.get()))
      PQconsumeInput(Conn.get());
    PQclear(PQgetResult(Conn.get()));
// CHECK: libpq-busy-test.cpp:[[@LINE-1]]:13: warning: blocking call to 'PQgetResult' on the event loop
// CHECK-NEXT: libpq-busy-test.cpp:[[#REG]]:{{[0-9]+}}: note: 'onRead' passed to 'event_new' runs on the event loop
// CHECK-NEXT: libpq-busy-test.cpp:{{[0-9]+}}:{{[0-9]+}}: note: 'onRead' calls 'PgConn::testBusyTestThatDoesNotLeave' here
  }

  void testInsideBusy() {
    if (PQisBusy(Conn.get()))
      PQclear(PQgetResult(Conn.get()));
// CHECK: libpq-busy-test.cpp:[[@LINE-1]]:15: warning: blocking call to 'PQgetResult' on the event loop
// CHECK-NEXT: libpq-busy-test.cpp:[[#REG]]:{{[0-9]+}}: note: 'onRead' passed to 'event_new' runs on the event loop
// CHECK-NEXT: libpq-busy-test.cpp:{{[0-9]+}}:{{[0-9]+}}: note: 'onRead' calls 'PgConn::testInsideBusy' here
  }

  void testNoBusyTest() {
    PQclear(PQgetResult(Conn.get()));
// CHECK: libpq-busy-test.cpp:[[@LINE-1]]:13: warning: blocking call to 'PQgetResult' on the event loop
// CHECK-NEXT: libpq-busy-test.cpp:[[#REG]]:{{[0-9]+}}: note: 'onRead' passed to 'event_new' runs on the event loop
// CHECK-NEXT: libpq-busy-test.cpp:{{[0-9]+}}:{{[0-9]+}}: note: 'onRead' calls 'PgConn::testNoBusyTest' here
  }
};

static void onRead(evutil_socket_t, short, void *Arg) {
  auto *C = static_cast<PgConn *>(Arg);
  C->testAfterBusyReturn();
  C->testInsideNotBusy();
  C->testBusyOfAnotherConnection();
  C->testBusyTestThatDoesNotLeave();
  C->testInsideBusy();
  C->testNoBusyTest();
}

void serve(struct event_base *Base, evutil_socket_t Fd, PgConn *C) {
  event_add(event_new(Base, Fd, 0x12, onRead, C), nullptr);
  event_base_dispatch(Base);
}
// CHECK: stallscan: 4 findings in 1 file (1 translation units)
