//===--- DeadBranches.cpp - Branches that never run in this build ---------===//
#include "extract/DeadBranches.h"

#include "llvm/ADT/StringSwitch.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/Builtins.h"
#include "clang/Analysis/CFG.h"
#include <memory>

using namespace clang;

namespace stallscan {
namespace {

/// Counts the references to one variable in a body and how many of them are
/// plain reads (an lvalue-to-rvalue conversion straight around the name).
/// Any other use (an assignment, ++, &, a reference bound to it, a capture
/// by reference, sizeof) may change or expose it.
class UseCounter : public RecursiveASTVisitor<UseCounter> {
public:
  explicit UseCounter(const VarDecl *VD) : VD(VD) {}
  bool shouldVisitLambdaBody() const { return true; }
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    Refs += DRE->getDecl() == VD;
    return true;
  }
  bool VisitImplicitCastExpr(ImplicitCastExpr *ICE) {
    if (ICE->getCastKind() == CK_LValueToRValue)
      if (auto *DRE = dyn_cast<DeclRefExpr>(ICE->getSubExpr()->IgnoreParens()))
        Reads += DRE->getDecl() == VD;
    return true;
  }
  const VarDecl *VD;
  unsigned Refs = 0, Reads = 0;
};

/// Whether a body calls a noreturn function (exit, abort, a [[noreturn]]
/// helper, __builtin_unreachable), lambdas apart: only then is a CFG built.
class NoReturnScan : public RecursiveASTVisitor<NoReturnScan> {
public:
  explicit NoReturnScan(llvm::function_ref<LoopCall(const CallExpr *)> Classify)
      : Classify(Classify) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCallExpr(CallExpr *CE) {
    if (const FunctionDecl *FD = CE->getDirectCallee())
      Found |= FD->isNoReturn();
    if (Classify)
      switch (Classify(CE)) {
      case LoopCall::Stops:
        Stops.insert(CE);
        break;
      case LoopCall::Runs:
        Runs = true;
        break;
      case LoopCall::Other:
        break;
      }
    return true;
  }
  llvm::function_ref<LoopCall(const CallExpr *)> Classify;
  bool Found = false;
  bool Runs = false; ///< the function runs an event loop itself
  llvm::DenseSet<const Stmt *> Stops;
};

/// `exit(0)` (or _exit, _Exit, quick_exit with a zero status) as the last
/// statement of \p S: the process ends cleanly there.
bool endsWithCleanExit(const Stmt *S, ASTContext &Ctx) {
  if (auto *CS = dyn_cast_or_null<CompoundStmt>(S))
    S = CS->body_empty() ? nullptr : CS->body_back();
  auto *E = dyn_cast_or_null<Expr>(S);
  auto *CE = E ? dyn_cast<CallExpr>(E->IgnoreParenImpCasts()) : nullptr;
  const FunctionDecl *FD = CE ? CE->getDirectCallee() : nullptr;
  if (!FD || CE->getNumArgs() != 1 || !FD->getIdentifier() ||
      !llvm::StringSwitch<bool>(FD->getName())
           .Cases("exit", "_exit", "_Exit", "quick_exit", true)
           .Default(false))
    return false;
  Expr::EvalResult R;
  return !CE->getArg(0)->isValueDependent() &&
         CE->getArg(0)->EvaluateAsInt(R, Ctx) && R.Val.getInt() == 0;
}

/// Calls in the condition of `if (shutdown() == OK) exit(0);`: the
/// process's last act when it succeeds (a final save, a cleanup), run on
/// the way out like the statements of a branch that ends the process.
class CleanExitConditions : public RecursiveASTVisitor<CleanExitConditions> {
public:
  CleanExitConditions(ASTContext &Ctx, llvm::DenseSet<const Stmt *> &Out)
      : Ctx(Ctx), Out(Out) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitIfStmt(IfStmt *If) {
    if (If->getElse() || !If->getCond() ||
        !endsWithCleanExit(If->getThen(), Ctx))
      return true;
    struct Calls : RecursiveASTVisitor<Calls> {
      llvm::DenseSet<const Stmt *> *Out;
      bool VisitCallExpr(CallExpr *CE) {
        Out->insert(CE);
        return true;
      }
    } C;
    C.Out = &Out;
    C.TraverseStmt(If->getCond());
    return true;
  }

private:
  ASTContext &Ctx;
  llvm::DenseSet<const Stmt *> &Out;
};

std::optional<int64_t> asInt64(const llvm::APSInt &V) {
  if (!V.isRepresentableByInt64())
    return std::nullopt;
  return V.getExtValue();
}

} // namespace

