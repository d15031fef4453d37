// A file call whose path is a parameter of its function, passed on
// unchanged (`open(filename.c_str())` in `ReadSmallFile(StringArg
// filename)`, `scandir(dirpath, ...)` in a helper), reads whatever its
// callers pass: a caller passing a pseudo-filesystem or device path
// ("/proc/self/stat", a local buffer only ever formatted with
// "/proc/%d/stat") does not reach it, directly or through helpers that pass
// their own parameter on; a caller passing another path, a path it does
// not know, or a buffer written some other way still does. The same holds
// under a lock.
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %mockinc \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <uv.h>
#include <dirent.h>
#include <fcntl.h>
#include <mutex>
#include <stdio.h>
#include <string.h>
#include <string>
#include <unistd.h>

// A string argument class, as muduo's StringArg: converts from const char*
// and std::string.
class StringArg {
public:
  StringArg(const char *S) : S_(S) {}
  StringArg(const std::string &S) : S_(S.c_str()) {}
  const char *c_str() const { return S_; }

private:
  const char *S_;
};

static int openPath(StringArg Filename) {
  return ::open(Filename.c_str(), O_RDONLY);
// CHECK: path-parameter.cpp:[[@LINE-1]]:10: warning: blocking call to 'open' on the event loop
// CHECK-NEXT: note: {{.*}}testRuntimePathOnLoop
// CHECK-NEXT: note: 'testRuntimePathOnLoop' calls 'readFile' here
// CHECK-NEXT: note: 'readFile' calls 'openPath' here
}

static int readFile(StringArg Filename, std::string *Out) {
  int Fd = openPath(Filename); // passes its own parameter on
  (void)Out;
  return Fd;
}

static int scanDir(const char *Dir) {
  struct dirent **Names = nullptr;
  return ::scandir(Dir, &Names, nullptr, alphasort);
// CHECK: path-parameter.cpp:[[@LINE-1]]:10: warning: blocking call to 'scandir' on the event loop
// CHECK-NEXT: note: {{.*}}testFormattedElsewhereOnLoop
// CHECK-NEXT: note: 'testFormattedElsewhereOnLoop' calls 'scanDir' here
}

static int statPath(const std::string &Path) {
  return ::access(Path.c_str(), R_OK); // no-warning: only procfs is passed
}

static ssize_t readLink(const char *Path, char *Out, size_t N) {
  return ::readlink(Path, Out, N); // no-warning: only procfs is passed
}

static int openChanged(const char *Path) {
  if (!Path)
    Path = "/var/lib/app/state"; // the parameter is changed: no longer known
  return ::open(Path, O_RDONLY);
// CHECK: path-parameter.cpp:[[@LINE-1]]:10: warning: blocking call to 'open' on the event loop
// CHECK-NEXT: note: {{.*}}testProcfsOnLoop
// CHECK-NEXT: note: 'testProcfsOnLoop' calls 'openChanged' here
}

static void testProcfsOnLoop(uv_timer_t *) {
  std::string S;
  readFile("/proc/self/status", &S);               // no-warning: procfs
  readFile(std::string("/proc/meminfo"), &S);      // no-warning: procfs
  scanDir("/proc/self/fd");                        // no-warning: procfs
  statPath("/proc/self/stat");                     // no-warning: procfs
  char Buf[64];
  snprintf(Buf, sizeof Buf, "/proc/self/task/%d/stat", 7);
  readFile(Buf, &S);                               // no-warning: formatted as procfs only
  char Link[256], Exe[64];
  snprintf(Exe, sizeof Exe, "/proc/%d/exe", 7);
  readLink(Exe, Link, sizeof Link);                // no-warning: formatted as procfs only
  ::readlink(Exe, Link, sizeof Link);              // no-warning: the same, called directly
  openChanged("/proc/self/stat");
}

static void testRuntimePathOnLoop(uv_timer_t *) {
  std::string S;
  char Buf[64];
  snprintf(Buf, sizeof Buf, "/var/cache/%d.dat", 7);
  readFile(Buf, &S);                               // a disk path
}

static void testFormattedElsewhereOnLoop(uv_timer_t *) {
  char Buf[64];
  snprintf(Buf, sizeof Buf, "/proc/%d/fd", 7);
  strcat(Buf, "/../../data");                      // written another way too
  scanDir(Buf);
}

static std::mutex Mu;
static thread_local std::mutex PerThreadMu; // one per loop thread: no hot path

static void testUnderLock(uv_timer_t *) {
  std::string S;
  std::lock_guard<std::mutex> G(PerThreadMu);
  readFile("/proc/self/stat", &S);                 // no-warning: procfs under the lock
}

static int openUnderLock(const char *Path) {
  return ::open(Path, O_RDONLY);
// CHECK: path-parameter.cpp:[[@LINE-1]]:10: warning: blocking call to 'open' while lock 'Mu' is held
// CHECK-NEXT: note: lock 'Mu' acquired here
// CHECK-NEXT: note: 'testDiskUnderLock' calls 'openUnderLock' here
}

void testDiskUnderLock(const char *Name) {
  std::lock_guard<std::mutex> G(Mu);
  openUnderLock("/proc/loadavg");                  // procfs first: not the only call
  openUnderLock(Name);                             // whatever the caller passes
}

int main() {
  uv_loop_t *Loop = uv_default_loop();
  uv_timer_t A, B, C, D;
  uv_timer_start(&A, testProcfsOnLoop, 10, 10);
  uv_timer_start(&B, testRuntimePathOnLoop, 10, 10);
  uv_timer_start(&C, testFormattedElsewhereOnLoop, 10, 10);
  uv_timer_start(&D, testUnderLock, 10, 10);
  return uv_run(Loop, UV_RUN_DEFAULT);
}
