//===--- Extractor.cpp - One AST pass per TU -> TU summary ----------------===//
//
// A RecursiveASTVisitor over the user code of one TU. It keeps a stack of the
// functions it is inside (lambda bodies are functions of their own) and, for
// every call, asks the catalog what the callee means:
//
//   registration  the handler argument becomes a loop root, not a call edge
//   offload       the handler runs on another thread: an offload fact
//   blocking      a blocking site (with the catalog's precision conditions)
//   loop runner   architecture evidence (io_context::run, uv_run, ...)
//   user code     a call edge, by stable function id
//
// A loop whose body waits for events (epoll_wait, poll...) is a reactor: the
// calls in its body are tagged with the reactor so the analysis can treat the
// loop body as event-loop context.
//
// Declarations in system headers are skipped wholesale; template patterns are
// skipped too, their instantiations are walked instead (they have resolved
// callees). A lambda or function that is passed as a value to something that
// is neither a registration nor an offload gets a "callback" edge from the
// function that passed it: it may be called synchronously (std::for_each) or
// later from the same context.
//
// The Extractor class is declared in ExtractorImpl.h. This file has the
// traversal: functions, lambdas, loops, fork branches and the Visit* hooks.
// What a call means is decided in ExtractCalls.cpp; function pointers kept
// in fields and globals, and descriptor keys, are in ExtractStorage.cpp.
//
//===----------------------------------------------------------------------===//
#include "extract/Extractor.h"
#include "catalog/Catalog.h"
#include "extract/AstHelpers.h"
#include "extract/ExprPredicates.h"
#include "extract/ExtractorImpl.h"
#include "extract/LockClassifier.h"
#include "extract/LockFlow.h"
#include "extract/Names.h"
#include "summary/Summary.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTLambda.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include <functional>

using namespace clang;

namespace stallscan {
namespace {

/// What a loop body contains, found before the body is walked.
struct LoopScan {
  const CallExpr *Wait = nullptr;
  std::string WaitName;
  const Expr *Accept = nullptr;
  std::string AcceptName;
  std::string SpawnName;
};

class LoopScanner : public RecursiveASTVisitor<LoopScanner> {
public:
  LoopScanner(const Catalog &Cat, ASTContext &Ctx, LoopScan &Out)
      : Cat(Cat), Ctx(Ctx), Out(Out) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD)
      return true;
    auto Names = calleeNames(FD, CE);
    if (!Out.Wait)
      if (auto M = Cat.lookup(Section::LoopWait, Names);
          !M.empty() &&
          !waitsOnNothing(*M.front().Entry,
                          {CE->getArgs(), CE->getNumArgs()}, Ctx)) {
        Out.Wait = CE;
        Out.WaitName = M.front().Name;
      }
    note(Names, CE);
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *E) {
    note(calleeNames(E->getConstructor(), nullptr), E);
    return true;
  }

private:
  void note(const std::vector<std::string> &Names, const Expr *E) {
    if (!Out.Accept)
      if (auto M = Cat.lookup(Section::Accept, Names); !M.empty()) {
        Out.Accept = E;
        Out.AcceptName = M.front().Name;
      }
    if (Out.SpawnName.empty())
      if (auto M = Cat.lookup(Section::Spawn, Names); !M.empty())
        Out.SpawnName = M.front().Name;
  }
  const Catalog &Cat;
  ASTContext &Ctx;
  LoopScan &Out;
};

/// A call that dispatches to code chosen at run time: through a function
/// pointer (`rev->handler(rev)`, `(*fp)(x)`, `(obj->*pmf)()`), a library's
/// callable wrapper (`cb(x)` on a std::function), or a virtual function
/// called without qualification.
bool isDispatch(const CallExpr *CE,
                llvm::function_ref<bool(QualType)> CallableWrapper) {
  if (CE->isTypeDependent())
    return false;
  if (auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
    const CXXMethodDecl *M = MC->getMethodDecl();
    if (!M)
      return true; // through a pointer to member
    auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens());
    return M->isVirtual() && !M->hasAttr<FinalAttr>() &&
           !M->getParent()->hasAttr<FinalAttr>() && ME && !ME->hasQualifier();
  }
  if (auto *OC = dyn_cast<CXXOperatorCallExpr>(CE))
    return OC->getOperator() == OO_Call && OC->getNumArgs() > 0 &&
           CallableWrapper(OC->getArg(0)->getType());
  if (CE->getDirectCallee() || isa<CUDAKernelCallExpr>(CE))
    return false;
  const Expr *Callee = CE->getCallee();
  return Callee && !isa<LambdaExpr>(Callee->IgnoreParenImpCasts()) &&
         (Callee->getType()->isFunctionPointerType() ||
          Callee->getType()->isFunctionType());
}

/// Whether a loop that begins after \p After dispatches through a pointer
/// (isDispatch) in its body: the ready events being handed to their
/// handlers. Lambdas' bodies are functions of their own and not searched.
class DispatchLoopAfter : public RecursiveASTVisitor<DispatchLoopAfter> {
  using Base = RecursiveASTVisitor<DispatchLoopAfter>;

public:
  DispatchLoopAfter(const SourceManager &SM, SourceLocation After,
                    llvm::function_ref<bool(QualType)> CallableWrapper)
      : SM(SM), After(SM.getFileLoc(After)), CallableWrapper(CallableWrapper) {}
  bool Found = false;
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseBlockExpr(BlockExpr *) { return true; }
  bool TraverseForStmt(ForStmt *S) {
    return loop(S, [&] { return Base::TraverseForStmt(S); });
  }
  bool TraverseWhileStmt(WhileStmt *S) {
    return loop(S, [&] { return Base::TraverseWhileStmt(S); });
  }
  bool TraverseDoStmt(DoStmt *S) {
    return loop(S, [&] { return Base::TraverseDoStmt(S); });
  }
  bool TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
    return loop(S, [&] { return Base::TraverseCXXForRangeStmt(S); });
  }
  bool VisitCallExpr(CallExpr *CE) {
    if (InLoop && isDispatch(CE, CallableWrapper))
      Found = true;
    return !Found;
  }

private:
  template <typename Fn> bool loop(Stmt *S, Fn Traverse) {
    bool Later = SM.isBeforeInTranslationUnit(After, SM.getFileLoc(S->getBeginLoc()));
    InLoop += Later;
    bool R = Traverse();
    InLoop -= Later;
    return R;
  }
  const SourceManager &SM;
  SourceLocation After;
  llvm::function_ref<bool(QualType)> CallableWrapper;
  int InLoop = 0;
};

} // namespace

