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
//===----------------------------------------------------------------------===//
#include "extract/Extractor.h"
#include "catalog/Catalog.h"
#include "extract/AstHelpers.h"
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
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/CharInfo.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSwitch.h"

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
  LoopScanner(const Catalog &Cat, LoopScan &Out) : Cat(Cat), Out(Out) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD)
      return true;
    auto Names = calleeNames(FD, CE);
    if (!Out.Wait)
      if (auto M = Cat.lookup(Section::LoopWait, Names); !M.empty()) {
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
  LoopScan &Out;
};

class Extractor : public RecursiveASTVisitor<Extractor> {
  using Base = RecursiveASTVisitor<Extractor>;

public:
  Extractor(ASTContext &Ctx, const Catalog &Cat, TUSummary &Out)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Cat(Cat), Out(Out), Ids(Ctx),
        Locks(Ctx, Cat, Ids.mainFile()) {
    Out.MainFile = Ids.mainFile();
  }

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldWalkTypesOfTypeLocs() const { return false; }

  bool TraverseDecl(Decl *D) {
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

  bool TraverseLambdaExpr(LambdaExpr *L) {
    CXXMethodDecl *Op = L->getCallOperator();
    if (!Frames.empty() && !Claimed.count(L) && !Stored.count(L))
      addCall(Ids.functionId(Op), L->getBeginLoc(), /*Virtual=*/false,
              /*Callback=*/true);
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

  // The wait may be in the body or in the condition:
  // `while (epoll_wait(...) >= 0) { ... }`.
  bool TraverseWhileStmt(WhileStmt *S) {
    return traverseLoop({S->getCond(), S->getBody()},
                        [&] { return Base::TraverseWhileStmt(S); });
  }
  bool TraverseDoStmt(DoStmt *S) {
    return traverseLoop({S->getCond(), S->getBody()},
                        [&] { return Base::TraverseDoStmt(S); });
  }
  bool TraverseForStmt(ForStmt *S) {
    return traverseLoop({S->getCond(), S->getInc(), S->getBody()},
                        [&] { return Base::TraverseForStmt(S); });
  }
  bool TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
    return traverseLoop({S->getBody()},
                        [&] { return Base::TraverseCXXForRangeStmt(S); });
  }

  /// `if ((pid = fork()) == 0) { child }`: the child branch runs in another
  /// process; what it calls is offloaded, and it blocks nobody's loop.
  bool TraverseIfStmt(IfStmt *S) {
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

  bool VisitCallExpr(CallExpr *CE) {
    if (Frames.empty())
      return true;
    if (const Expr *Callee = CE->getCallee())
      CalleeRefs.insert(Callee->IgnoreParenImpCasts());
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD) {
      recordIndirectCall(CE);
      return true;
    }
    llvm::ArrayRef<const Expr *> Args(CE->getArgs(), CE->getNumArgs());
    if (isa<CXXOperatorCallExpr>(CE) && isa<CXXMethodDecl>(FD) && !Args.empty())
      Args = Args.drop_front(); // the object, not an argument
    bool Virtual = false;
    if (auto *MCE = dyn_cast<CXXMemberCallExpr>(CE)) {
      auto *MD = MCE->getMethodDecl();
      auto *ME = dyn_cast<MemberExpr>(MCE->getCallee()->IgnoreParens());
      Virtual = MD && MD->isVirtual() && ME && !ME->hasQualifier() &&
                !MD->hasAttr<FinalAttr>() &&
                !MD->getParent()->hasAttr<FinalAttr>();
    }
    handleCall(CE, FD, Args, CE->getExprLoc(), Virtual, objectExpr(CE));
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *E) {
    if (Frames.empty())
      return true;
    llvm::ArrayRef<const Expr *> Args(E->getArgs(), E->getNumArgs());
    handleCall(E, E->getConstructor(), Args, E->getBeginLoc(), false, nullptr);
    return true;
  }

  bool VisitCXXDeleteExpr(CXXDeleteExpr *E) {
    if (Frames.empty())
      return true;
    QualType T = E->getDestroyedType();
    if (auto *RD = T->getAsCXXRecordDecl())
      addDestructorEdge(RD, E->getBeginLoc(), /*Virtual=*/true);
    return true;
  }

  bool VisitVarDecl(VarDecl *VD) {
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

  bool VisitBinaryOperator(BinaryOperator *BO) {
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
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (Frames.empty())
      return true;
    if (auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
      auto It = StoredCallables.find(VD);
      if (It != StoredCallables.end() && !Claimed.count(DRE))
        for (const auto &T : It->second)
          addCall(T, DRE->getLocation(), false, /*Callback=*/true);
      return true;
    }
    auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl());
    if (!FD || CalleeRefs.count(DRE) || Claimed.count(DRE) ||
        Stored.count(DRE) || Compared.count(DRE) ||
        Ids.inSystemHeader(FD->getLocation()))
      return true;
    // A function used as a value: it may be called from here.
    addCall(Ids.functionId(FD), DRE->getLocation(), false, /*Callback=*/true);
    return true;
  }

  bool VisitCoawaitExpr(CoawaitExpr *E) {
    addSuspend("co_await", E);
    return true;
  }
  bool VisitCoyieldExpr(CoyieldExpr *E) {
    addSuspend("co_yield", E);
    return true;
  }

private:
  struct Frame {
    std::string Id;
    std::vector<int> Reactors; ///< enclosing reactor loops, innermost last
    int InChild = 0;           ///< inside the child branch of a fork
    const FunctionDecl *FD = nullptr;
    bool HasLockOps = false; ///< run the lock dataflow at exit
    enum FactKind { CallK, BlockingK, SuspendK };
    std::vector<std::tuple<const Stmt *, FactKind, size_t>> Facts;
  };

  bool isForkCall(const Expr *E) {
    auto *CE = dyn_cast_or_null<CallExpr>(E ? E->IgnoreParenCasts() : nullptr);
    return CE && CE->getDirectCallee() &&
           !Cat.lookup(Section::Fork, calleeNames(CE->getDirectCallee(), CE))
                .empty();
  }

  /// Whether E is a fork result: the call, `pid = fork()`, or a variable
  /// assigned from one.
  bool isForkResult(const Expr *E) {
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
  int forkChildBranch(const Expr *Cond) {
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
    if (!isZero(R))
      std::swap(L, R);
    if (!isZero(R) || !isForkResult(L))
      return -1;
    return BO->getOpcode() == BO_EQ ? 0 : 1;
  }

  int currentReactor() const {
    return Frames.back().Reactors.empty() ? -1 : Frames.back().Reactors.back();
  }

  void enterFunction(FunctionDecl *FD) {
    FunctionFact F;
    F.Id = Ids.functionId(FD);
    F.Name = Ids.displayName(FD);
    F.Where = Ids.loc(isLambdaCallOperator(FD)
                          ? cast<CXXRecordDecl>(FD->getParent())->getLocation()
                          : FD->getLocation());
    F.IsCoroutine = isa_and_nonnull<CoroutineBodyStmt>(FD->getBody());
    for (const FunctionDecl *R : FD->redecls())
      for (const auto *A : R->specific_attrs<AnnotateAttr>())
        if (A->getAnnotation() == "stallscan::event_loop")
          F.AnnotatedLoop = true;
    if (auto *MD = dyn_cast<CXXMethodDecl>(FD))
      for (const CXXMethodDecl *O : MD->overridden_methods())
        F.Overrides.push_back(Ids.functionId(O));
    if (auto *CD = dyn_cast<CXXConstructorDecl>(FD))
      for (const CXXCtorInitializer *I : CD->inits())
        if (I->getMember() && I->getInit() && isFileOpen(I->getInit()))
          Out.FileFds.push_back(qualifiedName(I->getMember()));
    Frames.push_back({F.Id, {}});
    Frames.back().FD = FD;
    Out.Functions.push_back(std::move(F));
    // A destructor's body is followed by those of the members and bases.
    if (auto *DD = dyn_cast<CXXDestructorDecl>(FD))
      addMemberDestructorEdges(DD->getParent(), FD->getLocation(), 0);
  }

  template <typename Fn>
  bool traverseLoop(std::initializer_list<Stmt *> Parts, Fn TraverseBase) {
    if (Frames.empty())
      return TraverseBase();
    LoopScan Scan;
    LoopScanner Scanner(Cat, Scan);
    for (Stmt *P : Parts)
      if (P)
        Scanner.TraverseStmt(P);
    if (Scan.Accept && !Scan.SpawnName.empty())
      Out.ThreadPerConnection.push_back({Frames.back().Id, Scan.AcceptName,
                                         Scan.SpawnName,
                                         Ids.loc(Scan.Accept->getExprLoc())});
    if (!Scan.Wait)
      return TraverseBase();
    int Index = static_cast<int>(Out.Reactors.size());
    Out.Reactors.push_back(
        {Frames.back().Id, Scan.WaitName, Ids.loc(Scan.Wait->getExprLoc())});
    Frames.back().Reactors.push_back(Index);
    bool R = TraverseBase();
    Frames.back().Reactors.pop_back();
    return R;
  }

  void addCall(std::string Callee, SourceLocation L, bool Virtual,
               bool Callback, const Stmt *Site = nullptr) {
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

  void addSuspend(const char *Op, const Stmt *S) {
    if (Frames.empty())
      return;
    SourceLocation L = isa<CoawaitExpr>(S)
                           ? cast<CoawaitExpr>(S)->getKeywordLoc()
                           : cast<CoyieldExpr>(S)->getKeywordLoc();
    Frames.back().Facts.emplace_back(S, Frame::SuspendK, Out.Suspends.size());
    Out.Suspends.push_back({Frames.back().Id, Op, Ids.loc(L), {}});
  }

  /// Runs the lock dataflow for the function being left, if it touched a
  /// lock, and writes the held sets into the facts it produced.
  void exitFunction() {
    Frame &F = Frames.back();
    if (F.HasLockOps && F.FD && F.FD->getBody()) {
      LockFlowCallbacks CB;
      Locks.setFunction(F.Id);
      CB.Classify = [&](const Stmt *S, const VarDecl *T) {
        return Locks.classify(S, T);
      };
      CB.IsAllocation = [&](const Stmt *S) {
        const FunctionDecl *Callee = nullptr;
        if (auto *CE = dyn_cast<CallExpr>(S))
          Callee = CE->getDirectCallee();
        return Callee && !Cat.lookup(Section::Allocation,
                                     calleeNames(Callee, cast<Expr>(S)))
                              .empty();
      };
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
          Out.push_back({H.Key, H.Name, Ids.loc(H.Acquired), H.Shared});
        return Out;
      };
      for (const auto &[S, Kind, Index] : F.Facts) {
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
      for (const SectionStats &Sec : R.Sections) {
        CriticalSectionFact C;
        C.Function = F.Id;
        C.Lock = {Sec.Lock.Key, Sec.Lock.Name, Ids.loc(Sec.Lock.Acquired),
                  Sec.Lock.Shared};
        C.Api = Sec.Lock.Api;
        C.Statements = Sec.Statements;
        C.Calls = Sec.Calls;
        C.UserCalls = Sec.UserCalls;
        C.Loops = Sec.Loops;
        C.Allocations = Sec.Allocations;
        Out.CriticalSections.push_back(std::move(C));
      }
    }
    Frames.pop_back();
  }

  /// Destroying an object of type RD at L: its user-written destructor, or,
  /// when the destructor is implicit, those of its members and bases.
  void addDestructorEdge(const CXXRecordDecl *RD, SourceLocation L,
                         bool Virtual, unsigned Depth = 0) {
    RD = RD ? RD->getDefinition() : nullptr;
    if (!RD || Depth > 4 || Ids.inSystemHeader(RD->getLocation()))
      return;
    const CXXDestructorDecl *D = RD->getDestructor();
    if (D && D->isUserProvided()) {
      addCall(Ids.functionId(D), L, Virtual && D->isVirtual(), false);
      return;
    }
    addMemberDestructorEdges(RD, L, Depth);
  }
  void addMemberDestructorEdges(const CXXRecordDecl *RD, SourceLocation L,
                                unsigned Depth) {
    for (const FieldDecl *F : RD->fields())
      if (const CXXRecordDecl *FR = F->getType()->getAsCXXRecordDecl())
        addDestructorEdge(FR, L, false, Depth + 1);
    for (const CXXBaseSpecifier &B : RD->bases())
      addDestructorEdge(B.getType()->getAsCXXRecordDecl(), L, false, Depth + 1);
  }

  /// Where a function pointer lives: a struct field, or a global variable
  /// (a table indexed or not). Locals and parameters have no stable storage.
  std::string storageKey(const Expr *E) {
    E = stripToDeclRef(E);
    if (auto *ASE = dyn_cast<ArraySubscriptExpr>(E))
      return storageKey(ASE->getBase());
    if (auto *ME = dyn_cast<MemberExpr>(E))
      if (isa<FieldDecl>(ME->getMemberDecl()))
        return "field:" + qualifiedName(ME->getMemberDecl());
    if (auto *DRE = dyn_cast<DeclRefExpr>(E))
      if (auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        if (!VD->isLocalVarDecl() && !isa<ParmVarDecl>(VD))
          return "var:" + fdKey(VD);
    return {};
  }

  /// The function an expression names, if it is one; it is then claimed:
  /// reached through the storage it goes into, not as a callback from here.
  const FunctionDecl *functionValue(const Expr *E) {
    if (!E)
      return nullptr;
    auto *DRE = dyn_cast<DeclRefExpr>(stripToDeclRef(E->IgnoreImplicit()));
    auto *FD = DRE ? dyn_cast<FunctionDecl>(DRE->getDecl()) : nullptr;
    if (!FD || isa<CXXMethodDecl>(FD) || Ids.inSystemHeader(FD->getLocation()))
      return nullptr;
    Claimed.insert(DRE);
    return FD;
  }

  /// `x->read = my_read;`, `handlers[SIGINT] = on_int;`
  void recordStore(const Expr *LHS, const Expr *RHS) {
    if (const FunctionDecl *FD = functionValue(RHS))
      if (std::string Key = storageKey(LHS); !Key.empty())
        Out.AddressTaken.push_back({Ids.functionId(FD), Key});
  }

public:
  /// Struct and array initializers, including designated ones and tables
  /// built by macros: `{"get", getCommand, ...}`, `.read = my_read`.
  bool VisitInitListExpr(InitListExpr *ILE) {
    // RAV visits one form of each list (the syntactic one when they differ);
    // fields are matched on the semantic form, which has one init per field.
    const InitListExpr *Sem =
        ILE->isSemanticForm() ? ILE : ILE->getSemanticForm();
    if (!Sem)
      return true;
    QualType T = Sem->getType();
    if (const RecordDecl *RD = T->getAsRecordDecl()) {
      unsigned I = 0;
      for (const FieldDecl *F : RD->fields()) {
        if (I >= Sem->getNumInits())
          break;
        if (const FunctionDecl *FD = functionValue(Sem->getInit(I)))
          Out.AddressTaken.push_back(
              {Ids.functionId(FD), "field:" + qualifiedName(F)});
        ++I;
      }
    }
    return true;
  }

  bool VisitVarDecl_Storage(VarDecl *VD) {
    // A global function pointer or table of them, initialised in place.
    if (VD->isLocalVarDecl() || isa<ParmVarDecl>(VD) || !VD->getInit())
      return true;
    std::string Key = "var:" + fdKey(VD);
    const Expr *Init = VD->getInit()->IgnoreImplicit();
    if (auto *ILE = dyn_cast<InitListExpr>(Init)) {
      for (const Expr *E : ILE->inits())
        if (const FunctionDecl *FD = functionValue(E))
          Out.AddressTaken.push_back({Ids.functionId(FD), Key});
    } else if (const FunctionDecl *FD = functionValue(Init)) {
      Out.AddressTaken.push_back({Ids.functionId(FD), Key});
    }
    return true;
  }

private:
  /// `c->cmd->proc(c)`, `handlers[i](ev)`: a call through a function pointer
  /// kept in a field or global, resolved at link time by storage.
  void recordIndirectCall(const CallExpr *CE) {
    const Expr *Callee = CE->getCallee();
    if (!Callee || isa<CXXMemberCallExpr>(CE) || CE->isTypeDependent())
      return;
    std::string Key = storageKey(Callee);
    if (Key.empty())
      return;
    Out.IndirectCalls.push_back(
        {Frames.back().Id, Key, Ids.loc(CE->getBeginLoc()), currentReactor()});
  }

  /// Functions that a handler expression stands for: a lambda, a function or
  /// member pointer, a functor, what std::bind/bind_front_handler wrap, a
  /// local variable initialised with one of these.
  void resolveTargets(const Expr *E, std::vector<std::string> &Out,
                      unsigned Depth = 0,
                      llvm::DenseSet<const Stmt *> *ClaimSet = nullptr) {
    if (!E || Depth > 6)
      return;
    llvm::DenseSet<const Stmt *> &Claim = ClaimSet ? *ClaimSet : Claimed;
    E = E->IgnoreImplicit()->IgnoreParenCasts()->IgnoreImplicit();
    if (auto *L = dyn_cast<LambdaExpr>(E)) {
      Claim.insert(L);
      Out.push_back(Ids.functionId(L->getCallOperator()));
      return;
    }
    if (auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      if (auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl())) {
        Claim.insert(DRE);
        if (!Ids.inSystemHeader(FD->getLocation()))
          Out.push_back(Ids.functionId(FD));
      } else if (auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
        Claim.insert(DRE);
        auto It = StoredCallables.find(VD);
        if (It != StoredCallables.end())
          Out.insert(Out.end(), It->second.begin(), It->second.end());
        else if (!isa<ParmVarDecl>(VD) &&
                 !Ids.inSystemHeader(VD->getLocation()))
          resolveTargets(VD->getInit(), Out, Depth + 1, ClaimSet);
      }
      return;
    }
    if (auto *UO = dyn_cast<UnaryOperator>(E)) {
      resolveTargets(UO->getSubExpr(), Out, Depth + 1, ClaimSet);
      return;
    }
    if (auto *CE = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *FD = CE->getDirectCallee();
      if (FD && !Ids.inSystemHeader(FD->getLocation()) &&
          !isa<CXXMethodDecl>(FD)) {
        // co_spawn(ex, session(std::move(s)), detached): the coroutine.
        Out.push_back(Ids.functionId(FD));
        return;
      }
      for (const Expr *A : CE->arguments())
        resolveTargets(A, Out, Depth + 1, ClaimSet);
      return;
    }
    if (auto *CCE = dyn_cast<CXXConstructExpr>(E)) {
      const CXXRecordDecl *RD = CCE->getConstructor()->getParent();
      if (RD->isLambda() || Ids.inSystemHeader(RD->getLocation())) {
        for (const Expr *A : CCE->arguments())
          resolveTargets(A, Out, Depth + 1, ClaimSet);
        return;
      }
      // A user functor: every operator() it has.
      for (const CXXMethodDecl *MD : RD->methods())
        if (MD->getOverloadedOperator() == OO_Call)
          Out.push_back(Ids.functionId(MD));
      return;
    }
  }

  /// Whether an initializer is itself a callable (not the result of a call):
  /// a lambda, a function or member pointer, a functor or std::function, or
  /// what std::bind-like wrappers return.
  static bool isCallableValue(const Expr *E) {
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

  bool argNamedOneOf(const Expr *A, const std::vector<std::string> &Names) {
    if (!A)
      return false;
    A = A->IgnoreParenImpCasts();
    if (const auto *SL = dyn_cast<StringLiteral>(A))
      return SL->isOrdinary() &&
             std::find(Names.begin(), Names.end(), SL->getString().str()) !=
                 Names.end();
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

  bool argHasTypeOf(const Expr *A, const std::vector<std::string> &Types) {
    if (!A)
      return false;
    QualType T = A->getType().getNonReferenceType();
    if (T->isPointerType())
      T = T->getPointeeType();
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    if (!RD)
      return false;
    std::string N = qualifiedName(RD);
    for (const auto &Want : Types)
      if (N == Want || N.rfind(Want + "::", 0) == 0)
        return true;
    return false;
  }

  bool isZero(const Expr *A) {
    if (!A)
      return false;
    A = A->IgnoreImplicit()->IgnoreParenCasts()->IgnoreImplicit();
    if (auto *UDL = dyn_cast<UserDefinedLiteral>(A)) {
      // getCookedLiteral() is only valid for cooked operators (it asserts,
      // and reads past the arguments in release builds, otherwise).
      auto Kind = UDL->getLiteralOperatorKind();
      if (Kind != UserDefinedLiteral::LOK_Template &&
          Kind != UserDefinedLiteral::LOK_Raw)
        return isZero(UDL->getCookedLiteral());
      // Literal operator templates (libstdc++'s 0s, 0ms) have no cooked
      // form: read the token.
      llvm::StringRef Tok = Lexer::getSourceText(
          CharSourceRange::getTokenRange(UDL->getSourceRange()), SM,
          Ctx.getLangOpts());
      llvm::StringRef Digits = Tok.take_while(
          [](char C) { return isDigit(C) || C == '.' || C == '\''; });
      return !Digits.empty() &&
             Digits.find_first_not_of("0.'") == llvm::StringRef::npos;
    }
    if (auto *CCE = dyn_cast<CXXConstructExpr>(A))
      return CCE->getNumArgs() == 1 && isZero(CCE->getArg(0));
    if (auto *CE = dyn_cast<CallExpr>(A)) {
      const FunctionDecl *FD = CE->getDirectCallee();
      return FD && FD->getIdentifier() && FD->getName() == "zero";
    }
    Expr::EvalResult R;
    if (!A->isValueDependent() && A->EvaluateAsInt(R, Ctx))
      return R.Val.getInt() == 0;
    return false;
  }

  bool argHasBits(const Expr *A, uint64_t Mask) {
    Expr::EvalResult R;
    if (!A || A->isValueDependent() || !A->EvaluateAsInt(R, Ctx))
      return false;
    return (R.Val.getInt().getZExtValue() & Mask) != 0;
  }

  bool isFileOpen(const Expr *E) {
    auto *CE = dyn_cast<CallExpr>(E->IgnoreParenCasts());
    if (!CE || !CE->getDirectCallee())
      return false;
    return !Cat.lookup(Section::FileOpener,
                       calleeNames(CE->getDirectCallee(), CE))
                .empty();
  }

  std::string fdKey(const VarDecl *VD) {
    if (VD->hasLocalStorage())
      return "local:" + Frames.back().Id + ":" + VD->getName().str() + ":" +
             std::to_string(Ids.loc(VD->getLocation()).Line);
    std::string Key = qualifiedName(VD);
    if (!VD->isExternallyVisible()) // `static int Fd;` in two TUs
      Key += "@" + Out.MainFile;
    return Key;
  }

  /// A stable key for the descriptor (or lock) an expression names.
  std::string fdKeyOf(const Expr *E) {
    E = E->IgnoreParenCasts();
    if (auto *UO = dyn_cast<UnaryOperator>(E))
      if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)
        return fdKeyOf(UO->getSubExpr());
    if (auto *DRE = dyn_cast<DeclRefExpr>(E))
      if (auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        return isa<ParmVarDecl>(VD) ? std::string() : fdKey(VD);
    if (auto *ME = dyn_cast<MemberExpr>(E))
      if (isa<FieldDecl>(ME->getMemberDecl()))
        return qualifiedName(ME->getMemberDecl());
    return {};
  }

  void handleCall(const Expr *E, const FunctionDecl *Callee,
                  llvm::ArrayRef<const Expr *> Args, SourceLocation L,
                  bool Virtual, const Expr *Object) {
    if (Frames.back().InChild) {
      if (!Ids.inSystemHeader(Callee->getLocation()))
        Out.Offloads.push_back(
            {Frames.back().Id, Ids.functionId(Callee), "fork", Ids.loc(L)});
      return;
    }
    std::vector<std::string> Names = calleeNames(Callee, E);
    std::string Short = Callee->getNameAsString();
    Loc Where = Ids.loc(L);
    const std::string &Caller = Frames.back().Id;

    auto Handlers = [&](const CatalogEntry &Entry) {
      std::vector<const Expr *> Hs;
      if (Entry.AllHandlers)
        Hs.assign(Args.begin(), Args.end());
      else
        for (ArgIndex I : Entry.Handlers)
          if (const Expr *A = argAt(Args, I))
            Hs.push_back(A);
      return Hs;
    };
    auto AddRoots = [&](const std::vector<const Expr *> &Hs,
                        const std::string &Library) {
      for (const Expr *H : Hs) {
        std::vector<std::string> Targets;
        resolveTargets(H, Targets);
        for (auto &T : Targets)
          Out.Roots.push_back(
              {T, Short, Library, Caller,
               Ids.loc(H->IgnoreParenImpCasts()->getExprLoc())});
      }
    };
    auto AddOffloads = [&](const std::vector<const Expr *> &Hs) {
      for (const Expr *H : Hs) {
        std::vector<std::string> Targets;
        resolveTargets(H, Targets);
        for (auto &T : Targets)
          Out.Offloads.push_back(
              {Caller, T, Short,
               Ids.loc(H->IgnoreParenImpCasts()->getExprLoc())});
      }
    };

    bool Registered = false;
    bool Catalogued = false;
    for (const CatalogMatch &M : Cat.lookup(Section::Registration, Names)) {
      const CatalogEntry &En = *M.Entry;
      Registered = true;
      if (En.OffloadIfArgType &&
          argHasTypeOf(argAt(Args, En.OffloadIfArgType->Index),
                       En.OffloadIfArgType->Types))
        AddOffloads(Handlers(En));
      else
        AddRoots(Handlers(En), En.Library);
    }
    if (!Registered && isAsyncInitiation(Callee) && !Args.empty()) {
      AddRoots({argAt(Args, -1)}, Cat.asyncLibrary());
      Registered = true;
    }
    Catalogued |= Registered;

    for (const CatalogMatch &M : Cat.lookup(Section::Offload, Names)) {
      const CatalogEntry &En = *M.Entry;
      if (En.UnlessArg &&
          argNamedOneOf(argAt(Args, En.UnlessArg->Index), En.UnlessArg->Names))
        continue;
      AddOffloads(Handlers(En));
      Catalogued = true;
    }

    for (const CatalogMatch &M : Cat.lookup(Section::Blocking, Names)) {
      const CatalogEntry &En = *M.Entry;
      Catalogued = true;
      if (Args.size() < En.MinArgs)
        continue;
      if (En.UnlessArg &&
          argNamedOneOf(argAt(Args, En.UnlessArg->Index), En.UnlessArg->Names))
        continue;
      if (En.OnlyIfNullArg) {
        const Expr *A = argAt(Args, *En.OnlyIfNullArg);
        if (!A || !A->IgnoreParenImpCasts()->isNullPointerConstant(
                      Ctx, Expr::NPC_ValueDependentIsNotNull))
          continue;
      }
      if (En.UnlessZeroArg && isZero(argAt(Args, *En.UnlessZeroArg)))
        continue;
      if (En.UnlessArgType && argHasTypeOf(argAt(Args, En.UnlessArgType->Index),
                                           En.UnlessArgType->Types))
        continue;
      if (En.UnlessArgBits && argHasBits(argAt(Args, En.UnlessArgBits->Index),
                                         En.UnlessArgBits->Mask))
        continue;
      BlockingFact B;
      B.Caller = Caller;
      B.Api = M.Name;
      B.Kind = En.Kind;
      B.Alternative = En.Alternative;
      B.Where = Where;
      B.RawSocket = En.RawSocket;
      B.Reactor = currentReactor();
      for (const CatalogMatch &LM : Cat.lookup(Section::Lock, Names))
        B.ReleasesLock |= LM.Entry->Kind == "cv-wait";
      if (En.OnlyIfFileFd) {
        const Expr *A = argAt(Args, *En.OnlyIfFileFd);
        B.RequiresFileFd = A ? fdKeyOf(A) : std::string();
        if (B.RequiresFileFd.empty()) {
          // Unknown descriptor (a socket, a pipe, an eventfd): raw descriptor
          // I/O, as a reactor does it.
          B.RawSocket = true;
          B.Kind = "fd";
        }
      }
      Frames.back().Facts.emplace_back(E, Frame::BlockingK,
                                       Out.Blocking.size());
      Out.Blocking.push_back(std::move(B));
    }

    for (const CatalogMatch &M : Cat.lookup(Section::AsyncClient, Names))
      Out.ClientCalls.push_back({Caller, M.Name, M.Entry->Kind, true, Where});
    for (const CatalogMatch &M : Cat.lookup(Section::Blocking, Names))
      if (M.Entry->Kind == "db" || M.Entry->Kind == "http")
        Out.ClientCalls.push_back(
            {Caller, M.Name, M.Entry->Kind, false, Where});
    for (const CatalogMatch &M : Cat.lookup(Section::LoopRunner, Names)) {
      Out.Runners.push_back({Caller, M.Name, M.Entry->Library, Where});
      Catalogued = true;
    }

    if (Locks.hasLockSemantics(Callee, Names)) {
      Frames.back().HasLockOps = true;
      Catalogued = true;
    }

    // The catalog summarises what it knows, even when the API is defined in
    // the code being analysed (muduo's ThreadPool::run, hiredis in a deps/
    // folder): its body is not followed.
    if (!Catalogued && !Ids.inSystemHeader(Callee->getLocation()) &&
        !Ids.inSystemHeader(Callee->getCanonicalDecl()->getLocation())) {
      addCall(Ids.functionId(Callee), L, Virtual, false, E);
      recordLockArgs(Callee, Args);
    }
  }

  /// `with_lock(g_mutex)`: the callee's parameter stands for the caller's
  /// lock. Only globals and members are recorded (locals stay local).
  void recordLockArgs(const FunctionDecl *Callee,
                      llvm::ArrayRef<const Expr *> Args) {
    for (unsigned I = 0; I < Args.size() && I < Callee->getNumParams(); ++I) {
      QualType PT = Callee->getParamDecl(I)->getType();
      if (!PT->isReferenceType() && !PT->isPointerType())
        continue;
      if (!PT->getPointeeType()->isRecordType())
        continue;
      const Expr *A = stripToDeclRef(Args[I]);
      if (!isa<DeclRefExpr>(A) && !isa<MemberExpr>(A))
        continue;
      Locks.setFunction(Frames.back().Id);
      auto [Key, Name] = Locks.lockOf(Args[I]);
      if (Key.rfind("global:", 0) == 0 || Key.rfind("field:", 0) == 0)
        Out.Calls.back().LockArgs.push_back({I, Key, Name});
    }
  }

  bool isAsyncInitiation(const FunctionDecl *FD) {
    if (!FD->getIdentifier() || !FD->getName().starts_with("async_"))
      return false;
    std::string Q = qualifiedName(FD);
    for (const auto &NS : Cat.asyncNamespaces())
      if (Q.rfind(NS + "::", 0) == 0)
        return true;
    return false;
  }

  ASTContext &Ctx;
  SourceManager &SM;
  const Catalog &Cat;
  TUSummary &Out;
  FunctionIds Ids;
  LockClassifier Locks;
  std::vector<Frame> Frames;
  llvm::DenseSet<const Stmt *>
      Claimed; ///< handler args of registrations/offloads
  llvm::DenseSet<const Stmt *> Stored;   ///< callables stored in variables
  llvm::DenseSet<const Stmt *> Compared; ///< functions only compared
  llvm::DenseSet<const Decl *> ForkVars; ///< variables holding a fork() result
  llvm::DenseMap<const VarDecl *, std::vector<std::string>> StoredCallables;
  llvm::DenseSet<const Expr *> CalleeRefs;
};

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
  Extractor X(Ctx, Cat, Out);
  X.TraverseDecl(Ctx.getTranslationUnitDecl());
  Out.normalise();
}

std::unique_ptr<ASTConsumer> makeExtractConsumer(const Catalog &Cat,
                                                 TUSummary &Out) {
  return std::make_unique<ExtractConsumer>(Cat, Out);
}

} // namespace stallscan