bool ConstantConditions::onlyRead(const VarDecl *VD) {
  auto It = ReadOnly.find(VD);
  if (It != ReadOnly.end())
    return It->second;
  bool Result = false;
  if (const auto *FD = dyn_cast_or_null<FunctionDecl>(
          VD->getParentFunctionOrMethod()))
    if (Stmt *Body = FD->getBody()) {
      UseCounter Uses(VD);
      Uses.TraverseStmt(Body);
      Result = Uses.Refs == Uses.Reads;
    }
  ReadOnly[VD] = Result;
  return Result;
}

std::optional<int64_t> ConstantConditions::localValue(const VarDecl *VD) {
  if (!VD->hasLocalStorage() || isa<ParmVarDecl>(VD) ||
      VD->getType().isVolatileQualified() ||
      !VD->getType()->isIntegralOrEnumerationType() || !VD->getInit())
    return std::nullopt;
  const Expr *Init = VD->getInit();
  if (Init->isValueDependent())
    return std::nullopt;
  Expr::EvalResult R;
  if (!Init->EvaluateAsInt(R, Ctx) || !onlyRead(VD))
    return std::nullopt;
  return asInt64(R.Val.getInt());
}

std::optional<int64_t> ConstantConditions::value(const Expr *E,
                                                 unsigned Depth) {
  if (!E || Depth > 16 || E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  E = E->IgnoreParens();
  if (E->getType()->isIntegralOrEnumerationType()) {
    Expr::EvalResult R;
    if (E->EvaluateAsInt(R, Ctx))
      return asInt64(R.Val.getInt());
  }
  if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E)) {
    switch (ICE->getCastKind()) {
    case CK_LValueToRValue:
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(ICE->getSubExpr()->IgnoreParens()))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
          return localValue(VD);
      return std::nullopt;
    case CK_IntegralToBoolean:
      if (auto V = value(ICE->getSubExpr(), Depth + 1))
        return *V != 0;
      return std::nullopt;
    case CK_IntegralCast:
    case CK_NoOp:
      return value(ICE->getSubExpr(), Depth + 1);
    default:
      return std::nullopt;
    }
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    auto V = value(UO->getSubExpr(), Depth + 1);
    if (!V)
      return std::nullopt;
    switch (UO->getOpcode()) {
    case UO_LNot:
      return *V == 0;
    case UO_Minus:
      return -*V;
    default:
      return std::nullopt;
    }
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    auto L = value(BO->getLHS(), Depth + 1);
    // `dbg && anything` is false and `on || anything` is true however the
    // right side turns out.
    if (BO->getOpcode() == BO_LAnd && L && *L == 0)
      return 0;
    if (BO->getOpcode() == BO_LOr && L && *L != 0)
      return 1;
    auto R = value(BO->getRHS(), Depth + 1);
    if (BO->getOpcode() == BO_LAnd && R && *R == 0)
      return 0;
    if (BO->getOpcode() == BO_LOr && R && *R != 0)
      return 1;
    if (!L || !R)
      return std::nullopt;
    switch (BO->getOpcode()) {
    case BO_LAnd: return *L && *R;
    case BO_LOr: return *L || *R;
    case BO_EQ: return *L == *R;
    case BO_NE: return *L != *R;
    case BO_LT: return *L < *R;
    case BO_GT: return *L > *R;
    case BO_LE: return *L <= *R;
    case BO_GE: return *L >= *R;
    case BO_And: return *L & *R;
    case BO_Or: return *L | *R;
    default: return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<bool> ConstantConditions::decide(const IfStmt *If) {
  const Expr *Cond = If->getCond();
  if (!Cond || If->isConsteval())
    return std::nullopt;
  if (If->getInit() || If->getConditionVariable() || If->isConstexpr()) {
    bool B;
    if (!Cond->isValueDependent() && Cond->EvaluateAsBooleanCondition(B, Ctx))
      return B;
    return std::nullopt;
  }
  if (auto V = value(Cond))
    return *V != 0;
  return std::nullopt;
}

/// Least fixpoint over G's blocks: a block is doomed when \p EndsHere or
/// \p Assumed says so, or all its (reachable) successors are doomed.
static std::vector<char>
leastDoomed(const CFG &G, llvm::function_ref<bool(const CFGBlock *)> EndsHere,
            const std::vector<char> &Assumed) {
  std::vector<char> Doomed(G.getNumBlockIDs(), 0);
  const unsigned ExitId = G.getExit().getBlockID();
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const CFGBlock *B : G) {
      if (!B || Doomed[B->getBlockID()] || B->getBlockID() == ExitId)
        continue;
      bool D = Assumed[B->getBlockID()] || EndsHere(B);
      if (!D) {
        unsigned Live = 0, Dead = 0;
        for (const CFGBlock::AdjacentBlock &S : B->succs())
          if (const CFGBlock *SB = S.getReachableBlock()) {
            ++Live;
            Dead += Doomed[SB->getBlockID()];
          }
        D = Live && Live == Dead;
      }
      if (D) {
        Doomed[B->getBlockID()] = 1;
        Changed = true;
      }
    }
  }
  return Doomed;
}

