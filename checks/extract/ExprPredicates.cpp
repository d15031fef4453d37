//===--- ExprPredicates.cpp - Tests on call arguments ---------------------===//
//
// Expression tests that need nothing but the AST: the argument conditions
// of catalog entries (a named constant, a type, zero, flag bits) and
// whether an initializer is a callable.
//
//===----------------------------------------------------------------------===//
#include "extract/ExprPredicates.h"
#include "extract/Names.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/CharInfo.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSwitch.h"
#include <algorithm>

using namespace clang;

namespace stallscan {

/// The variable an object expression names: `f`, `(f)`, `std::move(f)`.
const VarDecl *objectVariable(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (auto *MT = dyn_cast<MaterializeTemporaryExpr>(E)) {
      E = MT->getSubExpr();
      continue;
    }
    if (auto *CE = dyn_cast<CXXConstructExpr>(E); CE && CE->getNumArgs() == 1) {
      E = CE->getArg(0); // a capture's move or copy construction
      continue;
    }
    if (auto *CE = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *FD = CE->getDirectCallee();
      if (FD && CE->getNumArgs() == 1 && FD->isInStdNamespace() &&
          FD->getIdentifier() &&
          (FD->getName() == "move" || FD->getName() == "forward")) {
        E = CE->getArg(0);
        continue;
      }
      return nullptr;
    }
    if (auto *DRE = dyn_cast<DeclRefExpr>(E))
      return dyn_cast<VarDecl>(DRE->getDecl());
    return nullptr;
  }
  return nullptr;
}

/// The variable an object expression names, a capture initialised from a
/// variable (`[f = std::move(f)]`) standing for it.
const VarDecl *objectVariableOrCapture(const Expr *E) {
  const VarDecl *V = objectVariable(E);
  if (V && V->isInitCapture())
    if (const VarDecl *From = objectVariable(V->getInit()))
      return From;
  return V;
}

/// Whether A and B name the same object: one variable, one field of the
/// same object, or one argument-less member call on it (`conn_.get()`).
bool sameObject(const Expr *A, const Expr *B) {
  for (unsigned Depth = 0; A && B && Depth < 8; ++Depth) {
    A = A->IgnoreParenImpCasts();
    B = B->IgnoreParenImpCasts();
    if (const VarDecl *V = objectVariableOrCapture(A))
      return V == objectVariableOrCapture(B);
    if (isa<CXXThisExpr>(A))
      return isa<CXXThisExpr>(B);
    if (auto *MA = dyn_cast<MemberExpr>(A)) {
      auto *MB = dyn_cast<MemberExpr>(B);
      if (!MB || MA->getMemberDecl() != MB->getMemberDecl())
        return false;
      A = MA->getBase();
      B = MB->getBase();
      continue;
    }
    if (auto *CA = dyn_cast<CXXMemberCallExpr>(A)) {
      auto *CB = dyn_cast<CXXMemberCallExpr>(B);
      if (!CB || CA->getNumArgs() || CB->getNumArgs() || !CA->getMethodDecl() ||
          CA->getMethodDecl() != CB->getMethodDecl())
        return false;
      A = CA->getImplicitObjectArgument();
      B = CB->getImplicitObjectArgument();
      continue;
    }
    return false;
  }
  return false;
}

bool isCallableValue(const Expr *E) {
  E = E->IgnoreImplicit()->IgnoreParenCasts()->IgnoreImplicit();
  if (isa<LambdaExpr>(E))
    return true;
  if (auto *UO = dyn_cast<UnaryOperator>(E))
    E = UO->getSubExpr()->IgnoreParenImpCasts();
  if (auto *DRE = dyn_cast<DeclRefExpr>(E))
    return isa<FunctionDecl>(DRE->getDecl());
  if (auto *CCE = dyn_cast<CXXConstructExpr>(E)) {
    const CXXRecordDecl *RD = CCE->getConstructor()->getParent();
    for (const CXXMethodDecl *MD : RD->methods())
      if (MD->getOverloadedOperator() == OO_Call)
        return true;
    return false;
  }
  if (auto *CE = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *FD = CE->getDirectCallee())
      if (FD->getIdentifier())
        return llvm::StringSwitch<bool>(FD->getName())
            .Cases("bind", "bind_front", "bind_back", "bind_front_handler",
                   "bind_executor", "ref", "cref", true)
            .Default(false);
  return false;
}

