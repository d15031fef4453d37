//===--- DeadBranches.h - Branches that never run in this build -*- C++ -*-===//
//
// `int dbg = 0; if (dbg) { fopen(...); }` and `if (kTrace && ...)`: a branch
// whose condition is false in this build never runs, so the calls in it are
// not facts of the program. A condition is decided when it folds to a
// constant, reading a local variable as its initializer when the function
// never writes it, takes its address or binds it to a reference.
//
//===----------------------------------------------------------------------===//
#ifndef STALLSCAN_EXTRACT_DEADBRANCHES_H
#define STALLSCAN_EXTRACT_DEADBRANCHES_H

#include "llvm/ADT/DenseMap.h"
#include <cstdint>
#include <optional>

namespace clang {
class ASTContext;
class Expr;
class IfStmt;
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

} // namespace stallscan

#endif
