//===--- AstHelpers.h - Small AST helpers shared by the extractor -*- C++
//-*-===//
#ifndef STALLSCAN_EXTRACT_ASTHELPERS_H
#define STALLSCAN_EXTRACT_ASTHELPERS_H

#include "catalog/Catalog.h"
#include "extract/ExprPredicates.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/ArrayRef.h"

namespace stallscan {

inline const clang::Expr *stripToDeclRef(const clang::Expr *E) {
  E = E->IgnoreParenCasts();
  if (auto *UO = clang::dyn_cast<clang::UnaryOperator>(E))
    if (UO->getOpcode() == clang::UO_AddrOf ||
        UO->getOpcode() == clang::UO_Deref)
      return UO->getSubExpr()->IgnoreParenCasts();
  return E;
}

inline const clang::Expr *objectExpr(const clang::CallExpr *CE) {
  if (auto *MCE = clang::dyn_cast<clang::CXXMemberCallExpr>(CE))
    return MCE->getImplicitObjectArgument();
  if (auto *OCE = clang::dyn_cast<clang::CXXOperatorCallExpr>(CE))
    if (clang::isa_and_nonnull<clang::CXXMethodDecl>(OCE->getDirectCallee()) &&
        OCE->getNumArgs() > 0)
      return OCE->getArg(0);
  return nullptr;
}

inline const clang::Expr *argAt(llvm::ArrayRef<const clang::Expr *> Args,
                                ArgIndex I) {
  // Trailing default arguments are not what a handler index refers to.
  size_t N = Args.size();
  while (N > 0 && clang::isa<clang::CXXDefaultArgExpr>(Args[N - 1]))
    --N;
  long Idx = I < 0 ? static_cast<long>(N) + I : I;
  if (Idx < 0 || Idx >= static_cast<long>(N))
    return nullptr;
  return Args[Idx];
}

/// The value argument \p I of a call stands for, for a condition on what
/// the call is given (`unless_zero_arg`): as argAt, but an argument left to
/// its default is that default's expression (evpp's `Stop(bool wait =
/// false)` called as `Stop()` waits no more than `Stop(false)`).
inline const clang::Expr *valueArgAt(llvm::ArrayRef<const clang::Expr *> Args,
                                     ArgIndex I) {
  if (I >= 0 && static_cast<size_t>(I) < Args.size())
    if (auto *D = clang::dyn_cast<clang::CXXDefaultArgExpr>(Args[I]))
      return D->getExpr();
  return argAt(Args, I);
}

/// Whether the catalog names argument \p I (if it names one) and the call
/// passes a zero there (isZero; an argument left to its default counts as
/// that default).
inline bool zeroArg(llvm::ArrayRef<const clang::Expr *> Args,
                    const std::optional<ArgIndex> &I, clang::ASTContext &Ctx) {
  return I && isZero(valueArgAt(Args, *I), Ctx);
}

/// A loop wait's call that waits on no descriptor (its fd_count_arg is a
/// constant zero: `select(0, NULL, NULL, NULL, &tv)`, `poll(NULL, 0, ms)`):
/// a sleep, not a wait for events.
inline bool waitsOnNothing(const CatalogEntry &Wait,
                           llvm::ArrayRef<const clang::Expr *> Args,
                           clang::ASTContext &Ctx) {
  return zeroArg(Args, Wait.FdCountArg, Ctx);
}

} // namespace stallscan

#endif