/// The blocks every path from which ends the process (\p EndsHere). A loop
/// that may run for ever (`for (;;)`, `while (!quit)`) is doomed only if
/// every way out of it is, and then only when its body is too. A loop that
/// counts (`for (i = 0; modules[i]; i++)`, a range-for) ends: a path around
/// it ends where its header's paths end, so nginx's
/// `for (...) modules[i]->exit(cycle); ...; exit(0);` ends the process. The
/// greatest such assumption: each counting loop's back edge is taken as
/// doomed until its header turns out not to be.
static std::vector<char>
doomedBlocks(const CFG &G, llvm::function_ref<bool(const CFGBlock *)> EndsHere) {
  std::vector<std::pair<unsigned, unsigned>> BackEdges; // block, loop header
  for (const CFGBlock *B : G) {
    const Stmt *L = B ? B->getLoopTarget() : nullptr;
    const auto *For = dyn_cast_or_null<ForStmt>(L);
    bool Counts = (For && For->getCond() && For->getInc()) ||
                  isa_and_nonnull<CXXForRangeStmt>(L);
    if (!Counts || B->succ_size() != 1)
      continue;
    const CFGBlock *H = B->succ_begin()->getReachableBlock();
    // A condition that is always true leaves no way out (pruned).
    if (!H || H->getTerminatorStmt() != L ||
        !llvm::all_of(H->succs(), [](const CFGBlock::AdjacentBlock &S) {
          return S.getReachableBlock() != nullptr;
        }))
      continue;
    BackEdges.push_back({B->getBlockID(), H->getBlockID()});
  }
  std::vector<char> Assumed(G.getNumBlockIDs(), 0);
  for (auto [B, H] : BackEdges)
    Assumed[B] = 1;
  for (;;) {
    std::vector<char> Doomed = leastDoomed(G, EndsHere, Assumed);
    bool Changed = false;
    for (auto [B, H] : BackEdges)
      if (Assumed[B] && !Doomed[H]) {
        Assumed[B] = 0;
        Changed = true;
      }
    if (!Changed)
      return Doomed;
  }
}