namespace extract_detail {

Extractor::Extractor(ASTContext &Ctx, const Catalog &Cat, TUSummary &Out)
    : Ctx(Ctx), Cat(Cat), Out(Out), Ids(Ctx), Objects(Ctx, Ids),
      Locks(Ctx, Cat, Objects),
      Constants(Ctx) {
  Out.MainFile = Ids.mainFile();
}

bool Extractor::TraverseDecl(Decl *D) {
  if (!D || isa<TranslationUnitDecl>(D))
    return Base::TraverseDecl(D);
  if (Ids.inSystemHeader(D->getLocation()))
    return true;
  auto *FD = dyn_cast<FunctionDecl>(D);
  if (!FD)
    return Base::TraverseDecl(D);
  // Template patterns: their instantiations are walked instead.
  if (FD->isDependentContext())
    return true;
  // Lambda bodies are walked from their LambdaExpr, with the right parent.
  if (isLambdaCallOperator(FD))
    return true;
  if (!FD->doesThisDeclarationHaveABody())
    return Base::TraverseDecl(D);
  enterFunction(FD);
  bool R = Base::TraverseDecl(D);
  exitFunction();
  return R;
}

bool Extractor::TraverseLambdaExpr(LambdaExpr *L) {
  CXXMethodDecl *Op = L->getCallOperator();
  if (!Frames.empty() && !Claimed.count(L) && !Stored.count(L))
    addCall(Ids.functionId(Op), L->getBeginLoc(), /*Virtual=*/false,
            /*Callback=*/true, SyncSites.lookup(L));
  for (Expr *Init : L->capture_inits())
    if (Init)
      TraverseStmt(Init);
  auto WalkBody = [&](FunctionDecl *Body) {
    if (!Body->getBody())
      return;
    enterFunction(Body);
    TraverseStmt(Body->getBody());
    exitFunction();
  };
  if (FunctionTemplateDecl *T = Op->getDescribedFunctionTemplate()) {
    // A generic lambda: walk each instantiation of its call operator, or
    // the pattern when nothing in this TU instantiates it (its
    // non-dependent calls are still resolved).
    bool Any = false;
    for (FunctionDecl *Spec : T->specializations())
      if (Spec->getBody()) {
        WalkBody(Spec);
        Any = true;
      }
    if (!Any)
      WalkBody(Op);
  } else {
    WalkBody(Op);
  }
  return true;
}

template <typename Fn>
bool Extractor::traverseLoop(std::initializer_list<Stmt *> Parts,
                             Fn TraverseBase_) {
  if (Frames.empty())
    return TraverseBase_();
  LoopScan Scan;
  LoopScanner Scanner(Cat, Ctx, Scan);
  for (Stmt *P : Parts)
    if (P)
      Scanner.TraverseStmt(P);
  // Threads started in a loop are a pool; in a loop that accepts, one per
  // connection (OffloadFact::InLoop, PerConnection).
  auto TraverseBase = [&] {
    Frame &F = Frames.back();
    ++F.InLoop;
    F.InAcceptLoop += Scan.Accept != nullptr;
    bool R = TraverseBase_();
    Frame &G = Frames.back();
    --G.InLoop;
    G.InAcceptLoop -= Scan.Accept != nullptr;
    return R;
  };
  if (Scan.Accept && !Scan.SpawnName.empty())
    Out.ThreadPerConnection.push_back({Frames.back().Id, Scan.AcceptName,
                                       Scan.SpawnName,
                                       Ids.loc(Scan.Accept->getExprLoc())});
  if (!Scan.Wait)
    return TraverseBase();
  if (!Scan.Accept && readsStandardInput()) {
    // An interactive client's prompt loop: it waits for the user and its
    // server, and serves nobody (redis-cli's select on stdin and a socket).
    Out.ConsoleLoops.push_back(
        {Frames.back().Id, Scan.WaitName, Ids.loc(Scan.Wait->getExprLoc())});
    ++Frames.back().InConsoleLoop;
    bool R = TraverseBase();
    --Frames.back().InConsoleLoop;
    return R;
  }
  int Index = static_cast<int>(Out.Reactors.size());
  Out.Reactors.push_back(
      {Frames.back().Id, Scan.WaitName, Ids.loc(Scan.Wait->getExprLoc())});
  Frames.back().Reactors.push_back(Index);
  bool R = TraverseBase();
  Frames.back().Reactors.pop_back();
  return R;
}

bool Extractor::dispatchesAfter(const Expr *Wait) {
  const FunctionDecl *FD = Frames.back().FD;
  if (!FD || !FD->getBody())
    return false;
  DispatchLoopAfter Scan(Ctx.getSourceManager(), Wait->getEndLoc(),
                         [&](QualType T) { return isCallableWrapper(T); });
  Scan.TraverseStmt(FD->getBody());
  return Scan.Found;
}

// The wait may be in the body or in the condition:
// `while (epoll_wait(...) >= 0) { ... }`.
bool Extractor::TraverseWhileStmt(WhileStmt *S) {
  return traverseLoop({S->getCond(), S->getBody()},
                      [&] { return Base::TraverseWhileStmt(S); });
}

bool Extractor::TraverseDoStmt(DoStmt *S) {
  return traverseLoop({S->getCond(), S->getBody()},
                      [&] { return Base::TraverseDoStmt(S); });
}

bool Extractor::TraverseForStmt(ForStmt *S) {
  return traverseLoop({S->getCond(), S->getInc(), S->getBody()},
                      [&] { return Base::TraverseForStmt(S); });
}

bool Extractor::TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
  return traverseLoop({S->getBody()},
                      [&] { return Base::TraverseCXXForRangeStmt(S); });
}

/// `if ((pid = fork()) == 0) { child }`: the child branch runs in another
/// process; what it calls is offloaded, and it blocks nobody's loop.
///
/// A branch that cannot run in this build (its condition is constant, see
/// DeadBranches.h) is not walked: its calls are not facts of the program.
namespace {
/// Writes to a variable in a body: assignments, increments, its address.
class FlagWrites : public RecursiveASTVisitor<FlagWrites> {
public:
  explicit FlagWrites(const VarDecl *V) : V(V) {}
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isAssignmentOp() && names(BO->getLHS()))
      Writes.push_back(BO);
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) {
    if ((UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf) &&
        names(UO->getSubExpr()))
      Writes.push_back(UO);
    return true;
  }
  std::vector<const Stmt *> Writes;

private:
  bool names(const Expr *E) const {
    auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return DRE && DRE->getDecl() == V;
  }
  const VarDecl *V;
};
} // namespace

/// `if (!done) { ...; done = 1; }` with `done` a function-local static that
/// the function writes nowhere else (and never by address): the block runs
/// once per process. The flag, else null.
const VarDecl *Extractor::onceFlag(const IfStmt *S) {
  const FunctionDecl *FD = Frames.back().FD;
  if (!FD || !FD->getBody() || S->getInit() || S->getConditionVariable())
    return nullptr;
  const Expr *C = S->getCond()->IgnoreParenImpCasts();
  const Expr *Tested = nullptr;
  if (auto *UO = dyn_cast<UnaryOperator>(C); UO && UO->getOpcode() == UO_LNot)
    Tested = UO->getSubExpr();
  else if (auto *BO = dyn_cast<BinaryOperator>(C);
           BO && BO->getOpcode() == BO_EQ) {
    if (isZero(BO->getRHS(), Ctx))
      Tested = BO->getLHS();
    else if (isZero(BO->getLHS(), Ctx))
      Tested = BO->getRHS();
  }
  auto *DRE = Tested ? dyn_cast<DeclRefExpr>(Tested->IgnoreParenImpCasts())
                     : nullptr;
  auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!V || !V->isStaticLocal() || V->getType().isVolatileQualified())
    return nullptr;
  // The then-block sets it, at its top level, to a non-zero constant.
  auto *Then = dyn_cast<CompoundStmt>(S->getThen());
  if (!Then)
    return nullptr;
  const Stmt *Set = nullptr;
  for (const Stmt *St : Then->body())
    if (auto *BO = dyn_cast<BinaryOperator>(St);
        BO && BO->getOpcode() == BO_Assign)
      if (auto *L = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts());
          L && L->getDecl() == V) {
        Expr::EvalResult R;
        if (BO->getRHS()->EvaluateAsInt(R, Ctx) && R.Val.getInt() != 0)
          Set = BO;
      }
  if (!Set)
    return nullptr;
  FlagWrites W(V);
  W.TraverseStmt(FD->getBody());
  if (W.Writes.size() != 1 || W.Writes.front() != Set)
    return nullptr;
  return V;
}

