//===--- LockChecks.h - The scalability checks ------------------*- C++ -*-===//
#ifndef STALLSCAN_RULES_LOCKCHECKS_H
#define STALLSCAN_RULES_LOCKCHECKS_H

#include "rules/Finding.h"

namespace stallscan {

/// A blocking call runs while a lock is held, so every thread that needs the
/// lock waits for the I/O too.
///
/// Options: report-unknown-fd-io (default "false"): also report write/writev
/// on descriptors that are neither files nor known sockets (wakeup pipes,
/// eventfds) under a lock; read/readv on them are always reported.
class LockHeldWhileBlocking {
public:
  static constexpr const char *Id = "stallscan-lock-held-while-blocking";
  static void run(const AnalysisInput &In, std::vector<Finding> &Out);
};

/// A coroutine suspends while holding a thread-blocking lock, stalling
/// everyone who needs it and risking deadlock.
class LockHeldAcrossSuspend {
public:
  static constexpr const char *Id = "stallscan-lock-held-across-suspend";
  static void run(const AnalysisInput &In, std::vector<Finding> &Out);
};

/// Every request queues on one lock whose critical section does real work.
///
/// Options: min-statements (default "6"): a critical section with no loop,
/// allocation, call into the program or blocking call is tiny below this;
/// member-locks (default "true"): also report a member lock reached from two
/// or more entry points (instances are not told apart; "false" keeps only
/// globals, statics and members of global or singleton objects).
class SerialisedHotPath {
public:
  static constexpr const char *Id = "stallscan-serialised-hot-path";
  static void run(const AnalysisInput &In, std::vector<Finding> &Out);
};

} // namespace stallscan

#endif
