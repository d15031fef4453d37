// stallscan-serialised-hot-path: a lock every request queues on, whose
// critical section does real work. Request entry points here are handlers
// posted to an io_context and a pool of std::thread bodies (started in a
// loop). Reported: a global mutex around a map insertion, a loop, a call
// into the program or a blocking call; a member mutex of main's object,
// reached from two handlers. Not reported: a counter bump, a member of
// main's object reached from one handler only, a local mutex, setup code
// that no entry point reaches. min-statements (default 6) is lowered to 3 in
// the second RUN; the third checks the JSON metrics.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --check-prefixes=CHECK,DEFAULT --implicit-check-not=warning: --implicit-check-not=note:
// RUN: echo '{"check_options": {"stallscan-serialised-hot-path": {"min-statements": "3"}}}' > %t.cfg.json
// RUN: %exitcode %stallscan --no-snippets --config %t.cfg.json %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --check-prefixes=CHECK,MIN3 --implicit-check-not=warning: --implicit-check-not=note:
// The JSON report, one line per hot-path finding with its metrics by name:
// RUN: %exitcode %stallscan --format=json -o %t.report.json %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --check-prefix=JSONEXIT
// RUN: %python -c "import json,sys; [print(f['line'], f['kind'], f['api'], sorted(f['metrics'].items())) for f in json.load(open(sys.argv[1]))['findings'] if f['check'] == 'stallscan-serialised-hot-path']" %t.report.json \
// RUN:   | FileCheck %s --check-prefix=JSON --implicit-check-not=lock
#include <mock_asio.hpp>
#include <cstdio>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;

std::mutex RoutesMutex;
std::map<std::string, int> Routes;
std::mutex HitsMutex;
long Hits, Misses;
std::shared_mutex ConfigMutex;
std::vector<std::string> ConfigLines;
std::mutex LogMutex;

void testGlobalMutexAroundMapInsert(const std::string &Path) {
  RoutesMutex.lock();
// CHECK: hot-path.cpp:[[@LINE-1]]:3: warning: lock 'RoutesMutex' serialises every request (a global, reached from 1 request entry point); 1 statement, 1 call, 0 loops, 1 allocation and 0 blocking calls run under it: shard it by key, or use atomics or per-thread counters [stallscan-serialised-hot-path]
// JSON: [[@LINE-2]] lock std::mutex::lock [('allocations', 1), ('blocking_calls', 0), ('calls', 1), ('entry_points', 1), ('loops', 0), ('statements', 1)]
  Routes[Path] = 1;
  RoutesMutex.unlock();
}

void testGlobalMutexCounterBumpOnly() {
  std::lock_guard<std::mutex> Guard(HitsMutex); // no-warning: a counter bump is not real work
  ++Hits;
}

// Three statements, nothing else: below the default of 6 (no-warning in the
// first RUN), at the threshold of the second.
void testTinySectionBelowMinStatements(bool Hit) {
  HitsMutex.lock();
// MIN3: hot-path.cpp:[[@LINE-1]]:3: warning: lock 'HitsMutex' serialises every request (a global, reached from 1 request entry point); 3 statements, 0 calls, 0 loops, 0 allocations and 0 blocking calls run under it: shard it by key, or use atomics or per-thread counters [stallscan-serialised-hot-path]
  ++Hits;
  Misses += !Hit;
  Hits &= 0xffffff;
  HitsMutex.unlock();
}

void testGlobalMutexAroundLoop(const char *Line, int Len) {
  RoutesMutex.lock();
// CHECK: hot-path.cpp:[[@LINE-1]]:3: warning: lock 'RoutesMutex' serialises every request (a global, reached from 2 request entry points); {{[0-9]+ statements?}}, 0 calls, 1 loop, 0 allocations and 0 blocking calls run under it: shard it by key, use a reader/writer lock for read-mostly data, or keep per-thread or per-loop state [stallscan-serialised-hot-path]
// JSON: [[@LINE-2]] lock std::mutex::lock [('allocations', 0), ('blocking_calls', 0), ('calls', 0), ('entry_points', 2), ('loops', 1), ('statements', {{[0-9]+}})]
  for (int I = 0; I < Len; ++I)
    Hits += Line[I];
  RoutesMutex.unlock();
}

int normalise(int Id) { // a callee that does work (a loop)
  int Bits = 0;
  for (int B = Id; B; B >>= 1)
    Bits += B & 1;
  return Bits;
}

void testGlobalMutexAroundUserCall(int Id) {
  HitsMutex.lock();
// CHECK: hot-path.cpp:[[@LINE-1]]:3: warning: lock 'HitsMutex' serialises every request (a global, reached from 3 or more request entry points); 1 statement, 1 call, 0 loops, 0 allocations and 0 blocking calls run under it: shard it by key, use a reader/writer lock for read-mostly data, or keep per-thread or per-loop state [stallscan-serialised-hot-path]
// JSON: [[@LINE-2]] lock std::mutex::lock [('allocations', 0), ('blocking_calls', 0), ('calls', 1), ('entry_points', 3), ('loops', 0), ('statements', 1)]
  Hits = normalise(Id);
  HitsMutex.unlock();
}