bool Extractor::TraverseIfStmt(IfStmt *S) {
  if (!Frames.empty())
    if (std::optional<bool> Taken = Constants.decide(S)) {
      if (S->getInit())
        TraverseStmt(S->getInit());
      if (S->getConditionVariableDeclStmt())
        TraverseStmt(S->getConditionVariableDeclStmt());
      TraverseStmt(S->getCond());
      return TraverseStmt(*Taken ? S->getThen() : S->getElse());
    }
  if (!Frames.empty() && !S->getElse())
    if (const VarDecl *Flag = onceFlag(S)) {
      Frames.back().OnceFlags.push_back(Flag->getNameAsString());
      bool R = Base::TraverseIfStmt(S);
      Frames.back().OnceFlags.pop_back();
      return R;
    }
  int Child = Frames.empty() ? -1 : forkChildBranch(S->getCond());
  if (Child < 0)
    return Base::TraverseIfStmt(S);
  if (S->getInit())
    TraverseStmt(S->getInit());
  if (S->getConditionVariableDeclStmt())
    TraverseStmt(S->getConditionVariableDeclStmt());
  TraverseStmt(S->getCond());
  Stmt *Branches[2] = {S->getThen(), S->getElse()};
  for (int I = 0; I < 2; ++I) {
    if (!Branches[I])
      continue;
    Frames.back().InChild += I == Child;
    TraverseStmt(Branches[I]);
    Frames.back().InChild -= I == Child;
  }
  return true;
}

namespace {
/// Whether a body names standard input as a descriptor: STDIN_FILENO
/// (however deep in macro arguments, FD_SET(STDIN_FILENO, &set)) or
/// fileno(stdin).
class StdinScan : public RecursiveASTVisitor<StdinScan> {
public:
  explicit StdinScan(ASTContext &Ctx) : Ctx(Ctx) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitIntegerLiteral(IntegerLiteral *IL) {
    const SourceManager &SM = Ctx.getSourceManager();
    for (SourceLocation L = IL->getLocation(); L.isMacroID() && !Found;
         L = SM.getImmediateMacroCallerLoc(L))
      Found = Lexer::getImmediateMacroName(L, SM, Ctx.getLangOpts()) ==
              "STDIN_FILENO";
    return !Found;
  }
  bool VisitCallExpr(CallExpr *CE) {
    if (const FunctionDecl *FD = CE->getDirectCallee())
      if (FD->getIdentifier() && FD->getName() == "fileno" &&
          CE->getNumArgs() == 1)
        if (auto *DRE = dyn_cast<DeclRefExpr>(
                CE->getArg(0)->IgnoreParenImpCasts()))
          Found = DRE->getDecl()->getName() == "stdin";
    return !Found;
  }
  bool Found = false;

private:
  ASTContext &Ctx;
};
} // namespace

bool Extractor::readsStandardInput() {
  Frame &F = Frames.back();
  if (F.ReadsStdin < 0) {
    StdinScan Scan(Ctx);
    if (F.FD && F.FD->getBody())
      Scan.TraverseStmt(F.FD->getBody());
    F.ReadsStdin = Scan.Found;
  }
  return F.ReadsStdin;
}

bool Extractor::onFatalPath(const Stmt *S) {
  Frame &F = Frames.back();
  if (!F.FD)
    return false;
  if (!F.Fatal)
    F.Fatal = fatalPathStatements(F.FD, Ctx, [&](const CallExpr *CE) {
      const FunctionDecl *Callee = CE->getDirectCallee();
      if (!Callee)
        return LoopCall::Other;
      std::vector<std::string> Names = calleeNames(Callee, CE);
      if (!Cat.lookup(Section::LoopStopper, Names).empty())
        return LoopCall::Stops;
      if (!Cat.lookup(Section::LoopRunner, Names).empty())
        return LoopCall::Runs;
      return LoopCall::Other;
    });
  return F.Fatal->count(S);
}

/// The arguments of a std factory that go to the constructor (all but
/// allocate_shared's allocator).
static llvm::ArrayRef<const Expr *>
factoryArgs(const FunctionDecl *FD, llvm::ArrayRef<const Expr *> Args) {
  if (FD->getName() == "allocate_shared" && !Args.empty())
    return Args.drop_front();
  return Args;
}

/// The constructors of T that `std::make_shared<T>`, `std::make_unique<T>`
/// or `std::allocate_shared<T>` may call with these arguments: those taking
/// that many arguments, copy and move constructors aside.
static llvm::SmallVector<const CXXConstructorDecl *, 2>
factoryConstructors(const FunctionDecl *FD, llvm::ArrayRef<const Expr *> Args) {
  llvm::SmallVector<const CXXConstructorDecl *, 2> Out;
  if (!FD->getIdentifier() || !FD->isInStdNamespace() ||
      !llvm::is_contained({"make_shared", "make_unique", "allocate_shared"},
                          FD->getName()))
    return Out;
  const TemplateArgumentList *TA = FD->getTemplateSpecializationArgs();
  if (!TA || TA->size() == 0 || TA->get(0).getKind() != TemplateArgument::Type)
    return Out;
  const CXXRecordDecl *RD = TA->get(0).getAsType()->getAsCXXRecordDecl();
  if (!RD || !(RD = RD->getDefinition()))
    return Out;
  unsigned N = factoryArgs(FD, Args).size();
  for (const CXXConstructorDecl *C : RD->ctors())
    if (!C->isDeleted() && !C->isCopyOrMoveConstructor() &&
        C->getMinRequiredArguments() <= N &&
        (C->isVariadic() || N <= C->getNumParams()))
      Out.push_back(C);
  return Out;
}

/// Whether S runs only after the event loop run by this function returned:
/// it comes after the outermost loop statement around a runner call (or
/// after the runner call itself) in source order. A branch that skipped
/// the runner is counted as after it too (docs/checks: shutdown).
bool Extractor::afterLoopReturned(const Stmt *S) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Begin = SM.getExpansionLoc(S->getBeginLoc());
  for (const Stmt *Runner : Frames.back().RunnerSites) {
    const Stmt *Extent = Runner;
    DynTypedNode N = DynTypedNode::create(*Runner);
    for (unsigned Depth = 0; Depth < 128; ++Depth) {
      auto Parents = Ctx.getParents(N);
      if (Parents.empty())
        break;
      N = Parents[0];
      if (N.get<FunctionDecl>() || N.get<LambdaExpr>() || N.get<BlockExpr>())
        break;
      if (const Stmt *P = N.get<Stmt>())
        if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(P))
          Extent = P;
    }
    SourceLocation End = SM.getExpansionRange(Extent->getEndLoc()).getEnd();
    if (SM.isBeforeInTranslationUnit(End, Begin))
      return true;
  }
  return false;
}