const Expr *passedValue(const Expr *E) {
  for (int Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (auto *BT = dyn_cast<CXXBindTemporaryExpr>(E))
      E = BT->getSubExpr();
    else if (auto *MT = dyn_cast<MaterializeTemporaryExpr>(E))
      E = MT->getSubExpr();
    else if (auto *CE = dyn_cast<CXXConstructExpr>(E);
             CE && CE->getNumArgs() >= 1 &&
             std::all_of(CE->arg_begin() + 1, CE->arg_end(),
                         [](const Expr *A) { return isa<CXXDefaultArgExpr>(A); }))
      E = CE->getArg(0); // a copy, or `StringArg("/x")` with defaults
    else if (auto *MC = dyn_cast<CXXMemberCallExpr>(E);
             MC && MC->getMethodDecl() && MC->getMethodDecl()->getIdentifier() &&
             MC->getNumArgs() == 0 &&
             llvm::is_contained({"c_str", "data"},
                                MC->getMethodDecl()->getName()))
      E = MC->getImplicitObjectArgument();
    else
      return E;
  }
  return E;
}

const StringLiteral *carriedLiteral(const Expr *E) {
  // A functional cast (`std::string("/proc/x")`) carries a literal too,
  // though it does not pass a parameter on.
  for (int Depth = 0; E && Depth < 8; ++Depth) {
    E = passedValue(E);
    if (auto *FC = dyn_cast_or_null<CXXFunctionalCastExpr>(E))
      E = FC->getSubExpr();
    else if (auto *SL = dyn_cast_or_null<StringLiteral>(E))
      return SL->isOrdinary() ? SL : nullptr;
    else
      return nullptr;
  }
  return nullptr;
}

bool textMatchesNames(llvm::StringRef Text,
                      const std::vector<std::string> &Names) {
  // A name ending in '*' matches the texts it begins: "/proc/*".
  return std::any_of(Names.begin(), Names.end(), [&](const std::string &N) {
    return !N.empty() && N.back() == '*'
               ? Text.starts_with(llvm::StringRef(N).drop_back())
               : Text == N;
  });
}

bool argNamedOneOf(const Expr *A, const std::vector<std::string> &Names) {
  if (!A)
    return false;
  if (const StringLiteral *SL = carriedLiteral(A))
    return textMatchesNames(SL->getString(), Names);
  A = A->IgnoreParenImpCasts();
  const NamedDecl *ND = nullptr;
  if (auto *DRE = dyn_cast<DeclRefExpr>(A)) {
    ND = DRE->getDecl();
    // const auto Policy = std::launch::deferred; std::async(Policy, f)
    if (auto *VD = dyn_cast<VarDecl>(ND))
      if (VD->getType().isConstQualified() && VD->getInit() &&
          argNamedOneOf(VD->getInit(), Names))
        return true;
  } else if (auto *ME = dyn_cast<MemberExpr>(A))
    ND = ME->getMemberDecl();
  if (!ND || !ND->getIdentifier())
    return false;
  return std::find(Names.begin(), Names.end(), ND->getName().str()) !=
         Names.end();
}