llvm::DenseSet<const Stmt *> fatalPathStatements(
    const FunctionDecl *FD, ASTContext &Ctx,
    llvm::function_ref<LoopCall(const CallExpr *)> Classify) {
  llvm::DenseSet<const Stmt *> Out;
  const Stmt *Body = FD->getBody();
  if (auto *Co = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    Body = Co->getBody();
  if (!Body)
    return Out;
  NoReturnScan Scan(Classify);
  Scan.TraverseStmt(const_cast<Stmt *>(Body));
  if (Scan.Runs)
    Scan.Stops.clear();
  if (!Scan.Found && Scan.Stops.empty())
    return Out;
  CleanExitConditions(Ctx, Out).TraverseStmt(const_cast<Stmt *>(Body));
  CFG::BuildOptions BO;
  std::unique_ptr<CFG> G =
      CFG::buildCFG(FD, const_cast<Stmt *>(Body), &Ctx, BO);
  if (!G)
    return Out;
  // A block is doomed when it calls a noreturn function (or stops the event
  // loop) or all its successors are doomed (doomedBlocks).
  auto StopsLoop = [&](const CFGBlock *B) {
    for (const CFGElement &E : *B)
      if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
        if (Scan.Stops.count(S->getStmt()))
          return true;
    return false;
  };
  std::vector<char> Doomed = doomedBlocks(*G, [&](const CFGBlock *B) {
    return B->hasNoReturnElement() || (!Scan.Stops.empty() && StopsLoop(B));
  });
  if (Doomed[G->getEntry().getBlockID()]) {
    // The whole function ends the process: not a side branch (but a clean
    // exit's condition still runs on the way out), save for the calls made
    // right before abort() in its block: a failure being reported
    // (`serverLog(...); serverPanic(...)`, which clang expands to
    // `_serverPanic(...), abort()`), not the function's work
    // (`serve(); exit(0);`).
    for (const CFGBlock *B : *G) {
      if (!B || !B->hasNoReturnElement())
        continue;
      bool Aborts = false;
      for (const CFGElement &E : *B)
        if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
          if (auto *CE = dyn_cast<CallExpr>(S->getStmt()))
            if (const FunctionDecl *Callee = CE->getDirectCallee())
              Aborts = Aborts || Callee->getBuiltinID() == Builtin::BI__builtin_trap ||
                       (Callee->getIdentifier() && Callee->getName() == "abort" &&
                        (Callee->getDeclContext()->isTranslationUnit() ||
                         Callee->getDeclContext()->isStdNamespace() ||
                         Callee->isExternC()));
      if (Aborts)
        for (const CFGElement &E : *B)
          if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
            Out.insert(S->getStmt());
    }
    return Out;
  }
  for (const CFGBlock *B : *G)
    if (B && Doomed[B->getBlockID()])
      for (const CFGElement &E : *B)
        if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
          Out.insert(S->getStmt());
  return Out;
}

/// Whether E reads errno: glibc's and musl's `(*__errno_location())`,
/// Darwin's and the BSDs' `(*__error())`, or a variable named errno.
static bool readsErrno(const Stmt *E) {
  if (!E)
    return false;
  if (auto *CE = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *FD = CE->getDirectCallee())
      if (const IdentifierInfo *II = FD->getIdentifier())
        if (II->getName() == "__errno_location" || II->getName() == "__error" ||
            II->getName() == "___errno" || II->getName() == "_errno")
          return true;
  if (auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (const IdentifierInfo *II = VD->getIdentifier())
        if (II->getName() == "errno")
          return true;
  for (const Stmt *Child : E->children())
    if (readsErrno(Child))
      return true;
  return false;
}

/// Whether Test holds for some statement enclosing S within the function S
/// is in (a lambda's body is its own function), given the child on S's side.
static bool enclosedBy(
    const Stmt *S, ASTContext &Ctx,
    llvm::function_ref<bool(const DynTypedNode &Parent, const Stmt *Child)>
        Test) {
  DynTypedNode N = DynTypedNode::create(*S);
  for (unsigned Depth = 0; Depth < 256; ++Depth) {
    auto Parents = Ctx.getParents(N);
    if (Parents.empty())
      return false;
    const DynTypedNode &P = Parents[0];
    if (P.get<FunctionDecl>() || P.get<BlockDecl>() || P.get<LambdaExpr>())
      return false; // the function (or lambda) S is in ends here
    if (Test(P, N.get<Stmt>()))
      return true;
    N = P;
  }
  return false;
}

bool onErrorBranch(const Stmt *S, ASTContext &Ctx) {
  return enclosedBy(S, Ctx, [](const DynTypedNode &P, const Stmt *Child) {
    if (auto *If = P.get<IfStmt>())
      return Child && Child != If->getCond() && readsErrno(If->getCond());
    if (auto *Sw = P.get<SwitchStmt>())
      return Child && Child != Sw->getCond() && readsErrno(Sw->getCond());
    return false;
  });
}

/// Whether C tests the result of a call: the call itself, negated,
/// compared with a constant, or assigned first (`(rc = f(...)) != 0`).
static bool testsCallResult(const Expr *C, ASTContext &Ctx) {
  for (unsigned Depth = 0; C && Depth < 8; ++Depth) {
    C = C->IgnoreParenImpCasts();
    if (auto *CE = dyn_cast<CallExpr>(C))
      return CE->getDirectCallee() != nullptr;
    if (auto *UO = dyn_cast<UnaryOperator>(C); UO && UO->getOpcode() == UO_LNot) {
      C = UO->getSubExpr();
      continue;
    }
    auto *BO = dyn_cast<BinaryOperator>(C);
    if (!BO)
      return false;
    if (BO->getOpcode() == BO_Assign) {
      C = BO->getRHS();
      continue;
    }
    if (!BO->isComparisonOp())
      return false;
    const Expr *L = BO->getLHS()->IgnoreParenImpCasts();
    const Expr *R = BO->getRHS()->IgnoreParenImpCasts();
    auto Constant = [&](const Expr *E) {
      return !E->isValueDependent() &&
             (E->isIntegerConstantExpr(Ctx) ||
              E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull));
    };
    if (Constant(R))
      C = L;
    else if (Constant(L))
      C = R;
    else
      return false;
  }
  return false;
}

/// Whether Arm formats errno without testing it and without looping: the
/// body of a failure report. A `do { ... } while (0)` (a logging macro's
/// shape) is not a loop.
static bool reportsErrno(const Stmt *Arm, ASTContext &Ctx) {
  struct Scan : RecursiveASTVisitor<Scan> {
    ASTContext &Ctx;
    bool Formats = false, Disqualified = false;
    explicit Scan(ASTContext &Ctx) : Ctx(Ctx) {}
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
    bool VisitCallExpr(CallExpr *CE) {
      if (const FunctionDecl *FD = CE->getDirectCallee())
        if (const IdentifierInfo *II = FD->getIdentifier())
          Formats = Formats ||
                    llvm::is_contained({"strerror", "strerror_r", "perror",
                                        "strerror_l", "__xpg_strerror_r"},
                                       II->getName());
      for (const Expr *A : CE->arguments())
        Formats = Formats || readsErrno(A);
      return true;
    }
    bool VisitIfStmt(IfStmt *If) {
      Disqualified = Disqualified || readsErrno(If->getCond());
      return true;
    }
    bool VisitSwitchStmt(SwitchStmt *Sw) {
      Disqualified = Disqualified || readsErrno(Sw->getCond());
      return true;
    }
    bool VisitConditionalOperator(ConditionalOperator *CO) {
      Disqualified = Disqualified || readsErrno(CO->getCond());
      return true;
    }
    bool VisitForStmt(ForStmt *) { return Disqualified = true, true; }
    bool VisitWhileStmt(WhileStmt *) { return Disqualified = true, true; }
    bool VisitCXXForRangeStmt(CXXForRangeStmt *) {
      return Disqualified = true, true;
    }
    bool VisitGotoStmt(GotoStmt *) { return Disqualified = true, true; }
    bool VisitDoStmt(DoStmt *Do) {
      const Expr *C = Do->getCond();
      bool Once = C && !C->isValueDependent() &&
                  C->isIntegerConstantExpr(Ctx) &&
                  C->EvaluateKnownConstInt(Ctx) == 0;
      Disqualified = Disqualified || !Once;
      return true;
    }
  } S(Ctx);
  S.TraverseStmt(const_cast<Stmt *>(Arm));
  return S.Formats && !S.Disqualified;
}

bool onFailureReport(const Stmt *S, ASTContext &Ctx,
                     llvm::DenseMap<const Stmt *, bool> &Arms) {
  return enclosedBy(S, Ctx, [&](const DynTypedNode &P, const Stmt *Child) {
    auto *If = P.get<IfStmt>();
    if (!If || !Child || Child != If->getThen() ||
        !testsCallResult(If->getCond(), Ctx))
      return false;
    auto [It, New] = Arms.try_emplace(Child, false);
    if (New)
      It->second = reportsErrno(Child, Ctx);
    return It->second;
  });
}

/// A thread's exit ends the thread, not the process.
static bool endsThreadOnly(const FunctionDecl *FD) {
  return FD->getIdentifier() &&
         llvm::StringSwitch<bool>(FD->getName())
             .Cases("pthread_exit", "thrd_exit", true)
             .Default(false);
}

std::optional<std::vector<const FunctionDecl *>>
endingCalls(const FunctionDecl *FD, ASTContext &Ctx,
            llvm::function_ref<bool(const FunctionDecl *)> Candidate) {
  const Stmt *Body = FD->getBody();
  if (!Body || isa<CoroutineBodyStmt>(Body) ||
      !FD->getReturnType()->isVoidType() || FD->isMain())
    return std::nullopt;
  CFG::BuildOptions BO;
  std::unique_ptr<CFG> G =
      CFG::buildCFG(FD, const_cast<Stmt *>(Body), &Ctx, BO);
  if (!G)
    return std::nullopt;
  const unsigned N = G->getNumBlockIDs();
  const unsigned ExitId = G->getExit().getBlockID();
  // Per block: its last call, and whether it ends the process itself.
  std::vector<const CallExpr *> Last(N, nullptr);
  std::vector<char> Ends(N, 0);
  for (const CFGBlock *B : *G) {
    if (!B)
      continue;
    for (const CFGElement &E : *B)
      if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
        if (const auto *CE = dyn_cast<CallExpr>(S->getStmt())) {
          Last[B->getBlockID()] = CE;
          if (const FunctionDecl *Callee = CE->getDirectCallee())
            if (Callee->isNoReturn() && !endsThreadOnly(Callee))
              Ends[B->getBlockID()] = 1;
        }
  }
  // Clear: a block from which the exit is reached without another call.
  std::vector<char> Clear(N, 0);
  Clear[ExitId] = 1;
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const CFGBlock *B : *G)
      if (B && !Clear[B->getBlockID()] && !Last[B->getBlockID()])
        for (const CFGBlock::AdjacentBlock &S : B->succs())
          if (const CFGBlock *SB = S.getReachableBlock();
              SB && Clear[SB->getBlockID()]) {
            Clear[B->getBlockID()] = 1;
            Changed = true;
            break;
          }
  }
  // A block whose last call is the path's last one, to a candidate: the
  // path ends there if that callee ends the process.
  std::vector<const FunctionDecl *> Via(N, nullptr);
  for (const CFGBlock *B : *G) {
    if (!B || Ends[B->getBlockID()] || !Last[B->getBlockID()])
      continue;
    const FunctionDecl *Callee = Last[B->getBlockID()]->getDirectCallee();
    if (!Callee || !Candidate(Callee))
      continue;
    for (const CFGBlock::AdjacentBlock &S : B->succs())
      if (const CFGBlock *SB = S.getReachableBlock();
          SB && Clear[SB->getBlockID()])
        Via[B->getBlockID()] = Callee;
  }
  std::vector<char> Doomed = doomedBlocks(*G, [&](const CFGBlock *B) {
    return Ends[B->getBlockID()] || Via[B->getBlockID()];
  });
  if (!Doomed[G->getEntry().getBlockID()])
    return std::nullopt;
  // The candidates on the paths from the entry (a path stops where it ends).
  std::vector<const FunctionDecl *> Out;
  std::vector<char> Seen(N, 0);
  std::vector<const CFGBlock *> Work{&G->getEntry()};
  Seen[G->getEntry().getBlockID()] = 1;
  while (!Work.empty()) {
    const CFGBlock *B = Work.back();
    Work.pop_back();
    if (Ends[B->getBlockID()])
      continue;
    if (const FunctionDecl *V = Via[B->getBlockID()]) {
      if (llvm::find(Out, V) == Out.end())
        Out.push_back(V);
      continue;
    }
    for (const CFGBlock::AdjacentBlock &S : B->succs())
      if (const CFGBlock *SB = S.getReachableBlock();
          SB && !Seen[SB->getBlockID()]) {
        Seen[SB->getBlockID()] = 1;
        Work.push_back(SB);
      }
  }
  return Out;
}

