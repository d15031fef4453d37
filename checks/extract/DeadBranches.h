//===--- DeadBranches.h - Branches that never run in this build -*- C++ -*-===//
//
// `int dbg = 0; if (dbg) { fopen(...); }` and `if (kTrace && ...)`: a branch
// whose condition is false in this build never runs, so the calls in it are
// not facts of the program. A condition is decided when it folds to a
// constant, reading a local variable as its initializer when the function
// never writes it, takes its address or binds it to a reference.
//
// `if (!ok) { log_state(); abort(); }` and `serverAssert(x)`: a call on a
// branch that can only end the process (every path from it reaches a
// noreturn call) runs once, on the way out; it is not a fact of the server's
// normal operation either. A function all of whose paths end so (`main`
// ending in `exit(run())`) is not such a branch: its calls stay facts.
//
// `if (fd == -1) { if (errno == EMFILE) stop_accepting(); }`: a branch
// whose condition reads errno handles a call that failed. It runs, but
// rarely (an overloaded or broken system, not a request's common path).
//
//===----------------------------------------------------------------------===//
#ifndef STALLSCAN_EXTRACT_DEADBRANCHES_H
#define STALLSCAN_EXTRACT_DEADBRANCHES_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <cstdint>
#include <optional>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class Expr;
class FunctionDecl;
class IfStmt;
class Stmt;
class VarDecl;
} // namespace clang

namespace stallscan {

class ConstantConditions {
public:
  explicit ConstantConditions(clang::ASTContext &Ctx) : Ctx(Ctx) {}

  /// The value of If's condition when it is the same on every run, else
  /// nothing. An if with an initializer or a condition variable is decided
  /// only through a constant condition (`if constexpr` included).
  std::optional<bool> decide(const clang::IfStmt *If);

private:
  std::optional<int64_t> value(const clang::Expr *E, unsigned Depth = 0);
  std::optional<int64_t> localValue(const clang::VarDecl *VD);
  bool onlyRead(const clang::VarDecl *VD);

  clang::ASTContext &Ctx;
  llvm::DenseMap<const clang::VarDecl *, bool> ReadOnly;
};

/// What a call does to the program's event loop, for fatalPathStatements.
enum class LoopCall { Other, Stops, Runs };

/// The statements of FD (calls included, as the CFG lists them) that run
/// only on paths that end the process while other paths of FD return, and
/// the calls in the condition of `if (finishShutdown() == OK) exit(0);`
/// (the process's last act when it succeeds). With \p Classify, a path
/// through a call that stops the event loop (`if (--senders == 0) {
/// output(); loop->quit(); }`) ends too, unless FD runs a loop itself
/// (`main` calling `io.run()` then `io.stop()`).
llvm::DenseSet<const clang::Stmt *> fatalPathStatements(
    const clang::FunctionDecl *FD, clang::ASTContext &Ctx,
    llvm::function_ref<LoopCall(const clang::CallExpr *)> Classify = nullptr);

/// Whether S runs only on a branch that handles a failed call: inside an
/// `if` or `switch` (either arm) whose condition reads errno, within the
/// function S is in (a lambda's body is its own function).
bool onErrorBranch(const clang::Stmt *S, clang::ASTContext &Ctx);

/// Whether S runs only on a branch that reports a failed call: the `then`
/// arm of an `if` whose condition tests a call's result (`if (f(...))`,
/// `if (f(...) < 0)`, `if ((rc = f(...)) != 0)`, `if (!f(...))`), an arm
/// that formats errno (`strerror(errno)`, `perror`, errno as an argument)
/// and neither tests errno (`if (errno == EAGAIN)` is a normal flow of
/// non-blocking I/O) nor loops (a retry), within the function S is in.
/// \p Arms keeps what each arm was found to be: every call in a long arm
/// asks about the same arm.
bool onFailureReport(const clang::Stmt *S, clang::ASTContext &Ctx,
                     llvm::DenseMap<const clang::Stmt *, bool> &Arms);

/// Whether every path of FD ends the process, by itself (a noreturn call
/// other than a thread's exit) or through the last call it makes on the
/// path: a forwarder (`void RM_Assert(...) { serverAssertFailed(...); }`)
/// ends the process when what it forwards to does. Nothing when some path
/// returns whatever its calls do; else the last calls that end paths only
/// if their callees end the process (empty: FD ends every path itself).
/// Only calls \p Candidate accepts (the program's own functions) are such
/// last calls. Only for functions returning void.
std::optional<std::vector<const clang::FunctionDecl *>>
endingCalls(const clang::FunctionDecl *FD, clang::ASTContext &Ctx,
            llvm::function_ref<bool(const clang::FunctionDecl *)> Candidate);

/// `f(); __builtin_unreachable();` (or in a comma expression, as assertion
/// macros write it, or std::unreachable()): the caller declares that f does
/// not return.
bool followedByUnreachable(const clang::CallExpr *CE, clang::ASTContext &Ctx);

} // namespace stallscan

#endif
