//===--- LockFlow.cpp - Lock sets over a function's CFG -------------------===//
//
// A forward must-analysis over Clang's CFG, built with implicit destructors
// and every statement as its own element (evaluation order). The state is the
// set of locks certainly held plus, per guard variable, the locks it owns.
// Joins intersect (a lock taken on one branch only is not held after the
// join); try-lock results add their locks on the success edge only, found by
// reading the block's terminator condition (`if (m.try_lock())`,
// `if (pthread_mutex_trylock(&m) == 0)`, `if (guard.owns_lock())`), also
// through a variable that stores the result and is not written again before
// the test (`int rc = pthread_mutex_trylock(&m); if (rc == 0)`). A try-lock
// whose result is discarded (`pthread_mutex_trylock(&m);`) is code that
// proceeds as if it held the lock: it counts as an acquisition.
//
// Each held lock carries an acquisition count, so a lock taken twice (a
// recursive mutex, nested guards of one mutex) stays held until it has been
// released as often. Guards follow moves (`unique_lock b(std::move(a))`), and
// `guard.release()` hands its locks to the pointer it returns, so unlocking
// through that pointer releases them.
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
  /// A release guard: Owns means it has given its locks up, and its
  /// destruction takes them back.
  bool Inverse = false;
};

/// A try-lock result kept in a variable, not yet tested.
struct PendingTry {
  LockEvent Ev;
  SourceLocation Where;
  bool operator==(const PendingTry &O) const { return Where == O.Where; }
};

struct State {
  bool Reached = false;
  std::map<std::string, HeldLock> Held;
  std::map<const VarDecl *, GuardState> Guards;
  std::map<const VarDecl *, PendingTry> Pending;
  /// Locks handed out by `guard.release()`: by the released guard, and by
  /// the pointer variable the result was stored in.
  std::map<const VarDecl *, std::vector<std::string>> Unowned;
  /// Locks released here that this function did not hold: a caller's lock
  /// (through a parameter, or a global) given up, not taken again since.
  std::set<std::string> Released;

  bool operator==(const State &O) const {
    if (Reached != O.Reached || Held.size() != O.Held.size() ||
        Guards.size() != O.Guards.size() || Pending != O.Pending ||
        Unowned != O.Unowned || Released != O.Released)
      return false;
    for (auto It = Held.begin(), J = O.Held.begin(); It != Held.end();
         ++It, ++J)
      if (It->first != J->first || It->second.Count != J->second.Count)
        return false;
    for (auto It = Guards.begin(), J = O.Guards.begin(); It != Guards.end();
         ++It, ++J)
      if (It->first != J->first || It->second.Owns != J->second.Owns ||
          It->second.Keys != J->second.Keys ||
          It->second.Inverse != J->second.Inverse)
        return false;
    return true;
  }
};

/// Keeps the entries of Into that From has with an equal value.
template <typename MapT> void intersect(MapT &Into, const MapT &From) {
  for (auto It = Into.begin(); It != Into.end();) {
    auto F = From.find(It->first);
    if (F == From.end() || !(F->second == It->second))
      It = Into.erase(It);
    else
      ++It;
  }
}

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
    unsigned Count = std::min(It->second.Count, F->second.Count);
    if (F->second.Acquired < It->second.Acquired)
      It->second = F->second; // deterministic representative
    It->second.Count = Count;   // held at least this often on every path
    ++It;
  }
  for (auto It = Into.Guards.begin(); It != Into.Guards.end();) {
    auto F = From.Guards.find(It->first);
    if (F == From.Guards.end() || F->second.Keys != It->second.Keys ||
        F->second.Inverse != It->second.Inverse) {
      It = Into.Guards.erase(It);
      continue;
    }
    It->second.Owns = It->second.Owns && F->second.Owns;
    ++It;
  }
  intersect(Into.Pending, From.Pending);
  intersect(Into.Unowned, From.Unowned);
  for (auto It = Into.Released.begin(); It != Into.Released.end();)
    It = From.Released.count(*It) ? std::next(It) : Into.Released.erase(It);
}

