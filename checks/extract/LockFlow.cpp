//===--- LockFlow.cpp - Lock sets over a function's CFG -------------------===//
//
// A forward must-analysis over Clang's CFG, built with implicit destructors
// and every statement as its own element (evaluation order). The state is the
// set of locks certainly held plus, per guard variable, the locks it owns.
// Joins intersect (a lock taken on one branch only is not held after the
// join); try-lock results add their locks on the success edge only, found by
// reading the block's terminator condition (`if (m.try_lock())`,
// `if (pthread_mutex_trylock(&m) == 0)`, `if (guard.owns_lock())`).
//
// After the fixpoint, one more pass records the held set at each call and
// the contents of each critical section.
//
//===----------------------------------------------------------------------===//
#include "extract/LockFlow.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseSet.h"
#include <deque>
#include <map>
#include <set>

using namespace clang;

namespace stallscan {
namespace {

struct GuardState {
  std::vector<std::string> Keys, Names;
  bool Owns = false;
  bool Shared = false;
  SourceLocation Where;
  std::string Api;
};

struct State {
  bool Reached = false;
  std::map<std::string, HeldLock> Held;
  std::map<const VarDecl *, GuardState> Guards;

  bool operator==(const State &O) const {
    if (Reached != O.Reached || Held.size() != O.Held.size() ||
        Guards.size() != O.Guards.size())
      return false;
    for (auto It = Held.begin(), J = O.Held.begin(); It != Held.end();
         ++It, ++J)
      if (It->first != J->first)
        return false;
    for (auto It = Guards.begin(), J = O.Guards.begin(); It != Guards.end();
         ++It, ++J)
      if (It->first != J->first || It->second.Owns != J->second.Owns)
        return false;
    return true;
  }
};

/// Intersection; an unreached state is the identity.
void meet(State &Into, const State &From) {
  if (!From.Reached)
    return;
  if (!Into.Reached) {
    Into = From;
    return;
  }
  for (auto It = Into.Held.begin(); It != Into.Held.end();) {
    auto F = From.Held.find(It->first);
    if (F == From.Held.end()) {
      It = Into.Held.erase(It);
      continue;
    }
    if (F->second.Acquired < It->second.Acquired)
      It->second = F->second; // deterministic representative
    ++It;
  }
  for (auto It = Into.Guards.begin(); It != Into.Guards.end();) {
    auto F = From.Guards.find(It->first);
    if (F == From.Guards.end()) {
      It = Into.Guards.erase(It);
      continue;
    }
    It->second.Owns = It->second.Owns && F->second.Owns;
    ++It;
  }
}

/// Statements written directly in a block: what "statements under a lock"
/// counts (not every sub-expression the CFG lists).
class TopLevelStatements : public RecursiveASTVisitor<TopLevelStatements> {
public:
  llvm::DenseSet<const Stmt *> Set;
  llvm::DenseMap<const Expr *, const VarDecl *> InitOf;
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCompoundStmt(CompoundStmt *CS) {
    for (Stmt *S : CS->body())
      Set.insert(S);
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    if (const Expr *Init = VD->getInit()) {
      const Expr *E = Init->IgnoreImplicit()->IgnoreParens();
      if (auto *FC = dyn_cast<CXXFunctionalCastExpr>(E))
        E = FC->getSubExpr()->IgnoreImplicit();
      InitOf[E] = VD;
      InitOf[Init] = VD;
    }
    return true;
  }
};

class Flow {
public:
  Flow(const FunctionDecl *FD, ASTContext &Ctx, const LockFlowCallbacks &CB)
      : FD(FD), Ctx(Ctx), CB(CB) {}

  LockFlowResult run() {
    LockFlowResult R;
    const Stmt *Body = FD->getBody();
    if (auto *Co = dyn_cast_or_null<CoroutineBodyStmt>(Body))
      Body = Co->getBody();
    if (!Body)
      return R;
    Top.TraverseStmt(const_cast<Stmt *>(Body));
    CFG::BuildOptions BO;
    BO.AddImplicitDtors = true;
    BO.AddTemporaryDtors = false;
    BO.setAllAlwaysAdd();
    std::unique_ptr<CFG> G =
        CFG::buildCFG(FD, const_cast<Stmt *>(Body), &Ctx, BO);
    if (!G)
      return R;

    // Fixpoint over block entry states.
    std::vector<State> In(G->getNumBlockIDs());
    In[G->getEntry().getBlockID()].Reached = true;
    std::deque<const CFGBlock *> Work{&G->getEntry()};
    std::vector<bool> Queued(G->getNumBlockIDs(), false);
    unsigned Budget = G->getNumBlockIDs() * 20 + 100;
    while (!Work.empty() && Budget--) {
      const CFGBlock *B = Work.front();
      Work.pop_front();
      Queued[B->getBlockID()] = false;
      std::vector<State> Outs = transferBlock(*B, In[B->getBlockID()], nullptr);
      unsigned I = 0;
      for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
        const CFGBlock *S = Succ.getReachableBlock();
        const State &Out = Outs[std::min<size_t>(I++, Outs.size() - 1)];
        if (!S)
          continue;
        State Next = In[S->getBlockID()];
        meet(Next, Out);
        if (!(Next == In[S->getBlockID()])) {
          In[S->getBlockID()] = std::move(Next);
          if (!Queued[S->getBlockID()]) {
            Queued[S->getBlockID()] = true;
            Work.push_back(S);
          }
        }
      }
    }
    // Final pass: held sets at calls, critical-section contents.
    for (const CFGBlock *B : *G)
      if (In[B->getBlockID()].Reached)
        transferBlock(*B, In[B->getBlockID()], &R);
    for (auto &[Key, S] : Sections)
      R.Sections.push_back(S);
    return R;
  }

private:
  struct SectionKey {
    std::string Key;
    unsigned Raw;
    bool operator<(const SectionKey &O) const {
      return std::tie(Key, Raw) < std::tie(O.Key, O.Raw);
    }
  };