namespace {
/// Handlers installed for crash signals: `act.sa_sigaction = f;` with every
/// `sigaction(SIG, &act, ...)` of that variable naming a crash signal, and
/// `signal(SIG, f)`.
class SignalScan : public RecursiveASTVisitor<SignalScan> {
public:
  explicit SignalScan(ASTContext &Ctx) : Ctx(Ctx) {}
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() != BO_Assign)
      return true;
    auto *ME = dyn_cast<MemberExpr>(BO->getLHS()->IgnoreParenImpCasts());
    if (!ME || !ME->getMemberDecl()->getIdentifier())
      return true;
    llvm::StringRef Field = ME->getMemberDecl()->getName();
    if (Field != "sa_sigaction" && Field != "sa_handler")
      return true;
    const VarDecl *V = baseVar(ME);
    const FunctionDecl *H = handler(BO->getRHS());
    if (V && H)
      Handlers[V].push_back(H);
    return true;
  }
  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD || !FD->getIdentifier() || CE->getNumArgs() < 2)
      return true;
    llvm::StringRef Name = FD->getName();
    if (Name == "sigaction") {
      const Expr *A = CE->getArg(1)->IgnoreParenImpCasts();
      if (auto *UO = dyn_cast<UnaryOperator>(A); UO && UO->getOpcode() == UO_AddrOf)
        if (auto *DRE = dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenImpCasts()))
          if (auto *V = dyn_cast<VarDecl>(DRE->getDecl())) {
            auto &U = Uses[V];
            ++U.first;
            U.second += crashSignal(CE->getArg(0));
          }
    } else if (Name == "signal" || Name == "bsd_signal" || Name == "sysv_signal") {
      if (const FunctionDecl *H = handler(CE->getArg(1)); H && crashSignal(CE->getArg(0)))
        Direct.push_back(H);
    }
    return true;
  }
  std::vector<const FunctionDecl *> crashHandlers() const {
    std::vector<const FunctionDecl *> Out = Direct;
    for (const auto &[V, Hs] : Handlers) {
      auto It = Uses.find(V);
      if (It != Uses.end() && It->second.first > 0 &&
          It->second.first == It->second.second)
        Out.insert(Out.end(), Hs.begin(), Hs.end());
    }
    return Out;
  }

private:
  static const VarDecl *baseVar(const MemberExpr *ME) {
    const Expr *B = ME->getBase()->IgnoreParenImpCasts();
    while (auto *Inner = dyn_cast<MemberExpr>(B))
      B = Inner->getBase()->IgnoreParenImpCasts();
    auto *DRE = dyn_cast<DeclRefExpr>(B);
    return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  }
  static const FunctionDecl *handler(const Expr *E) {
    E = E->IgnoreParenImpCasts();
    if (auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf)
      E = UO->getSubExpr()->IgnoreParenImpCasts();
    auto *DRE = dyn_cast<DeclRefExpr>(E);
    return DRE ? dyn_cast<FunctionDecl>(DRE->getDecl()) : nullptr;
  }
  bool crashSignal(const Expr *E) {
    const SourceManager &SM = Ctx.getSourceManager();
    SourceLocation L = E->getBeginLoc();
    if (L.isMacroID()) {
      llvm::StringRef M =
          Lexer::getImmediateMacroName(L, SM, Ctx.getLangOpts());
      return M == "SIGSEGV" || M == "SIGBUS" || M == "SIGFPE" ||
             M == "SIGILL" || M == "SIGABRT" || M == "SIGSYS" ||
             M == "SIGTRAP" || M == "SIGIOT";
    }
    return false;
  }
  ASTContext &Ctx;
  llvm::DenseMap<const VarDecl *, std::vector<const FunctionDecl *>> Handlers;
  llvm::DenseMap<const VarDecl *, std::pair<unsigned, unsigned>> Uses;
  std::vector<const FunctionDecl *> Direct;
};
} // namespace

void Extractor::recordCrashHandlers(const FunctionDecl *FD) {
  SignalScan Scan(Ctx);
  Scan.TraverseStmt(FD->getBody());
  for (const FunctionDecl *H : Scan.crashHandlers())
    Out.CrashHandlers.push_back(Ids.functionId(H));
}

bool Extractor::VisitCallExpr(CallExpr *CE) {
  if (Frames.empty())
    return true;
  if (const Expr *Callee = CE->getCallee())
    CalleeRefs.insert(Callee->IgnoreParenImpCasts());
  const FunctionDecl *FD = CE->getDirectCallee();
  if (!FD || (isa<CXXOperatorCallExpr>(CE) &&
              Ids.inSystemHeader(FD->getLocation()))) {
    recordIndirectCall(CE); // `proc(c)`, a std::function member's `cb_(x)`
    if (!FD)
      return true;
  }
  if (FD->getIdentifier() &&
      llvm::is_contained({"sigaction", "signal", "bsd_signal", "sysv_signal"},
                         FD->getName()))
    Frames.back().InstallsSignals = true;
  llvm::ArrayRef<const Expr *> Args(CE->getArgs(), CE->getNumArgs());
  if (isa<CXXOperatorCallExpr>(CE) && isa<CXXMethodDecl>(FD) && !Args.empty())
    Args = Args.drop_front(); // the object, not an argument
  // `std::for_each(b, e, [](auto &x) {...})` runs the lambda before it
  // returns: the lambda's call edge carries the locks held at this call.
  if (!Cat.lookup(Section::SyncCaller, calleeNames(FD, CE)).empty())
    for (const Expr *A : Args) {
      const Expr *V = A->IgnoreImplicit()->IgnoreParens();
      if (auto *DRE = dyn_cast<DeclRefExpr>(V);
          DRE && !isa<FunctionDecl>(DRE->getDecl()))
        continue;
      if (isa<LambdaExpr>(V) || isa<DeclRefExpr>(V))
        SyncSites[V] = CE;
    }
  bool Virtual = false;
  if (auto *MCE = dyn_cast<CXXMemberCallExpr>(CE)) {
    auto *MD = MCE->getMethodDecl();
    auto *ME = dyn_cast<MemberExpr>(MCE->getCallee()->IgnoreParens());
    Virtual = MD && MD->isVirtual() && ME && !ME->hasQualifier() &&
              !MD->hasAttr<FinalAttr>() &&
              !MD->getParent()->hasAttr<FinalAttr>();
  }
  // A function passed to an analysed function: that function may only
  // store it (a registration of the project's own), decided at link time.
  if (!Ids.inSystemHeader(FD->getLocation())) {
    for (unsigned I = 0; I < Args.size(); ++I)
      if (auto *DRE = dyn_cast<DeclRefExpr>(stripToDeclRef(Args[I])))
        if (isa<FunctionDecl>(DRE->getDecl()))
          PassedArgs[DRE] = {Ids.functionId(FD), I};
    recordCallableStores(FD, Args);
  }
  handleCall(CE, FD, Args, CE->getExprLoc(), Virtual, objectExpr(CE));
  // `std::make_shared<T>(args...)` constructs a T inside the library, whose
  // body is not walked: the call is also a call to T's constructor.
  for (const CXXConstructorDecl *Ctor : factoryConstructors(FD, Args))
    handleCall(CE, Ctor, factoryArgs(FD, Args), CE->getExprLoc(), false,
               nullptr);
  return true;
}

bool Extractor::VisitCXXConstructExpr(CXXConstructExpr *E) {
  if (Frames.empty())
    return true;
  llvm::ArrayRef<const Expr *> Args(E->getArgs(), E->getNumArgs());
  if (!Ids.inSystemHeader(E->getConstructor()->getLocation()))
    recordCallableStores(E->getConstructor(), Args);
  handleCall(E, E->getConstructor(), Args, E->getBeginLoc(), false, nullptr);
  return true;
}

bool Extractor::VisitCXXDeleteExpr(CXXDeleteExpr *E) {
  if (Frames.empty() || onFatalPath(E))
    return true;
  QualType T = E->getDestroyedType();
  if (auto *RD = T->getAsCXXRecordDecl())
    addDestructorEdge(RD, E->getBeginLoc(), /*Virtual=*/true);
  return true;
}