/// Statements written directly in a block: what "statements under a lock"
/// counts (not every sub-expression the CFG lists).
class TopLevelStatements : public RecursiveASTVisitor<TopLevelStatements> {
public:
  llvm::DenseSet<const Stmt *> Set;
  llvm::DenseMap<const Expr *, const VarDecl *> InitOf;
  /// Calls whose result is discarded: expression statements, `(void)call`.
  llvm::DenseSet<const Stmt *> Discarded;
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCompoundStmt(CompoundStmt *CS) {
    for (Stmt *S : CS->body()) {
      Set.insert(S);
      const Expr *E = dyn_cast<Expr>(S);
      while (E) {
        E = E->IgnoreParens();
        if (auto *EWC = dyn_cast<ExprWithCleanups>(E))
          E = EWC->getSubExpr();
        else if (auto *C = dyn_cast<ExplicitCastExpr>(E);
                 C && C->getType()->isVoidType())
          E = C->getSubExpr();
        else
          break;
      }
      if (E && isa<CallExpr>(E->IgnoreImplicit()))
        Discarded.insert(E->IgnoreImplicit());
    }
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
    const State &Exit = In[G->getExit().getBlockID()];
    R.ExitReached = Exit.Reached;
    for (const auto &[K, H] : Exit.Held)
      R.HeldAtExit.push_back(H);
    R.ReleasedAtExit.assign(Exit.Released.begin(), Exit.Released.end());
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

  /// Adds one acquisition of each lock; a lock already held keeps its first
  /// acquisition (the section it opened) and counts one more, unless
  /// Counted is false (an adopting guard, a try result tested again).
  void acquire(State &St, const LockEvent &E, SourceLocation L, bool Shared,
               LockFlowResult *R, bool Counted = true) {
    for (size_t I = 0; I < E.Keys.size(); ++I) {
      St.Released.erase(E.Keys[I]);
      auto Old = St.Held.find(E.Keys[I]);
      if (Old != St.Held.end()) {
        Old->second.Count += Counted;
        continue;
      }
      HeldLock H{E.Keys[I], I < E.Names.size() ? E.Names[I] : E.Keys[I], L,
                 Shared, E.Api};
      St.Held[H.Key] = H;
      if (R)
        section(H);
    }
  }

  /// Releases one acquisition of each lock; a lock this function does not
  /// hold is its caller's, now given up (unless !Direct: the locks of a
  /// guard or of a released guard, which the function did take).
  void release(State &St, const std::vector<std::string> &Keys,
               bool Direct = false) {
    for (const auto &K : Keys) {
      auto It = St.Held.find(K);
      if (It == St.Held.end()) {
        if (Direct && isCallersLock(K))
          St.Released.insert(K);
        continue;
      }
      if (--It->second.Count == 0)
        St.Held.erase(It);
    }
  }

  /// Keys that may name a lock a caller holds: its parameters, globals and
  /// members (a local or an expression is this function's own).
  static bool isCallersLock(const std::string &K) {
    return K.rfind("param:", 0) == 0 || K.rfind("global:", 0) == 0 ||
           K.rfind("field:", 0) == 0;
  }

  /// A stored try-lock result says nothing once its lock has been released
  /// (`if (ok) { ...; m.unlock(); } ... if (ok)` holds nothing).
  static void dropPending(State &St, const std::vector<std::string> &Keys,
                          const VarDecl *Guard = nullptr,
                          const VarDecl *Guard2 = nullptr) {
    for (auto It = St.Pending.begin(); It != St.Pending.end();) {
      const LockEvent &P = It->second.Ev;
      bool Stale = P.GuardVar && (P.GuardVar == Guard || P.GuardVar == Guard2);
      for (const auto &K : P.Keys)
        Stale |= std::find(Keys.begin(), Keys.end(), K) != Keys.end();
      It = Stale ? St.Pending.erase(It) : std::next(It);
    }
  }

  static bool isTry(LockEvent::Kind K) {
    return K == LockEvent::Try || K == LockEvent::TryZero ||
           K == LockEvent::GuardTry || K == LockEvent::GuardTest;
  }

  /// The variable an assignment, increment or `&x` may change.
  static const VarDecl *writtenVar(const Stmt *S) {
    const Expr *Target = nullptr;
    if (auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp())
      Target = BO->getLHS();
    else if (auto *UO = dyn_cast<UnaryOperator>(S);
             UO && (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf))
      Target = UO->getSubExpr();
    else if (auto *OC = dyn_cast<CXXOperatorCallExpr>(S);
             OC && OC->isAssignmentOp() && OC->getNumArgs() > 0)
      Target = OC->getArg(0);
    if (!Target)
      return nullptr;
    if (auto *DRE = dyn_cast<DeclRefExpr>(Target->IgnoreParenImpCasts()))
      return dyn_cast<VarDecl>(DRE->getDecl());
    return nullptr;
  }

  /// Guard variables passed to a call while they own their locks: the
  /// callee's parameter stands for those locks.
  void recordGuardArgs(const CallExpr *Call, const State &St,
                       LockFlowResult &R) {
    if (isa<CXXOperatorCallExpr>(Call))
      return;
    for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
      auto *DRE = dyn_cast<DeclRefExpr>(Call->getArg(I)->IgnoreParenImpCasts());
      auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
      auto G = V ? St.Guards.find(V) : St.Guards.end();
      if (G == St.Guards.end() || !G->second.Owns)
        continue;
      for (size_t K = 0; K < G->second.Keys.size(); ++K)
        R.GuardArgs[Call].emplace_back(
            I, G->second.Keys[K],
            K < G->second.Names.size() ? G->second.Names[K]
                                       : G->second.Keys[K]);
    }
  }