static bool unreachableCall(const Stmt *S) {
  const auto *E = dyn_cast_or_null<Expr>(S);
  const auto *CE = E ? dyn_cast<CallExpr>(E->IgnoreParenImpCasts()) : nullptr;
  if (!CE)
    return false;
  if (CE->getBuiltinCallee() == Builtin::BI__builtin_unreachable)
    return true;
  const FunctionDecl *FD = CE->getDirectCallee();
  return FD && FD->isInStdNamespace() && FD->getIdentifier() &&
         FD->getName() == "unreachable";
}

bool followedByUnreachable(const CallExpr *CE, ASTContext &Ctx) {
  const Stmt *Cur = CE;
  for (int Depth = 0; Depth < 6; ++Depth) {
    DynTypedNodeList Parents = Ctx.getParents(*Cur);
    if (Parents.size() != 1)
      return false;
    if (const auto *BO = Parents[0].get<BinaryOperator>()) {
      return BO->getOpcode() == BO_Comma && BO->getLHS() == Cur &&
             unreachableCall(BO->getRHS());
    }
    if (const auto *CS = Parents[0].get<CompoundStmt>()) {
      for (auto It = CS->body_begin(); It != CS->body_end(); ++It)
        if (*It == Cur)
          return std::next(It) != CS->body_end() && unreachableCall(*std::next(It));
      return false;
    }
    const Stmt *P = Parents[0].get<Stmt>();
    if (!P || !(isa<ParenExpr>(P) || isa<ImplicitCastExpr>(P) ||
                isa<CStyleCastExpr>(P) || isa<ExprWithCleanups>(P)))
      return false;
    Cur = P;
  }
  return false;
}

} // namespace stallscan
