/* A function every path of which ends the process ends it for its callers
 * too: a call to it is a call on the way out. Such a function is one that
 * ends every path in a noreturn call of its own (`die` ending in abort(),
 * without the attribute), one that a call site declares not to return
 * (`(report_failure(...), __builtin_unreachable())`, redis's serverAssert),
 * and, closed transitively, a forwarder whose every path ends in a call to
 * one of those (a module API's `Module_Assert` reached only through a
 * table). The crash report's lock and file writes reached only that way run
 * once, on the way out. The same shapes where one path returns, or where the
 * path ends only the thread (pthread_exit), are reported.
 * RUN: %exitcode %stallscan --no-snippets --checks=-*,stallscan-lock-held-while-blocking %s -- -pthread %mockinc \
 * RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static pthread_mutex_t ReportLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t DumpLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t WarnLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t FlushLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t AssertLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t NoteLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t PanicLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t StopLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t ReplyLock = PTHREAD_MUTEX_INITIALIZER;
static int Reported;

void report_failure(const char *Expr);
#define CHECK_OR_DIE(e) ((e) ? (void)0 : (report_failure(#e), __builtin_unreachable()))

int report_start(void) {
  pthread_mutex_lock(&ReportLock);
  if (!Reported) {
    FILE *Log = fopen("/var/log/server/crash.log", "a"); /* no-warning: on the way out */
    fclose(Log);                                         /* no-warning */
    Reported = 1;
  }
  pthread_mutex_unlock(&ReportLock);
  return 1;
}

/* Ends the process with a signal when asked to: not noreturn by itself. */
static void end_report(int Sig) {
  if (!Sig)
    abort();
  kill(getpid(), Sig);
}

/* Not declared noreturn; the assertion macro's call sites say it is. */
void report_failure(const char *Expr) {
  report_start();
  end_report(0);
}

/* A module API: a forwarder called only through a table, and a forwarder of
 * that forwarder. */
void Module_Assert(const char *Expr) { report_failure(Expr); }
void Module_AssertTwice(const char *Expr) {
  if (Expr[0] == '!')
    Module_Assert(Expr + 1);
  else
    Module_Assert(Expr);
}
void *ModuleApi[] = {(void *)Module_Assert, (void *)Module_AssertTwice};

/* The same assertion macro as clang expands redis's: its "unreachable" is
 * abort() there (redis_unreachable is __builtin_unreachable only where
 * __GNUC__ >= 5, and clang says 4). The handler does not end the process
 * itself (it raises a signal at the end), but every call to it is followed
 * by abort() or is the last call of a forwarder that ends in it, so every
 * call to it is on the way out, through the module table too. */
void assert_failed(const char *Expr);
#define CHECK_OR_ABORT(e) ((e) ? (void)0 : (assert_failed(#e), abort()))
static void assert_report_start(void) {
  pthread_mutex_lock(&AssertLock);
  FILE *Log = fopen("/var/log/server/assert.log", "a"); /* no-warning: on the way out */
  fclose(Log);                                          /* no-warning */
  pthread_mutex_unlock(&AssertLock);
}
void assert_failed(const char *Expr) {
  assert_report_start();
  kill(getpid(), SIGSEGV);
}
void Module_AssertAbort(const char *Expr) { assert_failed(Expr); }
void *ModuleAbortApi[] = {(void *)Module_AssertAbort};

/* Called on a branch that ends the process, and otherwise as the last call
 * of an ordinary function that requests call by name: not a forwarder of
 * an assertion handler, so the reply's lock is taken while requests are
 * served. */
static void reply_locked(void) {
  pthread_mutex_lock(&ReplyLock);
  FILE *Log = fopen("/var/log/server/reply.log", "a");
/* CHECK: fatal-forwarders.c:[[@LINE-1]]:15: warning: blocking call to 'fopen' while lock 'ReplyLock' is held
 * CHECK-NEXT: note: lock 'ReplyLock' acquired here
 */
  fclose(Log);
/* CHECK: fatal-forwarders.c:[[@LINE-1]]:3: warning: blocking call to 'fclose' while lock 'ReplyLock' is held
 * CHECK-NEXT: note: lock 'ReplyLock' acquired here
 */
  pthread_mutex_unlock(&ReplyLock);
}
void send_reply(void) { reply_locked(); }
void handle_query(int Fd) {
  (void)Fd;
  send_reply();
}

/* Followed by abort() at one call, but called on a request path as well:
 * its lock is taken while requests are served. */
static void note_locked(void) {
  pthread_mutex_lock(&NoteLock);
  FILE *Log = fopen("/var/log/server/note.log", "a");
/* CHECK: fatal-forwarders.c:[[@LINE-1]]:15: warning: blocking call to 'fopen' while lock 'NoteLock' is held
 * CHECK-NEXT: note: lock 'NoteLock' acquired here
 */
  fclose(Log);
/* CHECK: fatal-forwarders.c:[[@LINE-1]]:3: warning: blocking call to 'fclose' while lock 'NoteLock' is held
 * CHECK-NEXT: note: lock 'NoteLock' acquired here
 */
  pthread_mutex_unlock(&NoteLock);
}
void note_failure(const char *Expr) { note_locked(); }
#define NOTE_OR_ABORT(e) ((e) ? (void)0 : (note_failure(#e), abort()))

/* redis's serverPanic as clang expands it, `_serverPanic(...), abort()`, in
 * a hook that does nothing else (its out-of-memory handler, called through
 * a pointer): the whole hook ends the process, and the panic right before
 * abort() is reported as a failure, on the way out like the others. */