  /// Applies one element; records facts when R is set.
  void transferStmt(const Stmt *S, State &St, LockFlowResult *R) {
    if (const VarDecl *W = writtenVar(S)) {
      St.Pending.erase(W);
      St.Unowned.erase(W);
      // `rc = pthread_mutex_trylock(&m);` stores a result to test later.
      if (auto *BO = dyn_cast<BinaryOperator>(S);
          BO && BO->getOpcode() == BO_Assign)
        if (auto *Call =
                dyn_cast<CallExpr>(BO->getRHS()->IgnoreParenImpCasts())) {
          LockEvent T = CB.Classify(Call, nullptr);
          if (isTry(T.K))
            St.Pending[W] = {T, Call->getBeginLoc()};
        }
    }
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
      if (!St.Released.empty())
        R->ReleasedAt[S] = {St.Released.begin(), St.Released.end()};
      if (auto *Call = dyn_cast<CallExpr>(S))
        recordGuardArgs(Call, St, *R);
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
    if (isTry(Ev.K)) {
      if (Top.Discarded.count(S) && Ev.K != LockEvent::GuardTest) {
        // The code goes on as if the try-lock succeeded.
        applySuccess(St, Ev, L, /*Counted=*/true);
      } else if (auto It = Top.InitOf.find(E); It != Top.InitOf.end()) {
        St.Pending[It->second] = {Ev, L}; // `bool ok = m.try_lock();`
      }
      return; // otherwise applied on the success edge of its test
    }
    switch (Ev.K) {
    case LockEvent::None:
    case LockEvent::Try:
    case LockEvent::TryZero:
    case LockEvent::GuardTry:
    case LockEvent::GuardTest:
    case LockEvent::CvWait:
      break;
    case LockEvent::Acquire:
      acquire(St, Ev, L, Ev.Shared, R);
      break;
    case LockEvent::Release: {
      // `guard.release()->unlock()`, `p = guard.release(); p->unlock();`
      for (const VarDecl *V : {Ev.ReleasedGuard, Ev.SubjectVar}) {
        auto U = V ? St.Unowned.find(V) : St.Unowned.end();
        if (U != St.Unowned.end()) {
          release(St, U->second);
          dropPending(St, U->second);
          St.Unowned.erase(U);
          return;
        }
      }
      release(St, Ev.Keys, /*Direct=*/true);
      dropPending(St, Ev.Keys);
      break;
    }
    case LockEvent::Guard: {
      if (!Ev.GuardVar)
        break; // a temporary guard locks and unlocks at once
      GuardState G{Ev.Keys, Ev.Names, false, Ev.Shared, L, Ev.Api};
      if (Ev.GuardMode == LockEvent::Normal ||
          Ev.GuardMode == LockEvent::Adopt) {
        G.Owns = true;
        // An adopting guard takes over the acquisition the code already
        // made (`m.lock(); lock_guard g(m, adopt_lock);`): no second count.
        acquire(St, Ev, L, Ev.Shared, R,
                /*Counted=*/Ev.GuardMode == LockEvent::Normal);
      }
      St.Guards[Ev.GuardVar] = G;
      break;
    }
    case LockEvent::ReleaseGuard: {
      if (!Ev.GuardVar)
        break; // a temporary releases and takes back at once
      // Given up until the guard is destroyed: a caller's lock (the GIL an
      // exported function was entered with) is then among Released.
      release(St, Ev.Keys, /*Direct=*/true);
      dropPending(St, Ev.Keys);
      GuardState G{Ev.Keys, Ev.Names, true, false, L, Ev.Api};
      G.Inverse = true;
      St.Guards[Ev.GuardVar] = G;
      break;
    }
    case LockEvent::GuardMove: {
      if (!Ev.GuardVar)
        break; // into a parameter or a return value: the source stays as is
      dropPending(St, {}, Ev.GuardVar, Ev.SourceGuard);
      auto Into = St.Guards.find(Ev.GuardVar);
      if (Into != St.Guards.end()) {
        if (Into->second.Owns) // move assignment unlocks what it owned
          release(St, Into->second.Keys);
        St.Guards.erase(Into);
      }
      auto From = Ev.SourceGuard ? St.Guards.find(Ev.SourceGuard)
                                 : St.Guards.end();
      if (From == St.Guards.end())
        break; // moved from something not followed: not known to own
      St.Guards[Ev.GuardVar] = From->second;
      From->second.Owns = false; // the moved-from guard has no mutex
      From->second.Keys.clear();
      From->second.Names.clear();
      break;
    }
    case LockEvent::GuardLock: {
      auto G = St.Guards.find(Ev.GuardVar);
      if (G == St.Guards.end()) {
        // A guard parameter relocked: the caller's lock is held again.
        for (const auto &K : Ev.Keys)
          St.Released.erase(K);
        break;
      }
      G->second.Owns = true;
      LockEvent Re = Ev;
      Re.Keys = G->second.Keys;
      Re.Names = G->second.Names;
      acquire(St, Re, L, G->second.Shared, R);
      break;
    }
    case LockEvent::GuardUnlock: {
      auto G = St.Guards.find(Ev.GuardVar);
      if (G == St.Guards.end()) {
        // A guard parameter unlocked: the caller's lock is given up.
        for (const auto &K : Ev.Keys)
          if (isCallersLock(K))
            St.Released.insert(K);
        break;
      }
      G->second.Owns = false;
      release(St, G->second.Keys);
      dropPending(St, G->second.Keys, Ev.GuardVar);
      break;
    }
    case LockEvent::GuardRelease: {
      auto G = St.Guards.find(Ev.GuardVar);
      if (G == St.Guards.end())
        break;
      // Still locked, no longer released here: unlocking the pointer that
      // release() returned releases it.
      if (G->second.Owns) {
        St.Unowned[Ev.GuardVar] = G->second.Keys;
        if (Ev.ResultVar)
          St.Unowned[Ev.ResultVar] = G->second.Keys;
      }
      dropPending(St, {}, Ev.GuardVar);
      St.Guards.erase(G);
      break;
    }
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
        if (G != St.Guards.end() && G->second.Inverse) {
          // A release guard's scope ends: the lock is taken back there.
          if (G->second.Owns) {
            LockEvent Back;
            Back.K = LockEvent::Acquire;
            Back.Keys = G->second.Keys;
            Back.Names = G->second.Names;
            Back.Api = G->second.Api;
            const Stmt *Trigger = D->getTriggerStmt();
            acquire(St, Back, Trigger ? Trigger->getEndLoc() : G->second.Where,
                    false, R);
          }
          St.Guards.erase(G);
        } else if (G != St.Guards.end()) {
          if (G->second.Owns) {
            release(St, G->second.Keys);
            dropPending(St, G->second.Keys);
          }
          dropPending(St, {}, D->getVarDecl());
          St.Guards.erase(G);
        }
      }
    }
    if (R && !St.Held.empty())
      if (const Stmt *T = B.getTerminatorStmt())
        if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(T) &&
            !isWaitLoop(T))
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

  /// `while (queue.empty()) cond.wait(lock);`: the loop waits with the lock
  /// released; it is no work done under it.
  bool isWaitLoop(const Stmt *T) {
    const Stmt *Body = nullptr;
    if (auto *W = dyn_cast<WhileStmt>(T))
      Body = W->getBody();
    else if (auto *D = dyn_cast<DoStmt>(T))
      Body = D->getBody();
    else if (auto *F = dyn_cast<ForStmt>(T))
      Body = F->getBody();
    while (auto *CS = dyn_cast_or_null<CompoundStmt>(Body))
      Body = CS->size() == 1 ? CS->body_front() : nullptr;
    if (auto *EWC = dyn_cast_or_null<ExprWithCleanups>(Body))
      Body = EWC->getSubExpr();
    auto *Call = dyn_cast_or_null<CallExpr>(Body);
    return Call && CB.Classify(Call, nullptr).K == LockEvent::CvWait;
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
    LockEvent Ev;
    SourceLocation Where = E->getBeginLoc();
    bool Stored = false;
    if (isa<CallExpr>(E)) {
      Ev = CB.Classify(E, nullptr);
    } else if (auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      // `bool ok = m.try_lock(); ... if (ok)`: the stored result.
      auto P = St.Pending.find(dyn_cast<VarDecl>(DRE->getDecl()));
      if (P == St.Pending.end())
        return;
      Ev = P->second.Ev;
      Where = P->second.Where;
      Stored = true;
    } else {
      return;
    }
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
    // A stored result tested a second time adds no second acquisition.
    if (!applySuccess(Success, Ev, Where, /*Counted=*/!Stored))
      return;
    Outs = SuccessOnTrue ? std::vector<State>{Success, St}
                         : std::vector<State>{St, Success};
  }

  /// The state after a try-lock succeeded; false if it names no lock.
  bool applySuccess(State &St, const LockEvent &Ev, SourceLocation Where,
                    bool Counted) {
    if (Ev.K == LockEvent::GuardTry || Ev.K == LockEvent::GuardTest) {
      auto G = St.Guards.find(Ev.GuardVar);
      if (G == St.Guards.end())
        return false;
      if (G->second.Owns)
        return true; // testing a guard that owns its lock changes nothing
      G->second.Owns = true;
      LockEvent Re = Ev;
      Re.Keys = G->second.Keys;
      Re.Names = G->second.Names;
      Re.Api = G->second.Api;
      acquire(St, Re, G->second.Where, G->second.Shared, nullptr);
      return true;
    }
    if (Ev.Keys.empty())
      return false;
    acquire(St, Ev, Where, Ev.Shared, nullptr, Counted);
    return true;
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