bool Extractor::VisitVarDecl(VarDecl *VD) {
  if (isa<ParmVarDecl>(VD))
    return true;
  VisitVarDecl_Storage(VD);
  const Expr *Init = VD->getInit();
  // Globals too: `int DataFd = open(...)` at namespace scope.
  if (Init && isFileOpen(Init))
    Out.FileFds.push_back(fdKey(VD));
  if (Init && isForkCall(Init))
    ForkVars.insert(VD);
  if (Frames.empty() || !VD->isLocalVarDecl())
    return true;
  if (VD->hasLocalStorage() && Frames.back().InLoop > 0)
    Objects.noteLoopLocal(VD);
  // `Server server(&loop);`: the constructor runs on this object.
  if (Init) {
    if (auto *CCE = dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit()))
      if (ObjectRef O = Objects.ofVariable(VD, Frames.back().FD); O.known())
        ConstructReceivers[CCE] = std::move(O);
    if (isNonBlockingResult(Init))
      Out.NonBlockingFds.push_back(fdKey(VD));
    recordFdCopy(Init, fdKey(VD), VD->getType());
  }
  if (VD->hasLocalStorage())
    if (auto *RD = VD->getType()->getAsCXXRecordDecl())
      addDestructorEdge(RD, VD->getLocation(), /*Virtual=*/false);
  // A callable kept in a variable is not called where it is defined: its
  // uses decide (handed to an offload, a registration, or called here).
  if (Init && isCallableValue(Init)) {
    std::vector<std::string> Targets;
    resolveTargets(Init, Targets, 0, &Stored);
    if (!Targets.empty())
      StoredCallables[VD] = std::move(Targets);
  }
  return true;
}

/// Whether \p E is only tested for null: `if (cb)`, `!cb`, `cb && ...`,
/// `cb ? a : b` (C has no conversion to bool to look for).
static bool isNullTest(const Expr *E, ASTContext &Ctx) {
  const Stmt *Child = E;
  for (unsigned Depth = 0; Depth < 8; ++Depth) {
    auto Parents = Ctx.getParents(*Child);
    if (Parents.size() != 1)
      return false;
    const Stmt *P = Parents[0].get<Stmt>();
    if (!P)
      return false;
    if (auto *ICE = dyn_cast<ImplicitCastExpr>(P)) {
      if (ICE->getCastKind() == CK_PointerToBoolean)
        return true;
    } else if (!isa<ParenExpr>(P)) {
      if (auto *UO = dyn_cast<UnaryOperator>(P))
        return UO->getOpcode() == UO_LNot;
      if (auto *BO = dyn_cast<BinaryOperator>(P))
        return BO->isLogicalOp();
      if (auto *CO = dyn_cast<ConditionalOperator>(P))
        return CO->getCond() == Child;
      if (auto *If = dyn_cast<IfStmt>(P))
        return If->getCond() == Child;
      if (auto *W = dyn_cast<WhileStmt>(P))
        return W->getCond() == Child;
      if (auto *D = dyn_cast<DoStmt>(P))
        return D->getCond() == Child;
      if (auto *F = dyn_cast<ForStmt>(P))
        return F->getCond() == Child;
      return false;
    }
    Child = P;
  }
  return false;
}

bool Extractor::VisitBinaryOperator(BinaryOperator *BO) {
  // `c->cmd->proc == execCommand` compares addresses: no call, no store.
  if (BO->isComparisonOp()) {
    for (const Expr *Side : {BO->getLHS(), BO->getRHS()})
      if (auto *DRE = dyn_cast<DeclRefExpr>(stripToDeclRef(Side)))
        Compared.insert(DRE);
    return true;
  }
  if (BO->getOpcode() == BO_Assign) {
    recordStore(BO->getLHS(), BO->getRHS());
    if (isForkCall(BO->getRHS()))
      if (auto *DRE = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenCasts()))
        ForkVars.insert(DRE->getDecl());
  }
  if (Frames.empty() || !BO->isAssignmentOp())
    return true;
  if (isFileOpen(BO->getRHS()))
    if (std::string Key = fdKeyOf(BO->getLHS()); !Key.empty())
      Out.FileFds.push_back(Key);
  if (BO->getOpcode() == BO_Assign)
    if (std::string Key = descriptorKey(BO->getLHS()); !Key.empty()) {
      if (isNonBlockingResult(BO->getRHS()))
        Out.NonBlockingFds.push_back(Key);
      recordFdCopy(BO->getRHS(), Key, BO->getLHS()->getType());
    }
  return true;
}

bool Extractor::VisitDeclRefExpr(DeclRefExpr *DRE) {
  if (Frames.empty())
    return true;
  // Function-pointer parameters: named only to be stored, compared or
  // tested for null, they make their function a registration.
  if (auto *PV = dyn_cast<ParmVarDecl>(DRE->getDecl());
      PV && PV->getDeclContext() == Frames.back().FD &&
      PV->getType()->isFunctionPointerType()) {
    Frame::ParamUse &U = Frames.back().Params[PV];
    ++U.Uses;
    U.StoredOrCompared += StoredParamRefs.count(DRE) || Compared.count(DRE) ||
                          isNullTest(DRE, Ctx);
  }
  if (auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
    auto It = StoredCallables.find(VD);
    if (It != StoredCallables.end() && !Claimed.count(DRE))
      for (const auto &T : It->second)
        addCall(T, DRE->getLocation(), false, /*Callback=*/true);
    return true;
  }
  auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl());
  if (!FD || CalleeRefs.count(DRE) || Claimed.count(DRE) || Stored.count(DRE) ||
      Compared.count(DRE) || Ids.inSystemHeader(FD->getLocation()))
    return true;
  // A function used as a value: it may be called from here.
  addCall(Ids.functionId(FD), DRE->getLocation(), false, /*Callback=*/true,
          SyncSites.lookup(DRE));
  if (auto It = PassedArgs.find(DRE); It != PassedArgs.end()) {
    Out.Calls.back().PassedTo = It->second.first;
    Out.Calls.back().PassedIndex = It->second.second;
  }
  return true;
}

bool Extractor::VisitCoawaitExpr(CoawaitExpr *E) {
  addSuspend("co_await", E);
  addAwaiterCalls(E);
  return true;
}

/// `co_await x` calls x's await_ready, await_suspend and await_resume (and
/// an `operator co_await` or the promise's await_transform that made the
/// awaiter) on the coroutine's thread, with the coroutine's locks held:
/// call edges to those of the program's own, which the visitor does not
/// see (they are implicit code). A std::mutex an awaiter takes is then
/// taken on the loop, and what it blocks on blocks the loop.
void Extractor::addAwaiterCalls(const CoroutineSuspendExpr *E) {
  if (Frames.empty())
    return;
  llvm::SmallVector<const FunctionDecl *, 4> Callees;
  std::function<void(const Stmt *)> Collect = [&](const Stmt *S) {
    if (!S || isa<LambdaExpr>(S) || (S != E && isa<CoroutineSuspendExpr>(S)))
      return;
    if (auto *CE = dyn_cast<CallExpr>(S))
      if (const FunctionDecl *FD = CE->getDirectCallee())
        Callees.push_back(FD);
    if (auto *OVE = dyn_cast<OpaqueValueExpr>(S)) {
      // The awaiter built from the operand: operator co_await and
      // await_transform calls (the operand itself is visited as usual).
      const Expr *Src = OVE->getSourceExpr();
      if (Src && Src != E->getOperand())
        Collect(Src);
      return;
    }
    for (const Stmt *C : S->children())
      Collect(C);
  };
  Collect(E->getReadyExpr());
  Collect(E->getSuspendExpr());
  Collect(E->getResumeExpr());
  if (const Expr *Common = E->getCommonExpr();
      Common && Common != E->getOperand() &&
      Common->IgnoreImplicit() != E->getOperand()->IgnoreImplicit())
    Collect(Common);
  llvm::SmallPtrSet<const FunctionDecl *, 4> Seen;
  for (const FunctionDecl *FD : Callees) {
    const auto *MD = dyn_cast<CXXMethodDecl>(FD);
    bool AwaiterPart =
        FD->getOverloadedOperator() == OO_Coawait ||
        (FD->getIdentifier() &&
         llvm::is_contained({"await_ready", "await_suspend", "await_resume",
                             "await_transform"},
                            FD->getName()));
    if (!AwaiterPart || FD->isImplicit() || !Seen.insert(FD).second ||
        Ids.inSystemHeader(FD->getLocation()))
      continue;
    addCall(Ids.functionId(FD), E->getKeywordLoc(),
            MD && MD->isVirtual(), /*Callback=*/false, E);
  }
}