/// Whether T (or what it points to) is a class named in Types, or a
/// template's specialisation whose first type argument is one (a handle on
/// the object: folly's `Executor::KeepAlive<CPUThreadPoolExecutor>`).
static bool typeIsOneOf(QualType T, const std::vector<std::string> &Types,
                        int Depth = 0) {
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return false;
  std::string N = qualifiedName(RD);
  for (const auto &Want : Types)
    if (N == Want || N.rfind(Want + "::", 0) == 0)
      return true;
  if (auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
      Spec && Depth < 2 && Spec->getTemplateArgs().size() > 0 &&
      Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
    return typeIsOneOf(Spec->getTemplateArgs()[0].getAsType(), Types,
                       Depth + 1);
  return false;
}

bool argHasTypeOf(const Expr *A, const std::vector<std::string> &Types) {
  // The argument as written, before an implicit conversion to the
  // parameter's type (`via(pool.get(), f)` converts the pool's pointer to
  // a KeepAlive<Executor>, which says nothing of the pool).
  for (int Depth = 0; A && Depth < 4; ++Depth) {
    if (typeIsOneOf(A->getType(), Types))
      return true;
    const Expr *Inner = A->IgnoreImplicit();
    if (auto *CE = dyn_cast<CXXConstructExpr>(Inner);
        CE && !isa<CXXTemporaryObjectExpr>(CE) && CE->getNumArgs() >= 1 &&
        CE->getParenOrBraceRange().isInvalid())
      Inner = CE->getArg(0);
    else if (auto *ICE = dyn_cast<ImplicitCastExpr>(A))
      Inner = ICE->getSubExpr();
    if (Inner == A)
      return false;
    A = Inner;
  }
  return false;
}

bool argIsMemberOf(const Expr *A, const std::vector<std::string> &Types) {
  for (int Depth = 0; A && Depth < 4; ++Depth) {
    A = A->IgnoreParenCasts();
    if (auto *UO = dyn_cast<UnaryOperator>(A);
        UO && UO->getOpcode() == UO_AddrOf) {
      A = UO->getSubExpr();
      continue;
    }
    if (auto *ME = dyn_cast<MemberExpr>(A)) {
      QualType T = ME->getBase()->getType();
      if (ME->isArrow() && T->isPointerType())
        T = T->getPointeeType();
      const RecordDecl *RD = T->getAsRecordDecl();
      if (!RD)
        return false;
      std::string N = qualifiedName(RD);
      for (const auto &Want : Types)
        if (N == Want)
          return true;
      return false;
    }
    auto *DRE = dyn_cast<DeclRefExpr>(A);
    auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (!VD || !VD->isLocalVarDecl() || isa<ParmVarDecl>(VD))
      return false;
    A = VD->getInit();
  }
  return false;
}

bool isZero(const Expr *A, ASTContext &Ctx) {
  if (!A)
    return false;
  A = A->IgnoreImplicit()->IgnoreParenCasts()->IgnoreImplicit();
  if (auto *UDL = dyn_cast<UserDefinedLiteral>(A)) {
    // getCookedLiteral() is only valid for cooked operators (it asserts,
    // and reads past the arguments in release builds, otherwise).
    auto Kind = UDL->getLiteralOperatorKind();
    if (Kind != UserDefinedLiteral::LOK_Template &&
        Kind != UserDefinedLiteral::LOK_Raw)
      return isZero(UDL->getCookedLiteral(), Ctx);
    // Literal operator templates (libstdc++'s 0s, 0ms) have no cooked
    // form: read the token.
    llvm::StringRef Tok = Lexer::getSourceText(
        CharSourceRange::getTokenRange(UDL->getSourceRange()),
        Ctx.getSourceManager(), Ctx.getLangOpts());
    llvm::StringRef Digits = Tok.take_while(
        [](char C) { return isDigit(C) || C == '.' || C == '\''; });
    return !Digits.empty() &&
           Digits.find_first_not_of("0.'") == llvm::StringRef::npos;
  }
  if (auto *CCE = dyn_cast<CXXConstructExpr>(A))
    return CCE->getNumArgs() == 1 && isZero(CCE->getArg(0), Ctx);
  if (auto *CE = dyn_cast<CallExpr>(A)) {
    const FunctionDecl *FD = CE->getDirectCallee();
    return FD && FD->getIdentifier() && FD->getName() == "zero";
  }
  Expr::EvalResult R;
  if (!A->isValueDependent() && A->EvaluateAsInt(R, Ctx))
    return R.Val.getInt() == 0;
  return false;
}

bool argHasBits(const Expr *A, uint64_t Mask, ASTContext &Ctx) {
  Expr::EvalResult R;
  if (!A || A->isValueDependent() || !A->EvaluateAsInt(R, Ctx))
    return false;
  return (R.Val.getInt().getZExtValue() & Mask) != 0;
}

} // namespace stallscan
