//===--- ExtractArgs.cpp - What a call site knows of its arguments --------===//
//
// Three facts that let the link tell call paths apart by what they pass:
//
//  - CallFact::Args: which arguments are constant zeros (`false`, `0`,
//    `NULL`, `CRAWLER_NOWAIT`) and which pass on, unchanged, a scalar
//    parameter of the caller;
//  - BlockingFact::GuardParam: a blocking call that runs only when such a
//    parameter is non-zero (`if (wait && pthread_join(t, 0))`), so that a
//    caller passing zero does not reach it;
//  - BlockingFact::PathParam: a file call whose path is such a parameter
//    (`open(filename.c_str())` in `ReadSmallFile(StringArg filename)`), so
//    that a caller passing "/proc/self/stat" (Args item "n") does not
//    reach it;
//  - a stream that only ever holds what an open of such a path returned
//    (`fp = fopen("/dev/urandom", "r")`), whose reads and close are not
//    file I/O either (the catalog's unless_pseudo_stream);
//  - a wait right after a thread start for the signal the thread's body
//    sends first (the start handshake), which is not reported;
//  - OffloadFact::Singleton: a thread whose handle is one global variable
//    (`pthread_create(&crawler_tid, ...)`), which a request may start but
//    which is not started per request.
//
//===----------------------------------------------------------------------===//
#include "catalog/Catalog.h"
#include "extract/ExprPredicates.h"
#include "extract/AstHelpers.h"
#include "extract/ExtractorImpl.h"
#include "extract/Names.h"

#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/Analyses/ExprMutationAnalyzer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>

using namespace clang;