  SectionStats &section(const HeldLock &H) {
    auto &S = Sections[{H.Key, H.Acquired.getRawEncoding()}];
    if (S.Lock.Key.empty())
      S.Lock = H;
    return S;
  }

  void acquire(State &St, const LockEvent &E, SourceLocation L, bool Shared,
               LockFlowResult *R) {
    for (size_t I = 0; I < E.Keys.size(); ++I) {
      HeldLock H{E.Keys[I], I < E.Names.size() ? E.Names[I] : E.Keys[I], L,
                 Shared, E.Api};
      St.Held[H.Key] = H;
      if (R)
        section(H);
    }
  }

  void release(State &St, const std::vector<std::string> &Keys) {
    for (const auto &K : Keys)
      St.Held.erase(K);
  }

  /// Applies one element; records facts when R is set.
  void transferStmt(const Stmt *S, State &St, LockFlowResult *R) {
    const Expr *E = dyn_cast<Expr>(S);
    bool IsCall = E && (isa<CallExpr>(E) || isa<CXXConstructExpr>(E));
    LockEvent Ev;
    if (IsCall) {
      const VarDecl *Target = nullptr;
      auto It = Top.InitOf.find(E);
      if (It != Top.InitOf.end())
        Target = It->second;
      Ev = CB.Classify(S, Target);
    }
    if (R && (IsCall || isa<CoawaitExpr>(S) || isa<CoyieldExpr>(S))) {
      std::vector<HeldLock> Held;
      std::vector<std::string> Released;
      if (Ev.K == LockEvent::CvWait) {
        Released = Ev.Keys;
        if (Ev.GuardVar) {
          auto G = St.Guards.find(Ev.GuardVar);
          if (G != St.Guards.end())
            Released.insert(Released.end(), G->second.Keys.begin(),
                            G->second.Keys.end());
        }
      }
      for (const auto &[K, H] : St.Held)
        if (std::find(Released.begin(), Released.end(), K) == Released.end())
          Held.push_back(H);
      if (!Held.empty())
        R->HeldAt[S] = Held;
    }
    if (R && !St.Held.empty() && Ev.K == LockEvent::None) {
      bool Statement = Top.Set.count(S);
      if (auto *DS = dyn_cast<DeclStmt>(S))
        for (const Decl *D : DS->decls())
          if (auto *VD = dyn_cast<VarDecl>(D); VD && St.Guards.count(VD))
            Statement = false; // `std::lock_guard g(m);` opens the section
      bool Alloc = CB.IsAllocation(S) || isa<CXXNewExpr>(S);
      bool User = IsCall && CB.IsUserCall(S);
      for (const auto &[K, H] : St.Held) {
        SectionStats &Sec = section(H);
        Sec.Statements += Statement;
        Sec.Calls += IsCall;
        Sec.Allocations += Alloc;
        Sec.UserCalls += User;
      }
    }
    SourceLocation L = S->getBeginLoc();
    switch (Ev.K) {
    case LockEvent::None:
    case LockEvent::Try:
    case LockEvent::TryZero:
    case LockEvent::GuardTry:
    case LockEvent::GuardTest:
    case LockEvent::CvWait:
      break; // try results are applied on the success edge
    case LockEvent::Acquire:
      acquire(St, Ev, L, Ev.Shared, R);
      break;
    case LockEvent::Release:
      release(St, Ev.Keys);
      break;
    case LockEvent::Guard: {
      if (!Ev.GuardVar)
        break; // a temporary guard locks and unlocks at once
      GuardState G{Ev.Keys, Ev.Names, false, Ev.Shared, L, Ev.Api};
      if (Ev.GuardMode == LockEvent::Normal ||
          Ev.GuardMode == LockEvent::Adopt) {
        G.Owns = true;
        acquire(St, Ev, L, Ev.Shared, R);
      }
      St.Guards[Ev.GuardVar] = G;
      break;
    }
    case LockEvent::GuardLock: {
      auto G = St.Guards.find(Ev.GuardVar);
      if (G == St.Guards.end())
        break;
      G->second.Owns = true;
      LockEvent Re = Ev;
      Re.Keys = G->second.Keys;
      Re.Names = G->second.Names;
      acquire(St, Re, L, G->second.Shared, R);
      break;
    }
    case LockEvent::GuardUnlock: {
      auto G = St.Guards.find(Ev.GuardVar);
      if (G == St.Guards.end())
        break;
      G->second.Owns = false;
      release(St, G->second.Keys);
      break;
    }
    case LockEvent::GuardRelease:
      St.Guards.erase(Ev.GuardVar); // still locked, no longer released here
      break;
    }
  }