void testGlobalMutexAroundBlockingCall(const char *Line) {
  LogMutex.lock();
// CHECK: hot-path.cpp:[[@LINE-1]]:3: warning: lock 'LogMutex' serialises every request (a global, reached from 1 request entry point); 1 statement, 1 call, 0 loops, 0 allocations and 1 blocking call run under it: move the blocking work out of the critical section, then shard the lock [stallscan-serialised-hot-path]
// JSON: [[@LINE-2]] lock std::mutex::lock [('allocations', 0), ('blocking_calls', 1), ('calls', 1), ('entry_points', 1), ('loops', 0), ('statements', 1)]
  std::FILE *F = std::fopen(Line, "a");
// CHECK: hot-path.cpp:[[@LINE-1]]:18: warning: blocking call to 'fopen' while lock 'LogMutex' is held
// CHECK-NEXT: hot-path.cpp:[[@LINE-5]]:3: note: lock 'LogMutex' acquired here
  LogMutex.unlock();
  std::fclose(F); // (a thread body, not the event loop)
}

// Readers with no writer on a request path run side by side (see
// hot-path-readers-writers.cpp).
void testSharedLockAroundLoop(std::string &Out) {
  ConfigMutex.lock_shared(); // no-warning: no request writes ConfigMutex
  for (const std::string &L : ConfigLines)
    Out += L;
  ConfigMutex.unlock_shared();
}

void testLocalMutexIsNotShared() {
  std::mutex Local;
  std::map<int, int> Scratch;
  std::lock_guard<std::mutex> Guard(Local); // no-warning: a local mutex is per call
  Scratch[1] = 2;
}

// One object, used from two handlers: its member lock is shared.
struct Registry {
  std::mutex Mu;
  std::map<int, int> Users;
  void testMemberMutexReachedFromTwoHandlers(int Id) {
    Mu.lock();
// CHECK: hot-path.cpp:[[@LINE-1]]:5: warning: lock 'Reg.Mu' serialises every request (a member of an object every request shares, reached from 2 request entry points); 1 statement, 1 call, 0 loops, 1 allocation and 0 blocking calls run under it: shard it by key, or use atomics or per-thread counters [stallscan-serialised-hot-path]
// JSON: [[@LINE-2]] lock std::mutex::lock [('allocations', 1), ('blocking_calls', 0), ('calls', 1), ('entry_points', 2), ('loops', 0), ('statements', 1)]
    Users[Id] = Id;
    Mu.unlock();
  }
};

// A per-connection object, only used from its own handler.
struct Connection {
  std::mutex Mu;
  std::vector<int> Outbox;
  void testPerConnectionMutexFromOneHandler(int X) {
    std::lock_guard<std::mutex> Guard(Mu); // no-warning: one entry point, per-connection state
    Outbox.push_back(X);
  }
};

void loadRoutesAtStartup() {
  std::lock_guard<std::mutex> Guard(RoutesMutex); // no-warning: only main calls this
  for (int I = 0; I < 10; ++I)
    Routes[std::to_string(I)] = I;
}

int main() {
  asio::io_context Io;
  Registry Reg;
  Connection Conn;
  loadRoutesAtStartup();
  {
    std::lock_guard<std::mutex> Guard(RoutesMutex); // no-warning: setup code, no entry point reaches main
    Routes["/"] = 0;
  }
  asio::post(Io, [&] {
    testGlobalMutexAroundMapInsert("/a");
    testGlobalMutexCounterBumpOnly();
    testTinySectionBelowMinStatements(true);
    testGlobalMutexAroundLoop("/a", 2);
    testGlobalMutexAroundUserCall(1);
    testLocalMutexIsNotShared();
    Reg.testMemberMutexReachedFromTwoHandlers(1);
    Conn.testPerConnectionMutexFromOneHandler(1);
  });
  asio::post(Io, [&] {
    testGlobalMutexAroundUserCall(2);
    Reg.testMemberMutexReachedFromTwoHandlers(2);
  });
  std::vector<std::thread> Workers;
  for (int I = 0; I < 2; ++I)
    Workers.push_back(std::thread([] {
      testGlobalMutexCounterBumpOnly();
      testGlobalMutexAroundLoop("/b", 2);
      testGlobalMutexAroundUserCall(3);
      testGlobalMutexAroundBlockingCall("/var/log/app.log");
      std::string Out;
      testSharedLockAroundLoop(Out);
    }));
  Io.run();
  for (std::thread &W : Workers)
    W.join();
}
// DEFAULT: stallscan: 6 findings in 1 file (1 translation units)
// MIN3: stallscan: 7 findings in 1 file (1 translation units)
// CHECK: exit-code: 1

// JSONEXIT: exit-code: 1