bool Extractor::VisitCoyieldExpr(CoyieldExpr *E) {
  addSuspend("co_yield", E);
  addAwaiterCalls(E);
  return true;
}

/// `return fd;` from a function returning an integer: the caller's variable
/// assigned from the call holds the same descriptor ("ret:<function>").
bool Extractor::VisitReturnStmt(ReturnStmt *S) {
  if (Frames.empty() || !S->getRetValue() || !Frames.back().FD)
    return true;
  const FunctionDecl *FD = Frames.back().FD;
  std::string To = "ret:" + Frames.back().Id;
  if (isNonBlockingResult(S->getRetValue()))
    Out.NonBlockingFds.push_back(To);
  recordFdCopy(S->getRetValue(), To, FD->getReturnType());
  return true;
}

bool Extractor::isForkCall(const Expr *E) {
  auto *CE = dyn_cast_or_null<CallExpr>(E ? E->IgnoreParenCasts() : nullptr);
  return CE && CE->getDirectCallee() &&
         !Cat.lookup(Section::Fork, calleeNames(CE->getDirectCallee(), CE))
              .empty();
}

/// Whether E is a fork result: the call, `pid = fork()`, or a variable
/// assigned from one.
bool Extractor::isForkResult(const Expr *E) {
  E = E->IgnoreParenCasts();
  if (isForkCall(E))
    return true;
  if (auto *BO = dyn_cast<BinaryOperator>(E))
    return BO->getOpcode() == BO_Assign && isForkCall(BO->getRHS());
  if (auto *DRE = dyn_cast<DeclRefExpr>(E))
    return ForkVars.count(DRE->getDecl());
  return false;
}

/// 0 when the then-branch is the child, 1 for the else-branch, -1 if the
/// condition does not test a fork result against 0.
int Extractor::forkChildBranch(const Expr *Cond) {
  if (!Cond)
    return -1;
  Cond = Cond->IgnoreParenImpCasts();
  if (auto *UO = dyn_cast<UnaryOperator>(Cond))
    if (UO->getOpcode() == UO_LNot && isForkResult(UO->getSubExpr()))
      return 0;
  auto *BO = dyn_cast<BinaryOperator>(Cond);
  if (!BO || (BO->getOpcode() != BO_EQ && BO->getOpcode() != BO_NE))
    return -1;
  const Expr *L = BO->getLHS(), *R = BO->getRHS();
  if (!isZero(R, Ctx))
    std::swap(L, R);
  if (!isZero(R, Ctx) || !isForkResult(L))
    return -1;
  return BO->getOpcode() == BO_EQ ? 0 : 1;
}

namespace {
/// Statements of a body with no loop and no allocation in it, else -1: what
/// a call to it adds to a critical section (the same as its body written
/// inline there). Lambdas defined in it are bodies of their own.
class StraightBody : public RecursiveASTVisitor<StraightBody> {
public:
  explicit StraightBody(std::function<bool(const Stmt *)> IsAllocation)
      : IsAllocation(std::move(IsAllocation)) {}
  int Statements = 0;
  bool Straight = true;
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCompoundStmt(CompoundStmt *CS) {
    Statements += static_cast<int>(CS->size());
    return true;
  }
  bool VisitStmt(Stmt *S) {
    if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt, GotoStmt,
            CXXNewExpr>(S) ||
        IsAllocation(S))
      Straight = false;
    return Straight; // stop at the first loop or allocation
  }

private:
  std::function<bool(const Stmt *)> IsAllocation;
};
} // namespace

bool Extractor::isAllocationCall(const Stmt *S) const {
  const FunctionDecl *Callee = nullptr;
  if (auto *CE = dyn_cast<CallExpr>(S))
    Callee = CE->getDirectCallee();
  return Callee &&
         !Cat.lookup(Section::Allocation, calleeNames(Callee, cast<Expr>(S)))
              .empty();
}

/// A coroutine whose first statement is `co_await tp.schedule()` (an
/// offload entry with "resumes") runs the rest of its body on that pool:
/// an offload of the coroutine to itself, which the link reads as "its
/// body is off the loop, and calling it is not a call on the caller's
/// thread". A schedule() further down moves only what follows it; that
/// is not modelled.
void Extractor::recordResumeOnPool(const FunctionDecl *FD,
                                   const std::string &Id) {
  const auto *Co = cast<CoroutineBodyStmt>(FD->getBody());
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Co->getBody());
  if (!Body || Body->body_empty())
    return;
  const auto *First = dyn_cast<Expr>(Body->body_front());
  if (!First)
    return;
  const auto *Await = dyn_cast<CoawaitExpr>(First->IgnoreImplicit());
  if (!Await)
    return;
  const auto *Call =
      dyn_cast<CallExpr>(Await->getOperand()->IgnoreImplicit()->IgnoreParens());
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee)
    return;
  for (const CatalogMatch &M :
       Cat.lookup(Section::Offload, calleeNames(Callee, Call)))
    if (M.Entry->Resumes) {
      Out.Offloads.push_back({Id, Id, Callee->getNameAsString(),
                              Ids.loc(Await->getKeywordLoc())});
      return;
    }
}