void panic_failed(const char *Msg);
#define PANIC(m) panic_failed(m), abort()
static void panic_report(void) {
  pthread_mutex_lock(&PanicLock);
  FILE *Log = fopen("/var/log/server/panic.log", "a"); /* no-warning: on the way out */
  fclose(Log);                                         /* no-warning */
  pthread_mutex_unlock(&PanicLock);
}
void panic_failed(const char *Msg) {
  panic_report();
  kill(getpid(), SIGSEGV);
}
static void out_of_memory(unsigned long Size) { PANIC("out of memory"); }
void (*OutOfMemoryHook)(unsigned long) = out_of_memory;

/* exit(0) after the work is the end of a run, not a failure report: the
 * flush that a thread runs right before it is not on the way out from
 * there, and requests take the flush's lock too. */
static void stop_flush(void) {
  pthread_mutex_lock(&StopLock);
  FILE *Log = fopen("/var/log/server/stop.log", "a");
/* CHECK: fatal-forwarders.c:[[@LINE-1]]:15: warning: blocking call to 'fopen' while lock 'StopLock' is held
 * CHECK-NEXT: note: lock 'StopLock' acquired here
 */
  fclose(Log);
/* CHECK: fatal-forwarders.c:[[@LINE-1]]:3: warning: blocking call to 'fclose' while lock 'StopLock' is held
 * CHECK-NEXT: note: lock 'StopLock' acquired here
 */
  pthread_mutex_unlock(&StopLock);
}
static int Stops;
static void count_stop(void) {
  pthread_mutex_lock(&StopLock);
  ++Stops;
  pthread_mutex_unlock(&StopLock);
}
static void *stopper(void *Arg) {
  (void)Arg;
  stop_flush();
  exit(0);
}

/* Ends every path in abort() without saying so. */
static void dump_locked(void) {
  pthread_mutex_lock(&DumpLock);
  FILE *Log = fopen("/var/log/server/dump.log", "a"); /* no-warning: only from die() */
  fclose(Log);                                        /* no-warning */
  pthread_mutex_unlock(&DumpLock);
}
void die(const char *Msg) {
  dump_locked();
  abort();
}

/* One path returns: the warning log's lock is taken on a request path. */
static void warn_locked(void) {
  pthread_mutex_lock(&WarnLock);
  FILE *Log = fopen("/var/log/server/warn.log", "a");
/* CHECK: fatal-forwarders.c:[[@LINE-1]]:15: warning: blocking call to 'fopen' while lock 'WarnLock' is held
 * CHECK-NEXT: note: lock 'WarnLock' acquired here
 */
  fclose(Log);
/* CHECK: fatal-forwarders.c:[[@LINE-1]]:3: warning: blocking call to 'fclose' while lock 'WarnLock' is held
 * CHECK-NEXT: note: lock 'WarnLock' acquired here
 */
  pthread_mutex_unlock(&WarnLock);
}
void warn_or_die(int Fatal) {
  warn_locked();
  if (Fatal)
    end_report(0);
}
void Module_Warn(int Fatal) { warn_or_die(Fatal); }

/* pthread_exit ends the thread, not the process: the flush runs while the
 * other threads serve. */
static void flush_locked(void) {
  pthread_mutex_lock(&FlushLock);
  FILE *Log = fopen("/var/log/server/flush.log", "a");
/* CHECK: fatal-forwarders.c:[[@LINE-1]]:15: warning: blocking call to 'fopen' while lock 'FlushLock' is held
 * CHECK-NEXT: note: lock 'FlushLock' acquired here
 */
  fclose(Log);
/* CHECK: fatal-forwarders.c:[[@LINE-1]]:3: warning: blocking call to 'fclose' while lock 'FlushLock' is held
 * CHECK-NEXT: note: lock 'FlushLock' acquired here
 */
  pthread_mutex_unlock(&FlushLock);
}
void quit_thread(void) {
  flush_locked();
  pthread_exit(NULL);
}

void testFatalForwarders(int Fd, int Slot) {
  CHECK_OR_DIE(Slot >= 0);
  CHECK_OR_ABORT(Fd >= 0);
  NOTE_OR_ABORT(Slot < 64);
  if (Slot > 32)
    note_failure("many slots");
  if (Slot > 48)
    PANIC("too many slots");
  count_stop();
  handle_query(Fd);
  if (Slot == 50) {
    send_reply();
    exit(2);
  }
  if (Slot == 40) {
    stop_flush();
    exit(1);
  }
  char Buf[256];
  if (recv(Fd, Buf, sizeof Buf, 0) < 0)
    die("recv failed");
  if (!Buf[0])
    OutOfMemoryHook(sizeof Buf);
  if (Buf[0] == 'W')
    warn_or_die(Buf[1] == '!');
  if (Buf[0] == 'Q')
    quit_thread();
}

int serve(int Ep) {
  for (;;) {
    struct epoll_event Events[16];
    int N = epoll_wait(Ep, Events, 16, -1);
    for (int I = 0; I < N; ++I)
      testFatalForwarders(Events[I].data.fd, I);
  }
  return 0;
}

static void *serve_thread(void *Arg) {
  (void)Arg;
  return (void *)(long)serve(epoll_create1(0));
}

int main(void) {
  pthread_t Threads[3];
  for (int I = 0; I < 3; ++I)
    pthread_create(&Threads[I], NULL, serve_thread, NULL);
  pthread_t Stopper;
  pthread_create(&Stopper, NULL, stopper, NULL);
  return serve(epoll_create1(0));
}
