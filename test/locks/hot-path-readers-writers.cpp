// Readers of a reader/writer lock run side by side: a reader section
// serialises requests only against writers. A writer section on the request
// path is reported as any lock is; a reader section only when a writer of the
// same lock is on a request path too (the readers queue behind it); readers
// whose lock only startup code writes are not reported. std::shared_mutex
// and pthread rwlocks alike.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <mock_asio.hpp>
#include <map>
#include <mutex>
#include <pthread.h>
#include <shared_mutex>
#include <string>

namespace asio = boost::asio;

std::shared_mutex RoutesMutex; // read and written by requests
std::map<std::string, int> Routes;
std::shared_mutex ConfigMutex; // written at startup only
std::map<std::string, std::string> Config;
pthread_rwlock_t SessionsLock = PTHREAD_RWLOCK_INITIALIZER;
std::map<int, std::string> Sessions;
pthread_rwlock_t NamesLock = PTHREAD_RWLOCK_INITIALIZER;
std::map<int, std::string> Names;

int testReaderOfARequestWrittenLock(const std::string &Path) {
  std::shared_lock<std::shared_mutex> Reader(RoutesMutex);
// CHECK: hot-path-readers-writers.cpp:[[@LINE-1]]:39: warning: lock 'RoutesMutex' serialises every request (a global, reached from 1 request entry point); {{.*}} run under it: readers share it but queue behind its writers on the request path; publish a copy-on-write snapshot instead [stallscan-serialised-hot-path]
  int N = 0;
  for (const auto &R : Routes)
    N += R.first == Path;
  return N;
}

void testWriterOnTheRequestPath(const std::string &Path, int V) {
  std::unique_lock<std::shared_mutex> Writer(RoutesMutex);
// CHECK: hot-path-readers-writers.cpp:[[@LINE-1]]:39: warning: lock 'RoutesMutex' serialises every request (a global, reached from 1 request entry point); {{.*}} run under it: shard it by key, or use atomics or per-thread counters [stallscan-serialised-hot-path]
  Routes[Path] = V;
}

std::string testReaderOfAStartupWrittenLock(const std::string &Key) {
  std::shared_lock<std::shared_mutex> Reader(ConfigMutex); // no-warning: no request writes it
  std::string V;
  for (const auto &C : Config)
    V += C.first == Key ? C.second : "";
  return V;
}

void loadConfigAtStartup() {
  std::unique_lock<std::shared_mutex> Writer(ConfigMutex); // no-warning: not on a request path
  Config["port"] = "80";
}

std::string testPthreadReaderWithRequestWriter(int Id) {
  pthread_rwlock_rdlock(&SessionsLock);
// CHECK: hot-path-readers-writers.cpp:[[@LINE-1]]:3: warning: lock 'SessionsLock' serialises every request (a global, reached from 1 request entry point); {{.*}} run under it: readers share it but queue behind its writers on the request path; publish a copy-on-write snapshot instead [stallscan-serialised-hot-path]
  std::string S = Sessions[Id];
  pthread_rwlock_unlock(&SessionsLock);
  return S;
}

void testPthreadWriter(int Id) {
  pthread_rwlock_wrlock(&SessionsLock);
// CHECK: hot-path-readers-writers.cpp:[[@LINE-1]]:3: warning: lock 'SessionsLock' serialises every request (a global, reached from 1 request entry point); {{.*}} run under it: shard it by key, or use atomics or per-thread counters [stallscan-serialised-hot-path]
  Sessions[Id] = "new";
  pthread_rwlock_unlock(&SessionsLock);
}

std::string testPthreadReadersOnly(int Id) {
  pthread_rwlock_rdlock(&NamesLock); // no-warning: requests only read Names
  std::string S = Names[Id];
  pthread_rwlock_unlock(&NamesLock);
  return S;
}

int main() {
  loadConfigAtStartup();
  asio::io_context Io;
  asio::post(Io, [] {
    testReaderOfARequestWrittenLock("/");
    testReaderOfAStartupWrittenLock("port");
    testPthreadReaderWithRequestWriter(1);
    testPthreadReadersOnly(1);
  });
  asio::post(Io, [] { // an admin request, served by the same loop
    testWriterOnTheRequestPath("/", 1);
    testPthreadWriter(1);
  });
  Io.run();
}
// CHECK: stallscan: 4 findings in 1 file (1 translation units)
// CHECK: exit-code: 1