namespace stallscan {
namespace extract_detail {

/// The index of the current function's scalar parameter that E names, if
/// the function never changes it (no assignment, increment, address or
/// non-const reference taken), else -1.
int Extractor::unchangedParam(const Expr *E, bool AnyType) {
  if (!E || Frames.empty() || !Frames.back().FD)
    return -1;
  auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  auto *PV = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
  const FunctionDecl *FD = Frames.back().FD;
  if (!PV || PV->getDeclContext() != FD ||
      !(AnyType || PV->getType()->isScalarType()) || !FD->getBody())
    return -1;
  auto [It, New] = ParamChanged.try_emplace(PV, false);
  if (New)
    It->second = ExprMutationAnalyzer(*FD->getBody(), Ctx).isMutated(PV);
  return It->second ? -1 : static_cast<int>(PV->getFunctionScopeIndex());
}

/// A constant zero (isZero: `0`, `false`, an enumerator or macro of value
/// 0) or a null pointer constant (`NULL`, `nullptr`).
static bool isConstantZero(const Expr *A, ASTContext &Ctx) {
  if (!A || A->isValueDependent() || A->isTypeDependent())
    return false;
  return isZero(A, Ctx) || A->IgnoreParenImpCasts()->isNullPointerConstant(
                               Ctx, Expr::NPC_ValueDependentIsNotNull);
}

/// The index of the current function's parameter (of any type) that a path
/// argument passes on unchanged: `filename`, `filename.c_str()`, a copy.
int Extractor::pathParam(const Expr *E) {
  return E ? unchangedParam(passedValue(E), /*AnyType=*/true) : -1;
}

/// Calls Visit on every reference to VD in Body, until Visit returns false;
/// whether every call returned true.
static bool allRefs(const Stmt *Body, const VarDecl *VD,
                    llvm::function_ref<bool(const DeclRefExpr *)> Visit) {
  llvm::SmallVector<const Stmt *, 64> Work{Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    for (const Stmt *C : S->children())
      Work.push_back(C);
    auto *DRE = dyn_cast<DeclRefExpr>(S);
    if (DRE && DRE->getDecl() == VD && !Visit(DRE))
      return false;
  }
  return true;
}

/// Whether a local character buffer is only ever written by `snprintf` /
/// `sprintf` with a format whose literal prefix matches Names
/// (`snprintf(buf, sizeof buf, "/proc/%d/stat", pid)`) and otherwise only
/// read (passed as `const char *`, measured with sizeof).
bool Extractor::pathBufferMatches(const VarDecl *VD,
                                  const std::vector<std::string> &Names) {
  auto [It, New] = BufferFormats.try_emplace(VD);
  if (New) {
    std::vector<std::string> Formats;
    const FunctionDecl *FD = Frames.empty() ? nullptr : Frames.back().FD;
    bool Ok = FD && FD->getBody() &&
              allRefs(FD->getBody(), VD, [&](const DeclRefExpr *DRE) {
      auto Parents = Ctx.getParents(*DRE);
      const auto *Decay =
          Parents.empty() ? nullptr : Parents[0].get<ImplicitCastExpr>();
      if (!Decay || Decay->getCastKind() != CK_ArrayToPointerDecay)
        return Parents.size() == 1 && Parents[0].get<UnaryExprOrTypeTraitExpr>();
      // Read only: converted to a pointer to const.
      auto Up = Ctx.getParents(*Decay);
      if (const auto *NoOp = Up.empty() ? nullptr : Up[0].get<ImplicitCastExpr>();
          NoOp && NoOp->getType()->isPointerType() &&
          NoOp->getType()->getPointeeType().isConstQualified())
        return true;
      // Written by a formatter, as its first argument.
      const auto *Call = Up.empty() ? nullptr : Up[0].get<CallExpr>();
      const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
      unsigned FormatArg = 0;
      if (Callee && Callee->getIdentifier() && Call->getNumArgs() > 0 &&
          Call->getArg(0) == Decay)
        FormatArg = llvm::StringSwitch<unsigned>(Callee->getName())
                        .Cases("snprintf", "__builtin_snprintf", 2)
                        .Cases("sprintf", "__builtin_sprintf", 1)
                        .Default(0);
      const StringLiteral *Format =
          FormatArg && Call->getNumArgs() > FormatArg
              ? carriedLiteral(Call->getArg(FormatArg))
              : nullptr;
      if (!Format)
        return false;
      llvm::StringRef Text = Format->getString();
      size_t Pct = Text.find('%');
      // A name ending in '*' matches what the format's fixed prefix begins
      // with; another name, a format without conversions equal to it.
      Formats.push_back(Pct == llvm::StringRef::npos
                            ? Text.str()
                            : Text.take_front(Pct).str() + "%");
      return true;
    });
    if (Ok && !Formats.empty())
      It->second = std::move(Formats);
  }
  if (!It->second)
    return false;
  return std::all_of(It->second->begin(), It->second->end(),
                     [&](const std::string &F) {
                       llvm::StringRef T(F);
                       if (!T.consume_back("%"))
                         return textMatchesNames(T, Names);
                       // Only a prefix is known: a '*' name must cover it.
                       return std::any_of(
                           Names.begin(), Names.end(), [&](const std::string &N) {
                             return N.size() > 1 && N.back() == '*' &&
                                    T.starts_with(
                                        llvm::StringRef(N).drop_back());
                           });
                     });
}

/// Whether A is a path on one of Names (a pseudo-filesystem or device): a
/// literal, carried through conversions, or a local buffer formatted with
/// one (`snprintf(buf, n, "/proc/%d/exe", pid)`).
bool Extractor::pseudoPathArg(const Expr *A,
                              const std::vector<std::string> &Names) {
  if (!A)
    return false;
  if (argNamedOneOf(A, Names))
    return true;
  auto *DRE = dyn_cast<DeclRefExpr>(passedValue(A));
  auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return VD && VD->hasLocalStorage() && !isa<ParmVarDecl>(VD) &&
         VD->getType()->isArrayType() &&
         VD->getType()->getArrayElementTypeNoTypeQual()->isCharType() &&
         pathBufferMatches(VD, Names);
}

std::string Extractor::knownArgs(llvm::ArrayRef<const Expr *> Args) {
  std::string Out;
  size_t Pending = 0; // separators owed before the next known item
  for (const Expr *A : Args) {
    std::string Item;
    if (A && pseudoPathArg(A, Cat.pseudoPaths()))
      Item = "n";
    else if (A && A->getType()->isScalarType()) {
      if (int P = unchangedParam(A); P >= 0)
        Item = "p" + std::to_string(P);
      else if (isConstantZero(A, Ctx))
        Item = "z";
    } else if (A && A->getType()->isRecordType()) {
      // A string object passed on (`ReadSmallFile file(filename)`).
      if (int P = pathParam(A); P >= 0)
        Item = "p" + std::to_string(P);
    }
    if (!Item.empty()) {
      Out.append(Pending, ',');
      Out += Item;
      Pending = 0;
    }
    ++Pending;
  }
  return Out;
}

/// A conjunct of Cond that is an unchanged parameter (or `param != 0`).
int Extractor::conjunctParam(const Expr *Cond) {
  if (!Cond)
    return -1;
  Cond = Cond->IgnoreParenImpCasts();
  if (auto *BO = dyn_cast<BinaryOperator>(Cond)) {
    if (BO->getOpcode() == BO_LAnd) {
      int P = conjunctParam(BO->getLHS());
      return P >= 0 ? P : conjunctParam(BO->getRHS());
    }
    if (BO->getOpcode() == BO_NE) {
      if (isConstantZero(BO->getRHS(), Ctx))
        return unchangedParam(BO->getLHS());
      if (isConstantZero(BO->getLHS(), Ctx))
        return unchangedParam(BO->getRHS());
    }
    return -1;
  }
  return unchangedParam(Cond);
}

/// The parameter a statement's execution depends on being non-zero: S is
/// on the right of `param && ...`, or in the then-branch of an `if` or the
/// true arm of a `?:` whose condition has `param` as a conjunct. -1 if
/// none, or if S is in a lambda or block of its own.
int Extractor::guardParam(const Stmt *S) {
  const Stmt *Child = S;
  for (int Depth = 0; Child && Depth < 64; ++Depth) {
    auto Parents = Ctx.getParents(*Child);
    if (Parents.empty())
      return -1;
    const Stmt *Parent = Parents[0].get<Stmt>();
    if (!Parent || isa<LambdaExpr>(Parent) || isa<BlockExpr>(Parent))
      return -1;
    int P = -1;
    if (auto *BO = dyn_cast<BinaryOperator>(Parent);
        BO && BO->getOpcode() == BO_LAnd && BO->getRHS() == Child)
      P = conjunctParam(BO->getLHS());
    else if (auto *If = dyn_cast<IfStmt>(Parent);
             If && If->getThen() == Child && !If->getConditionVariable())
      P = conjunctParam(If->getCond());
    else if (auto *CO = dyn_cast<ConditionalOperator>(Parent);
             CO && CO->getTrueExpr() == Child)
      P = conjunctParam(CO->getCond());
    if (P >= 0)
      return P;
    Child = Parent;
  }
  return -1;
}

/// A global or static variable, or a member of one, that is not an array:
/// one slot for one thread's handle.
static bool isSingleSlot(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  while (auto *ME = dyn_cast<MemberExpr>(E)) {
    if (ME->isArrow() || ME->getType()->isArrayType())
      return false;
    E = ME->getBase()->IgnoreParenImpCasts();
  }
  auto *DRE = dyn_cast<DeclRefExpr>(E);
  auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return VD && VD->hasGlobalStorage() && !VD->getType()->isArrayType();
}

bool Extractor::startsSingletonThread(const Expr *E,
                                      llvm::ArrayRef<const Expr *> Args) {
  // pthread_create(&handle, ...), thrd_create(&handle, ...)
  if (isa<CallExpr>(E) && !Args.empty())
    if (auto *UO = dyn_cast<UnaryOperator>(Args[0]->IgnoreParenImpCasts());
        UO && UO->getOpcode() == UO_AddrOf)
      return isSingleSlot(UO->getSubExpr());
  // `handle = std::thread(f)`, `static std::thread handle(f);`
  if (!isa<CXXConstructExpr>(E))
    return false;
  const Stmt *Child = E;
  for (int Depth = 0; Depth < 8; ++Depth) {
    auto Parents = Ctx.getParents(*Child);
    if (Parents.empty())
      return false;
    if (auto *VD = Parents[0].get<VarDecl>())
      return VD->hasGlobalStorage() && !VD->getType()->isArrayType();
    const Stmt *Parent = Parents[0].get<Stmt>();
    if (!Parent)
      return false;
    if (auto *Op = dyn_cast<CXXOperatorCallExpr>(Parent))
      return Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
             Op->getArg(0) != Child && isSingleSlot(Op->getArg(0));
    if (!isa<MaterializeTemporaryExpr, CXXBindTemporaryExpr, ImplicitCastExpr,
             CXXFunctionalCastExpr, ExprWithCleanups, ParenExpr>(Parent))
      return false;
    Child = Parent;
  }
  return false;
}


/// Whether E opens a path on a pseudo-filesystem or a device that never
/// waits: a call that a blocking entry's unless_arg exempts
/// (`fopen("/dev/urandom", "r")`).
bool Extractor::opensPseudoPath(const Expr *E) {
  auto *CE = E ? dyn_cast<CallExpr>(E->IgnoreParenCasts()) : nullptr;
  const FunctionDecl *Callee = CE ? CE->getDirectCallee() : nullptr;
  if (!Callee)
    return false;
  llvm::ArrayRef<const Expr *> Args(CE->getArgs(), CE->getNumArgs());
  for (const CatalogMatch &M :
       lookupDecl(Section::Blocking, calleeNames(Callee, CE), Callee))
    if (M.Entry->UnlessArg &&
        pseudoPathArg(argAt(Args, M.Entry->UnlessArg->Index),
                      M.Entry->UnlessArg->Names))
      return true;
  return false;
}

/// Whether a stream argument is a local of the current function that only
/// ever holds what opensPseudoPath calls return, or null: initialised or
/// assigned from them, otherwise only read (`FILE *fp =
/// fopen("/dev/urandom", "r"); ... fread(seed, 64, 1, fp); fclose(fp);`).
/// Its address taken, or any other write, and the stream may be anything.
bool Extractor::pseudoStream(const Expr *A) {
  auto *DRE = A ? dyn_cast<DeclRefExpr>(A->IgnoreParenImpCasts()) : nullptr;
  auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  const FunctionDecl *FD = Frames.empty() ? nullptr : Frames.back().FD;
  if (!VD || !VD->hasLocalStorage() || isa<ParmVarDecl>(VD) ||
      !VD->getType()->isPointerType() || !FD || !FD->getBody())
    return false;
  auto [It, New] = PseudoStreams.try_emplace(VD, false);
  if (!New)
    return It->second;
  auto Holds = [&](const Expr *V) {
    return V && (opensPseudoPath(V) ||
                 V->IgnoreParenImpCasts()->isNullPointerConstant(
                     Ctx, Expr::NPC_ValueDependentIsNotNull));
  };
  bool Ok = !VD->getInit() || Holds(VD->getInit());
  unsigned Opens = VD->getInit() && opensPseudoPath(VD->getInit());
  Ok = Ok && allRefs(FD->getBody(), VD, [&](const DeclRefExpr *Ref) {
    auto Parents = Ctx.getParents(*Ref);
    if (Parents.size() != 1)
      return false;
    if (const auto *Cast = Parents[0].get<ImplicitCastExpr>())
      if (Cast->getCastKind() == CK_LValueToRValue)
        return true; // read
    const auto *BO = Parents[0].get<BinaryOperator>();
    if (BO && BO->getOpcode() == BO_Assign && BO->getLHS() == Ref &&
        Holds(BO->getRHS())) {
      Opens += opensPseudoPath(BO->getRHS());
      return true;
    }
    return false; // address taken, passed by reference, written otherwise
  });
  return It->second = Ok && Opens > 0;
}

/// The variable whose address E takes (`&lru_crawler_cond`), if any.
static const VarDecl *addressedVar(const Expr *E) {
  auto *UO = E ? dyn_cast<UnaryOperator>(E->IgnoreParenImpCasts()) : nullptr;
  if (!UO || UO->getOpcode() != UO_AddrOf)
    return nullptr;
  auto *DRE = dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenImpCasts());
  return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
}

/// Whether a wait on a condition variable or semaphore (its first argument,
/// `&lru_crawler_cond`) made after this function started a thread is the
/// start handshake: the thread's body signals that same variable as one of
/// its statements before its first loop (memcached's crawler thread:
/// `pthread_cond_signal(&lru_crawler_cond)` first, then its loop), so the
/// wait lasts as long as the thread takes to start. A signal inside a
/// branch or a loop of the body, or a body not in this translation unit,
/// and the wait is reported.
bool Extractor::startHandshake(llvm::ArrayRef<const Expr *> Args) {
  const VarDecl *Var = addressedVar(argAt(Args, 0));
  if (!Var || Frames.empty())
    return false;
  for (const FunctionDecl *Started : Frames.back().StartedBodies) {
    const FunctionDecl *Def = Started->getDefinition();
    auto *Body = Def ? dyn_cast_or_null<CompoundStmt>(Def->getBody()) : nullptr;
    if (!Body)
      continue;
    for (const Stmt *S : Body->body()) {
      if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S))
        break;
      auto *CE = dyn_cast<CallExpr>(S);
      const FunctionDecl *Callee = CE ? CE->getDirectCallee() : nullptr;
      if (!Callee || !Callee->getIdentifier() || CE->getNumArgs() == 0)
        continue;
      bool Signal = false;
      for (const CatalogMatch &M : lookupDecl(Section::Lock,
                                              calleeNames(Callee, CE), Callee))
        Signal |= M.Entry->Kind == "signal";
      if (Signal && addressedVar(CE->getArg(0)) == Var)
        return true;
    }
  }
  return false;
}

} // namespace extract_detail
} // namespace stallscan
