//===--- LockFlow.h - Lock sets over a function's CFG -----------*- C++ -*-===//
#ifndef STALLSCAN_EXTRACT_LOCKFLOW_H
#define STALLSCAN_EXTRACT_LOCKFLOW_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include <functional>
#include <string>
#include <tuple>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
class Stmt;
class VarDecl;
} // namespace clang

namespace stallscan {

/// What one call does to locks, as the extractor classifies it.
struct LockEvent {
  enum Kind {
    None,
    Acquire,      ///< m.lock(), pthread_mutex_lock(&m), ACQUIRE() functions
    Release,      ///< m.unlock()
    Try,          ///< m.try_lock(): holds on the true branch
    TryZero,      ///< pthread_mutex_trylock(&m): holds when the result is 0
    Guard,        ///< an RAII guard constructed into a variable
    GuardLock,    ///< guard.lock()
    GuardUnlock,  ///< guard.unlock()
    GuardRelease, ///< guard.release(): the mutex stays locked, unowned
    GuardTry,     ///< guard.try_lock()
    GuardTest,    ///< guard.owns_lock(), if (guard)
    GuardMove,    ///< a guard move-constructed / move-assigned from SourceGuard
    CvWait,       ///< releases Keys (or the guard's) while it waits
    /// An RAII object that releases Keys while it lives and takes them back
    /// when destroyed (pybind11's gil_scoped_release)
    ReleaseGuard,
  } K = None;
  std::vector<std::string> Keys;  ///< the locks named by the call
  std::vector<std::string> Names; ///< how the source spells them
  bool Shared = false;
  enum Mode { Normal, Defer, Adopt, TryTo } GuardMode = Normal;
  const clang::VarDecl *GuardVar = nullptr; ///< for guard member calls / waits
  /// GuardMove: the guard moved from (null when it is not a variable).
  const clang::VarDecl *SourceGuard = nullptr;
  /// Release: the unlock's subject is `Guard.release()` (this guard), or a
  /// local pointer variable that may hold a released guard's mutex.
  const clang::VarDecl *ReleasedGuard = nullptr;
  const clang::VarDecl *SubjectVar = nullptr;
  /// GuardRelease: the variable that receives the released mutex pointer.
  const clang::VarDecl *ResultVar = nullptr;
  std::string Api;
};

struct HeldLock {
  std::string Key;
  std::string Name;
  clang::SourceLocation Acquired;
  bool Shared = false;
  std::string Api;
  /// Acquisitions not yet matched by a release (recursive mutexes, the same
  /// lock taken twice): the lock is held until the count drops to zero.
  unsigned Count = 1;
};

/// What a critical section (one acquisition) contains, for the hot-path rule.
struct SectionStats {
  HeldLock Lock;
  unsigned Statements = 0, Calls = 0, UserCalls = 0, Loops = 0, Allocations = 0;
};

struct LockFlowResult {
  /// Locks certainly held when each call / construction / suspension runs
  /// (a condition-variable wait does not count the lock it releases).
  llvm::DenseMap<const clang::Stmt *, std::vector<HeldLock>> HeldAt;
  /// Locks the function released itself on every path to each call without
  /// taking them again, though it never took them: its callers' locks
  /// (parameters, globals) given up before the call.
  llvm::DenseMap<const clang::Stmt *, std::vector<std::string>> ReleasedAt;
  /// Per call: {argument index, lock key, name} for each guard variable
  /// passed as an argument while it owns its locks (`backOff(lock)`).
  llvm::DenseMap<const clang::Stmt *,
                 std::vector<std::tuple<unsigned, std::string, std::string>>>
      GuardArgs;
  std::vector<SectionStats> Sections;
  /// At the function's normal exits (returns and falling off the end):
  /// whether one is reached, the locks held on every path to them, and the
  /// callers' locks released on every path (for lock wrappers).
  bool ExitReached = false;
  std::vector<HeldLock> HeldAtExit;
  std::vector<std::string> ReleasedAtExit;
};

struct LockFlowCallbacks {
  std::function<LockEvent(const clang::Stmt *, const clang::VarDecl *Target)>
      Classify; ///< Target: the variable a constructor initialises, if any
  std::function<bool(const clang::Stmt *)> IsAllocation;
  std::function<bool(const clang::Stmt *)> IsUserCall;
};

/// Must-hold lock sets over the function's CFG with implicit destructors:
/// RAII scope ends, unlock(), guard release, try-lock success branches, loops,
/// condition-variable waits. Locks acquired on one branch only are not held
/// after the join.
LockFlowResult runLockFlow(const clang::FunctionDecl *FD,
                           clang::ASTContext &Ctx, const LockFlowCallbacks &CB);

} // namespace stallscan

#endif