void Extractor::enterFunction(FunctionDecl *FD) {
  FunctionFact F;
  if (FD->isDefaulted()) {
    F.Straight = 0; // member-wise copies and moves, as a section counts them
  } else if (Stmt *Body = FD->getBody()) {
    StraightBody SB([this](const Stmt *S) { return isAllocationCall(S); });
    SB.TraverseStmt(Body);
    if (SB.Straight)
      F.Straight = SB.Statements;
  }
  F.Id = Ids.functionId(FD);
  F.Name = Ids.displayName(FD);
  // A function whose last statement is a call may end every path there
  // (a forwarder to an assertion handler, a `die()` ending in exit).
  if (const auto *Body = dyn_cast_or_null<CompoundStmt>(FD->getBody());
      Body && !Body->body_empty() && isa<Expr>(Body->body_back()) &&
      isa<CallExpr>(cast<Expr>(Body->body_back())->IgnoreParenImpCasts()))
    if (auto Via = endingCalls(FD, Ctx, [&](const FunctionDecl *Callee) {
          return !Ids.inSystemHeader(Callee->getLocation()) &&
                 !Ids.inSystemHeader(Callee->getCanonicalDecl()->getLocation());
        })) {
      F.Ends = true;
      for (const FunctionDecl *V : *Via)
        F.EndsVia.push_back(Ids.functionId(V));
    }
  F.Where = Ids.loc(isLambdaCallOperator(FD)
                        ? cast<CXXRecordDecl>(FD->getParent())->getLocation()
                        : FD->getLocation());
  F.IsCoroutine = isa_and_nonnull<CoroutineBodyStmt>(FD->getBody());
  if (F.IsCoroutine)
    recordResumeOnPool(FD, F.Id);
  for (const FunctionDecl *R : FD->redecls())
    for (const auto *A : R->specific_attrs<AnnotateAttr>())
      if (A->getAnnotation() == "stallscan::event_loop")
        F.AnnotatedLoop = true;
  recordEntryFunction(FD);
  if (auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
    for (const CXXMethodDecl *O : MD->overridden_methods())
      F.Overrides.push_back(Ids.functionId(O));
    recordHandlerOverrides(MD);
    // A lambda's `this` is that of the function it is written in.
    const CXXRecordDecl *Closure = MD->getParent();
    if (Closure->isLambda())
      for (const LambdaCapture &C : Closure->captures())
        if (C.capturesThis() && C.getCaptureKind() == LCK_This)
          for (const DeclContext *DC = Closure->getDeclContext(); DC;
               DC = DC->getParent())
            if (auto *Outer = dyn_cast<FunctionDecl>(DC)) {
              F.ThisOf = Ids.functionId(Outer);
              break;
            }
  }
  if (auto *CD = dyn_cast<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *I : CD->inits()) {
      if (I->getMember() && I->getInit() && isFileOpen(I->getInit()))
        Out.FileFds.push_back(qualifiedName(I->getMember()));
      // `server_(loop, addr)`: the member's constructor runs on this->server_.
      if (I->getMember() && I->getInit())
        if (auto *CCE = dyn_cast<CXXConstructExpr>(I->getInit()->IgnoreImplicit()))
          ConstructReceivers[CCE] = ObjectResolver::member(
              {"this", "", "this"}, I->getMember()->getNameAsString());
    }
  Frames.push_back({F.Id, {}});
  Frames.back().FD = FD;
  Out.Functions.push_back(std::move(F));
  // A destructor's body is followed by those of the members and bases.
  if (auto *DD = dyn_cast<CXXDestructorDecl>(FD))
    addMemberDestructorEdges(DD->getParent(), FD->getLocation(), 0);
}

void Extractor::addCall(std::string Callee, SourceLocation L, bool Virtual,
                        bool Callback, const Stmt *Site) {
  if (Site)
    Frames.back().Facts.emplace_back(Site, Frame::CallK, Out.Calls.size());
  CallFact C;
  C.Caller = Frames.back().Id;
  C.Callee = std::move(Callee);
  C.Where = Ids.loc(L);
  C.Virtual = Virtual;
  C.Callback = Callback;
  C.Reactor = currentReactor();
  Out.Calls.push_back(std::move(C));
}

void Extractor::addSuspend(const char *Op, const Stmt *S) {
  if (Frames.empty())
    return;
  SourceLocation L = isa<CoawaitExpr>(S)
                         ? cast<CoawaitExpr>(S)->getKeywordLoc()
                         : cast<CoyieldExpr>(S)->getKeywordLoc();
  Frames.back().Facts.emplace_back(S, Frame::SuspendK, Out.Suspends.size());
  Out.Suspends.push_back({Frames.back().Id, Op, Ids.loc(L), {}});
}

namespace {
/// The pointer (raw or smart) a condition tests for null: `p == NULL`,
/// `nullptr == p`, `!p`; only a member or a variable of static storage,
/// the lvalues that outlive the call. Null otherwise.
const Expr *nullTested(const Expr *C, ASTContext &Ctx) {
  if (!C)
    return nullptr;
  C = C->IgnoreParenImpCasts();
  auto Shared = [](const Expr *X) -> const Expr * {
    X = X->IgnoreParenImpCasts();
    if (!X->getType()->isPointerType() && !X->getType()->isRecordType())
      return nullptr;
    if (isa<MemberExpr>(X))
      return X;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(X))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
          VD && VD->hasGlobalStorage())
        return X;
    return nullptr;
  };
  auto IsNull = [&](const Expr *E) {
    E = E->IgnoreParenImpCasts();
    return !E->isValueDependent() &&
           E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) !=
               Expr::NPCK_NotNull;
  };
  if (const auto *UO = dyn_cast<UnaryOperator>(C);
      UO && UO->getOpcode() == UO_LNot) {
    const Expr *S = UO->getSubExpr()->IgnoreParenImpCasts();
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S);
        MC && isa_and_nonnull<CXXConversionDecl>(MC->getMethodDecl()))
      S = MC->getImplicitObjectArgument();
    return Shared(S);
  }
  const Expr *L = nullptr, *R = nullptr;
  if (const auto *BO = dyn_cast<BinaryOperator>(C);
      BO && BO->getOpcode() == BO_EQ) {
    L = BO->getLHS();
    R = BO->getRHS();
  } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(C);
             OC && OC->getOperator() == OO_EqualEqual && OC->getNumArgs() == 2) {
    L = OC->getArg(0);
    R = OC->getArg(1);
  }
  if (!L)
    return nullptr;
  if (IsNull(R))
    return Shared(L);
  if (IsNull(L))
    return Shared(R);
  return nullptr;
}

/// Lazy initialisations: `if (p == NULL) { lock; if (p == NULL) p = make();
/// unlock; }`. Once the pointer is set, the lock is no longer taken: a
/// section acquired inside such an if, that assigns the tested pointer
/// after its acquisition, runs about once per process.
class LazyInits : public RecursiveASTVisitor<LazyInits> {
public:
  explicit LazyInits(ASTContext &Ctx) : Ctx(Ctx) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitIfStmt(IfStmt *If) {
    const Expr *X = nullTested(If->getCond(), Ctx);
    if (!X || !If->getThen())
      return true;
    struct Assigns : RecursiveASTVisitor<Assigns> {
      const Expr *X;
      std::vector<SourceLocation> *Out;
      const SourceManager *SM;
      bool TraverseLambdaExpr(LambdaExpr *) { return true; }
      bool VisitBinaryOperator(BinaryOperator *BO) {
        if (BO->getOpcode() == BO_Assign && sameObject(BO->getLHS(), X))
          Out->push_back(SM->getExpansionLoc(BO->getBeginLoc()));
        return true;
      }
      bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *OC) {
        if (OC->getOperator() == OO_Equal && OC->getNumArgs() == 2 &&
            sameObject(OC->getArg(0), X))
          Out->push_back(SM->getExpansionLoc(OC->getBeginLoc()));
        return true;
      }
    } A;
    Guard G;
    A.X = X;
    A.Out = &G.Assigned;
    A.SM = &Ctx.getSourceManager();
    A.TraverseStmt(If->getThen());
    if (G.Assigned.empty())
      return true;
    const SourceManager &SM = Ctx.getSourceManager();
    G.Begin = SM.getExpansionLoc(If->getThen()->getBeginLoc());
    G.End = SM.getExpansionLoc(If->getThen()->getEndLoc());
    Guards.push_back(std::move(G));
    return true;
  }
  bool once(SourceLocation Acquired) const {
    const SourceManager &SM = Ctx.getSourceManager();
    Acquired = SM.getExpansionLoc(Acquired);
    for (const Guard &G : Guards)
      if (SM.isPointWithin(Acquired, G.Begin, G.End))
        for (SourceLocation A : G.Assigned)
          if (SM.isBeforeInTranslationUnit(Acquired, A))
            return true;
    return false;
  }

private:
  struct Guard {
    SourceLocation Begin, End;
    std::vector<SourceLocation> Assigned;
  };
  ASTContext &Ctx;
  std::vector<Guard> Guards;
};
} // namespace