  /// Runs a block; returns one out-state per successor (they differ only
  /// after a try-lock condition).
  std::vector<State> transferBlock(const CFGBlock &B, State St,
                                   LockFlowResult *R) {
    for (const CFGElement &El : B) {
      if (auto CS = El.getAs<CFGStmt>()) {
        transferStmt(CS->getStmt(), St, R);
      } else if (auto D = El.getAs<CFGAutomaticObjDtor>()) {
        auto G = St.Guards.find(D->getVarDecl());
        if (G != St.Guards.end()) {
          if (G->second.Owns)
            release(St, G->second.Keys);
          St.Guards.erase(G);
        }
      }
    }
    if (R && !St.Held.empty())
      if (const Stmt *T = B.getTerminatorStmt())
        if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(T))
          for (const auto &[K, H] : St.Held) {
            SectionStats &Sec = section(H);
            if (CountedLoops[&Sec].insert(T).second)
              ++Sec.Loops;
          }
    std::vector<State> Outs{St};
    if (B.succ_size() == 2)
      if (const auto *Cond = dyn_cast_or_null<Expr>(B.getTerminatorCondition()))
        applyTryBranches(Cond, St, Outs);
    return Outs;
  }

  void applyTryBranches(const Expr *Cond, const State &St,
                        std::vector<State> &Outs) {
    bool Negated = false;
    const Expr *E = Cond->IgnoreParenImpCasts();
    for (;;) {
      if (auto *UO = dyn_cast<UnaryOperator>(E);
          UO && UO->getOpcode() == UO_LNot) {
        Negated = !Negated;
        E = UO->getSubExpr()->IgnoreParenImpCasts();
        continue;
      }
      if (auto *BO = dyn_cast<BinaryOperator>(E);
          BO && (BO->getOpcode() == BO_EQ || BO->getOpcode() == BO_NE)) {
        const Expr *L = BO->getLHS()->IgnoreParenImpCasts();
        const Expr *Rr = BO->getRHS()->IgnoreParenImpCasts();
        Expr::EvalResult V;
        if (L->EvaluateAsInt(V, Ctx) && V.Val.getInt() == 0)
          std::swap(L, Rr); // `0 == pthread_mutex_trylock(&m)`
        if (Rr->EvaluateAsInt(V, Ctx) && V.Val.getInt() == 0) {
          Negated = Negated != (BO->getOpcode() == BO_EQ);
          E = L;
          continue;
        }
      }
      break;
    }
    if (!isa<CallExpr>(E))
      return;
    LockEvent Ev = CB.Classify(E, nullptr);
    bool SuccessWhenTruthy;
    switch (Ev.K) {
    case LockEvent::Try:
    case LockEvent::GuardTry:
    case LockEvent::GuardTest:
      SuccessWhenTruthy = true;
      break;
    case LockEvent::TryZero:
      SuccessWhenTruthy = false;
      break;
    default:
      return;
    }
    // Successor 0 is taken when the condition is true.
    bool SuccessOnTrue = SuccessWhenTruthy != Negated;
    State Success = St;
    if (Ev.K == LockEvent::GuardTry || Ev.K == LockEvent::GuardTest) {
      auto G = Success.Guards.find(Ev.GuardVar);
      if (G == Success.Guards.end())
        return;
      G->second.Owns = true;
      for (size_t I = 0; I < G->second.Keys.size(); ++I)
        Success.Held[G->second.Keys[I]] = {G->second.Keys[I],
                                           G->second.Names[I], G->second.Where,
                                           G->second.Shared, G->second.Api};
    } else {
      for (size_t I = 0; I < Ev.Keys.size(); ++I)
        Success.Held[Ev.Keys[I]] = {
            Ev.Keys[I], I < Ev.Names.size() ? Ev.Names[I] : Ev.Keys[I],
            E->getBeginLoc(), Ev.Shared, Ev.Api};
    }
    Outs = SuccessOnTrue ? std::vector<State>{Success, St}
                         : std::vector<State>{St, Success};
  }

  const FunctionDecl *FD;
  ASTContext &Ctx;
  const LockFlowCallbacks &CB;
  TopLevelStatements Top;
  std::map<SectionKey, SectionStats> Sections;
  std::map<const SectionStats *, std::set<const Stmt *>> CountedLoops;
};

} // namespace

LockFlowResult runLockFlow(const FunctionDecl *FD, ASTContext &Ctx,
                           const LockFlowCallbacks &CB) {
  return Flow(FD, Ctx, CB).run();
}

} // namespace stallscan