/// Runs the lock dataflow for the function being left, if it touched a
/// lock, and writes the held sets into the facts it produced.
void Extractor::exitFunction() {
  Frame &F = Frames.back();
  // Parameters that are only stored (and compared): StoredParamFact.
  for (const auto &[PV, U] : F.Params)
    if (!U.Storages.empty() && U.Uses == U.StoredOrCompared)
      for (const std::string &Storage : U.Storages)
        Out.StoredParams.push_back(
            {F.Id, PV->getFunctionScopeIndex(), Storage});
  // Calls after the loop this function runs has returned: shutdown.
  if (!F.RunnerSites.empty())
    for (const auto &[S, Kind, Index] : F.Facts)
      if (Kind == Frame::CallK && afterLoopReturned(S))
        Out.Calls[Index].AfterLoop = true;
  if (F.InstallsSignals && F.FD && F.FD->getBody())
    recordCrashHandlers(F.FD);
  // In a destructor, the threads it has joined were the object's other
  // users: a member lock of the object taken after the first join (in
  // source order) has no one left to wait for it.
  SourceLocation Joined;
  if (F.FD && isa<CXXDestructorDecl>(F.FD))
    for (const auto &[S, Kind, Index] : F.Facts)
      if (Kind == Frame::BlockingK &&
          llvm::StringRef(Out.Blocking[Index].Api).ends_with("join")) {
        SourceLocation L = Ctx.getSourceManager().getExpansionLoc(S->getBeginLoc());
        if (Joined.isInvalid() ||
            Ctx.getSourceManager().isBeforeInTranslationUnit(L, Joined))
          Joined = L;
      }
  auto PrivateLock = [&](const std::string &Key, SourceLocation Acquired) {
    if (Joined.isInvalid() || Acquired.isInvalid())
      return false;
    ObjectRef O = Locks.objectOfKey(Key);
    return O.Base == "this" &&
           Ctx.getSourceManager().isBeforeInTranslationUnit(
               Joined, Ctx.getSourceManager().getExpansionLoc(Acquired));
  };
  if (F.HasLockOps && F.FD && F.FD->getBody()) {
    LockFlowCallbacks CB;
    Locks.setFunction(F.Id, F.FD);
    CB.Classify = [&](const Stmt *S, const VarDecl *T) {
      return Locks.classify(S, T);
    };
    CB.IsAllocation = [&](const Stmt *S) { return isAllocationCall(S); };
    CB.IsUserCall = [&](const Stmt *S) {
      const FunctionDecl *Callee = nullptr;
      if (auto *CE = dyn_cast<CallExpr>(S))
        Callee = CE->getDirectCallee();
      else if (auto *CCE = dyn_cast<CXXConstructExpr>(S))
        Callee = CCE->getConstructor();
      return Callee && !Callee->getBuiltinID() && !Callee->isImplicit() &&
             Callee->getLocation().isValid() &&
             !Ids.inSystemHeader(Callee->getLocation());
    };
    LockFlowResult R = runLockFlow(F.FD, Ctx, CB);
    auto Convert = [&](const std::vector<HeldLock> &Hs) {
      std::vector<HeldLockFact> Out;
      for (const HeldLock &H : Hs)
        Out.push_back({H.Key, H.Name, Ids.loc(H.Acquired), H.Shared,
                       Locks.objectOfKey(H.Key),
                       PrivateLock(H.Key, H.Acquired)});
      return Out;
    };
    for (const auto &[S, Kind, Index] : F.Facts) {
      if (auto Rel = R.ReleasedAt.find(S); Rel != R.ReleasedAt.end()) {
        if (Kind == Frame::CallK)
          Out.Calls[Index].Released = Rel->second;
        else if (Kind == Frame::BlockingK)
          Out.Blocking[Index].Released = Rel->second;
      }
      if (auto GA = R.GuardArgs.find(S);
          GA != R.GuardArgs.end() && Kind == Frame::CallK)
        for (const auto &[Arg, Key, Name] : GA->second)
          Out.Calls[Index].LockArgs.push_back({Arg, Key, Name});
      auto It = R.HeldAt.find(S);
      if (It == R.HeldAt.end())
        continue;
      auto Held = Convert(It->second);
      if (Kind == Frame::CallK)
        Out.Calls[Index].Held = std::move(Held);
      else if (Kind == Frame::BlockingK)
        Out.Blocking[Index].Held = std::move(Held);
      else
        Out.Suspends[Index].Held = std::move(Held);
    }
    // A critical section on a branch that ends the process (a crash
    // report's lock) does not serialise requests.
    llvm::DenseSet<unsigned> FatalStarts;
    if (F.Fatal)
      for (const Stmt *S : *F.Fatal)
        FatalStarts.insert(S->getBeginLoc().getRawEncoding());
    std::optional<LazyInits> Lazy;
    if (!R.Sections.empty() && F.FD && F.FD->getBody()) {
      Lazy.emplace(Ctx);
      Lazy->TraverseStmt(F.FD->getBody());
    }
    for (const SectionStats &Sec : R.Sections) {
      if (FatalStarts.count(Sec.Lock.Acquired.getRawEncoding()))
        continue;
      CriticalSectionFact C;
      C.Function = F.Id;
      C.Lock = {Sec.Lock.Key, Sec.Lock.Name, Ids.loc(Sec.Lock.Acquired),
                Sec.Lock.Shared, Locks.objectOfKey(Sec.Lock.Key),
                PrivateLock(Sec.Lock.Key, Sec.Lock.Acquired)};
      C.Api = Sec.Lock.Api;
      C.Statements = Sec.Statements;
      C.Calls = Sec.Calls;
      C.UserCalls = Sec.UserCalls;
      C.Loops = Sec.Loops;
      C.Allocations = Sec.Allocations;
      C.Once = Lazy && Lazy->once(Sec.Lock.Acquired);
      Out.CriticalSections.push_back(std::move(C));
    }
  }
  // A parameter or local passed by reference names a lock the callee may
  // release only if it is held at the call: other such arguments are plain
  // objects (every `conn *c` handed on), not worth a fact.
  for (const auto &[S, Kind, Index] : F.Facts) {
    if (Kind != Frame::CallK)
      continue;
    CallFact &C = Out.Calls[Index];
    llvm::erase_if(C.LockArgs, [&](const LockArgFact &A) {
      if (A.Lock.rfind("param:", 0) != 0 && A.Lock.rfind("local:", 0) != 0)
        return false;
      return llvm::none_of(C.Held, [&](const HeldLockFact &H) {
        return H.Lock == A.Lock;
      });
    });
  }
  Frames.pop_back();
}

} // namespace extract_detail

namespace {

class ExtractConsumer : public ASTConsumer {
public:
  ExtractConsumer(const Catalog &Cat, TUSummary &Out) : Cat(Cat), Out(Out) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    extractFacts(Ctx, Cat, Out);
  }

private:
  const Catalog &Cat;
  TUSummary &Out;
};

} // namespace

void extractFacts(ASTContext &Ctx, const Catalog &Cat, TUSummary &Out) {
  extract_detail::Extractor X(Ctx, Cat, Out);
  X.TraverseDecl(Ctx.getTranslationUnitDecl());
  X.qualifyExports();
  Out.normalise();
}

std::unique_ptr<ASTConsumer> makeExtractConsumer(const Catalog &Cat,
                                                 TUSummary &Out) {
  return std::make_unique<ExtractConsumer>(Cat, Out);
}

} // namespace stallscan
