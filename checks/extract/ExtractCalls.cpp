//===--- ExtractCalls.cpp - What a call means, by the catalog -------------===//
//
// The extractor's handling of one call or construction in user code: the
// catalog sections it matches decide whether its handler arguments become
// loop roots (registrations, asio-style async_* initiations) or offloads,
// whether it is a blocking site (after the entry's argument conditions:
// unless_arg, only_if_null_arg, unless_zero_arg, unless_arg_type,
// unless_arg_bits, unless_object_ready, only_if_file_fd), a loop runner, a database or HTTP
// client call, or a lock operation. A call the catalog does not know, to a
// function outside system headers, becomes a call edge, with the locks it
// is passed. Inside the child branch of a fork, a call to user code is a
// "fork" offload and nothing else.
//
// Destroying an object (delete, or a local going out of scope) is a call
// too: an edge to its user-written destructor or to those of its members.
//
//===----------------------------------------------------------------------===//
#include "catalog/Catalog.h"
#include "extract/AstHelpers.h"
#include "extract/DeadBranches.h"
#include "extract/ExprPredicates.h"
#include "extract/ExtractorImpl.h"
#include "extract/LockClassifier.h"
#include "extract/Names.h"
#include "extract/Signature.h"
#include "summary/Summary.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"

using namespace clang;

namespace stallscan {
namespace extract_detail {

std::vector<CatalogMatch>
Extractor::lookupDecl(Section S, const std::vector<std::string> &Names,
                      const FunctionDecl *FD) const {
  std::vector<CatalogMatch> Ms = Cat.lookup(S, Names);
  llvm::erase_if(Ms, [&](const CatalogMatch &M) {
    return M.Entry->IfSignature &&
           !signatureMatches(*M.Entry->IfSignature, FD, Ctx);
  });
  return Ms;
}

namespace {
/// Whether Cond evaluating to Truth means Obj is ready: a `tested_by`
/// test of it (`f.available()`, true when ready) or a `busy_tested_by`
/// one (`PQisBusy(conn)`, true when not), negated with `!`, as one operand
/// of `&&` (Truth) or `||` (!Truth).
bool readyWhen(const Expr *Cond, const Expr *Obj,
               const ObjectReadyCondition &C, bool Truth) {
  if (!Cond)
    return false;
  Cond = Cond->IgnoreParenImpCasts();
  if (auto *BO = dyn_cast<BinaryOperator>(Cond))
    if (BO->getOpcode() == (Truth ? BO_LAnd : BO_LOr))
      return readyWhen(BO->getLHS(), Obj, C, Truth) ||
             readyWhen(BO->getRHS(), Obj, C, Truth);
  if (auto *UO = dyn_cast<UnaryOperator>(Cond);
      UO && UO->getOpcode() == UO_LNot)
    return readyWhen(UO->getSubExpr(), Obj, C, !Truth);
  auto *CE = dyn_cast<CallExpr>(Cond);
  if (!CE || !CE->getDirectCallee())
    return false;
  // A method of the object (`f.available()`), or a function taking it
  // first (`PQisBusy(conn)`).
  const Expr *Tested = nullptr;
  if (auto *MC = dyn_cast<CXXMemberCallExpr>(CE))
    Tested = MC->getImplicitObjectArgument();
  else if (CE->getNumArgs() >= 1)
    Tested = CE->getArg(0);
  if (!Tested || !sameObject(Tested, Obj))
    return false;
  for (const std::string &N : calleeNames(CE->getDirectCallee(), CE)) {
    if (llvm::is_contained(C.TestedBy, N))
      return Truth;
    if (llvm::is_contained(C.BusyTestedBy, N))
      return !Truth;
  }
  return false;
}

/// Whether S always leaves the statements after it: return, throw, break,
/// continue, or a block ending in one.
bool leaves(const Stmt *S) {
  if (auto *CS = dyn_cast_or_null<CompoundStmt>(S))
    return !CS->body_empty() && leaves(CS->body_back());
  return isa_and_nonnull<ReturnStmt, CXXThrowExpr, BreakStmt, ContinueStmt>(S);
}
} // namespace

bool Extractor::objectReady(const Expr *E, const Expr *Object,
                            const ObjectReadyCondition &C) {
  if (!C.In.empty() && Frames.back().FD) {
    std::string Fn = qualifiedName(Frames.back().FD);
    for (const std::string &G : C.In)
      if (globMatch(G, Fn))
        return true;
  }
  if (!Object)
    return false;
  const VarDecl *V = objectVariableOrCapture(Object);

  if (!C.ParamOf.empty() && V)
    if (auto *P = dyn_cast<ParmVarDecl>(V))
      if (auto *MD = dyn_cast_or_null<CXXMethodDecl>(P->getDeclContext());
          MD && MD->getParent()->isLambda()) {
        // The lambda's class is its LambdaExpr's child in the parent map;
        // up from the LambdaExpr to the call it is an argument of.
        DynTypedNode N = DynTypedNode::create(*MD->getParent());
        for (unsigned Depth = 0; Depth < 12; ++Depth) {
          auto Parents = Ctx.getParents(N);
          if (Parents.empty())
            break;
          N = Parents[0];
          const Stmt *PS = N.get<Stmt>();
          if (!PS)
            break;
          if (auto *CE = dyn_cast<CallExpr>(PS)) {
            const FunctionDecl *FD = CE->getDirectCallee();
            if (!FD)
              break;
            for (const std::string &Name : calleeNames(FD, CE))
              if (llvm::is_contained(C.ParamOf, Name))
                return true;
            break;
          }
          if (!isa<LambdaExpr, ImplicitCastExpr, MaterializeTemporaryExpr,
                   CXXBindTemporaryExpr, CXXConstructExpr, ParenExpr,
                   CXXFunctionalCastExpr, ExprWithCleanups>(PS))
            break;
        }
      }

  if (!C.TestedBy.empty() || !C.BusyTestedBy.empty()) {
    const Stmt *Child = E;
    DynTypedNode N = DynTypedNode::create(*E);
    for (unsigned Depth = 0; Depth < 64; ++Depth) {
      auto Parents = Ctx.getParents(N);
      if (Parents.empty())
        break;
      N = Parents[0];
      if (const auto *VD = N.get<VarDecl>()) {
        (void)VD; // `int n = f.get();`: on to its DeclStmt
        continue;
      }
      const Stmt *P = N.get<Stmt>();
      if (!P || isa<LambdaExpr>(P))
        break;
      // Inside `if (ready)` or `while (ready)`.
      if (auto *If = dyn_cast<IfStmt>(P))
        if (If->getThen() == Child && readyWhen(If->getCond(), Object, C, true))
          return true;
      if (auto *While = dyn_cast<WhileStmt>(P))
        if (While->getBody() == Child &&
            readyWhen(While->getCond(), Object, C, true))
          return true;
      // After `if (!ready) return;`.
      if (auto *CS = dyn_cast<CompoundStmt>(P))
        for (const Stmt *S : CS->body()) {
          if (S == Child)
            break;
          if (auto *If = dyn_cast<IfStmt>(S))
            if (!If->getElse() && leaves(If->getThen()) &&
                readyWhen(If->getCond(), Object, C, false))
              return true;
        }
      Child = P;
    }
  }
  return false;
}

namespace {
/// The field F in `F.m()` (`this->F.m()`) when m is one of Names: the loop
/// of a loop thread the class owns.
const FieldDecl *ownedThreadOf(const Expr *E,
                               const std::vector<std::string> &Names) {
  auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(
      E ? E->IgnoreParenImpCasts() : nullptr);
  if (!MC || !MC->getMethodDecl())
    return nullptr;
  bool Named = false;
  for (const std::string &N : calleeNames(MC->getMethodDecl(), MC))
    Named |= llvm::is_contained(Names, N);
  auto *ME = dyn_cast_or_null<MemberExpr>(
      MC->getImplicitObjectArgument()->IgnoreParenImpCasts());
  if (!Named || !ME || !isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
    return nullptr;
  auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
  return F && F->getType()->isRecordType() ? F : nullptr;
}

/// The declaration an expression names: a variable or a field of `this`.
const ValueDecl *namedStorage(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (auto *DRE = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<VarDecl>(DRE->getDecl());
  if (auto *ME = dyn_cast<MemberExpr>(E))
    if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
      return dyn_cast<FieldDecl>(ME->getMemberDecl());
  return nullptr;
}

/// Collects the fields whose loop (From) a TU hands to another call.
struct HandedOutFinder : RecursiveASTVisitor<HandedOutFinder> {
  ASTContext &Ctx;
  const std::vector<std::string> &From;
  llvm::DenseSet<const FieldDecl *> &Out;
  HandedOutFinder(ASTContext &Ctx, const std::vector<std::string> &From,
                  llvm::DenseSet<const FieldDecl *> &Out)
      : Ctx(Ctx), From(From), Out(Out) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *MC) {
    const FieldDecl *F = ownedThreadOf(MC, From);
    if (!F)
      return true;
    // Up through casts: used as the object of a call (`->queueInLoop`),
    // stored (`loop_ = ...`, `auto *l = ...`) or handed to a call.
    DynTypedNode N = DynTypedNode::create(*MC);
    for (unsigned Depth = 0; Depth < 6; ++Depth) {
      auto Parents = Ctx.getParents(N);
      if (Parents.empty())
        return true;
      N = Parents[0];
      const Stmt *P = N.get<Stmt>();
      if (!P)
        return true; // a variable's initializer
      if (isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr>(P))
        continue;
      if (isa<MemberExpr, BinaryOperator>(P))
        return true;
      if (isa<CallExpr, CXXConstructExpr>(P))
        Out.insert(F);
      return true;
    }
    return true;
  }
};
} // namespace

bool Extractor::privateWorkerLoop(const Expr *E, const Expr *Object,
                                  const std::vector<std::string> &From) {
  const FieldDecl *F = ownedThreadOf(Object, From);
  // `loop_ = worker_.getLoop(); loop_->runInLoop(f);`: the last store to
  // the variable before the call, in this function.
  const ValueDecl *V = F ? nullptr : namedStorage(Object);
  const FunctionDecl *FD = Frames.back().FD;
  if (V && FD && FD->getBody()) {
    const SourceManager &SM = Ctx.getSourceManager();
    const Expr *Last = nullptr;
    SourceLocation LastLoc;
    std::function<void(const Stmt *)> Scan = [&](const Stmt *S) {
      if (!S || isa<LambdaExpr>(S))
        return;
      const Expr *Value = nullptr;
      if (auto *BO = dyn_cast<BinaryOperator>(S);
          BO && BO->getOpcode() == BO_Assign && namedStorage(BO->getLHS()) == V)
        Value = BO->getRHS();
      if (auto *DS = dyn_cast<DeclStmt>(S))
        for (const Decl *D : DS->decls())
          if (D == V)
            Value = cast<VarDecl>(D)->getInit();
      if (Value && SM.isBeforeInTranslationUnit(S->getBeginLoc(),
                                                E->getBeginLoc()) &&
          (!Last || SM.isBeforeInTranslationUnit(LastLoc, S->getBeginLoc()))) {
        Last = Value;
        LastLoc = S->getBeginLoc();
      }
      for (const Stmt *C : S->children())
        Scan(C);
    };
    Scan(FD->getBody());
    F = ownedThreadOf(Last, From);
  }
  if (!F)
    return false;
  auto It = HandedOutLoops.find(From);
  if (It == HandedOutLoops.end()) {
    It = HandedOutLoops.emplace(From, llvm::DenseSet<const FieldDecl *>()).first;
    HandedOutFinder(Ctx, From, It->second)
        .TraverseDecl(Ctx.getTranslationUnitDecl());
  }
  return !It->second.contains(F);
}

void Extractor::handleCall(const Expr *E, const FunctionDecl *Callee,
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

  // A function that waits for ready events outside any loop of its own and
  // then hands them to their handlers through pointers, in a loop over
  // them, is one turn of an event loop that its callers repeat (nginx's
  // ngx_epoll_process_events, run by `for (;;)
  // ngx_process_events_and_timers(cycle)` through the event module's
  // function pointer): a reactor whose body is what follows the wait. A wait
  // followed by no dispatch stays a stray wait (a start-up probe, a client
  // helper's poll before its read). Nor does a wait with a zero timeout,
  // which waits for nothing: a thread checking its descriptors between
  // sleeps (memcached's logger thread).
  // (A wait on no descriptor is a sleep: neither a turn nor a stray wait.)
  std::vector<CatalogMatch> Waits;
  if (currentReactor() < 0 && !Frames.back().InConsoleLoop) {
    Waits = lookupDecl(Section::LoopWait, Names, Callee);
    llvm::erase_if(Waits, [&](const CatalogMatch &M) {
      return waitsOnNothing(*M.Entry, Args, Ctx);
    });
  }
  if (!Waits.empty() && !Frames.back().InLoop &&
      !zeroArg(Args, Waits.front().Entry->UnlessZeroArg, Ctx) &&
      dispatchesAfter(E) && !readsStandardInput()) {
    Frames.back().Reactors.push_back(static_cast<int>(Out.Reactors.size()));
    Out.Reactors.push_back({Caller, Waits.front().Name, Where, /*Turn=*/true});
    Waits.clear(); // the reactor's wait, not a stray one
  }

  // A pointer to an object is never the callable: it is the receiver or
  // context beside one (Qt's `connect(sender, &S::sig, receiver, &R::slot)`
  // lists both positions as handlers, for its overloads), or a runnable
  // whose overridden run() the catalog's handler_overrides know.
  auto IsObjectPointer = [](const Expr *A) {
    QualType T = A->IgnoreParenImpCasts()->getType();
    return T->isPointerType() && T->getPointeeType()->isRecordType();
  };
  // An entry's if_handler_signature keeps the callbacks whose own
  // signature matches (libhv's GET(path, handler): a loop handler or a pool
  // handler by its parameter types).
  auto Handlers = [&](const CatalogEntry &Entry) {
    std::vector<const Expr *> Hs;
    auto Add = [&](const Expr *A) {
      if (A && !IsObjectPointer(A) &&
          (!Entry.IfHandlerSignature ||
           handlerSignatureMatches(*Entry.IfHandlerSignature, A, Ctx)))
        Hs.push_back(A);
    };
    if (Entry.AllHandlers)
      for (const Expr *A : Args)
        Add(A);
    else
      for (ArgIndex I : Entry.Handlers)
        Add(argAt(Args, I));
    return Hs;
  };
  // An entry whose handler signature no callback has is not there.
  auto Absent = [&](const CatalogEntry &Entry) {
    return Entry.IfHandlerSignature && Handlers(Entry).empty();
  };
  auto AddRoots = [&](const std::vector<const Expr *> &Hs,
                      const std::string &Library,
                      const CXXRecordDecl *Receiver = nullptr) {
    for (const Expr *H : Hs) {
      std::vector<std::string> Targets;
      resolveTargets(H, Targets);
      if (Receiver)
        methodsNamedBy(H, Receiver, Targets);
      ObjectRef Receiver = boundReceiver(H, Args);
      for (auto &T : Targets)
        Out.Roots.push_back({T, Short, Library, Caller,
                             Ids.loc(H->IgnoreParenImpCasts()->getExprLoc()),
                             /*Via=*/"", Receiver});
    }
  };
  auto AddOffloads = [&](const std::vector<const Expr *> &Hs, bool Thread,
                         bool AtExit = false) {
    Frame &F = Frames.back();
    bool Singleton = Thread && startsSingletonThread(E, Args);
    for (const Expr *H : Hs) {
      // `queue(env, info, compact_execute)` forwarding its function-pointer
      // parameter as the work: what its callers pass runs on the worker
      // (StoredParamFact with an "offload:" storage), not in this call.
      // (A task, not a thread: a helper starting threads keeps its
      // callback edge, and its threads' bodies their thread facts.)
      if (auto *DRE = dyn_cast<DeclRefExpr>(H->IgnoreParenImpCasts()))
        if (auto *PV = dyn_cast<ParmVarDecl>(DRE->getDecl());
            PV && !Thread && PV->getDeclContext() == F.FD &&
            PV->getType()->isFunctionPointerType()) {
          F.Params[PV].Storages.push_back("offload:" + Short);
          StoredParamRefs.insert(DRE);
          continue;
        }
      if (Thread)
        if (auto *Body = dyn_cast<DeclRefExpr>(H->IgnoreParenImpCasts()))
          if (auto *BodyFD = dyn_cast<FunctionDecl>(Body->getDecl()))
            F.StartedBodies.push_back(BodyFD);
      std::vector<std::string> Targets;
      resolveTargets(H, Targets);
      ObjectRef Receiver = boundReceiver(H, Args);
      for (auto &T : Targets)
        Out.Offloads.push_back(
            {Caller, T, Short, Ids.loc(H->IgnoreParenImpCasts()->getExprLoc()),
             Thread, F.InLoop > 0, F.InAcceptLoop > 0, Receiver, Singleton,
             AtExit});
    }
  };

  bool Registered = false;
  bool Catalogued = false;
  for (const CatalogMatch &M : lookupDecl(Section::Registration, Names, Callee)) {
    const CatalogEntry &En = *M.Entry;
    if (Absent(En))
      continue;
    Registered = true;
    if (!En.Holds.empty())
      recordEntryLocks(En, M.Name, Handlers(En), Args, Object);
    else if (En.OffloadIfArgType &&
        argHasTypeOf(argAt(Args, En.OffloadIfArgType->Index),
                     En.OffloadIfArgType->Types))
      AddOffloads(Handlers(En), false);
    else if (!En.OffloadIfObjectFrom.empty() && Object &&
             privateWorkerLoop(E, Object, En.OffloadIfObjectFrom))
      AddOffloads(Handlers(En), false);
    else {
      // The receiver: the first object among the entry's receiver
      // arguments, else the object the call is made on (Qt's member
      // `connect(sender, SIGNAL(x()), SLOT(y()))` connects to `this`).
      const CXXRecordDecl *ReceiverRD = nullptr;
      if (!En.OffloadIfMoved.empty()) {
        for (ArgIndex I : En.OffloadIfMoved)
          if (const Expr *A = argAt(Args, I); A && !ReceiverRD)
            ReceiverRD = objectRecordOf(A);
        if (!ReceiverRD && Object)
          ReceiverRD = objectRecordOf(Object);
      }
      size_t Before = Out.Roots.size();
      AddRoots(Handlers(En), En.Library, ReceiverRD);
      // Whether the receiver's class is moved to another thread is known
      // when the program is linked (a move in any unit).
      if (ReceiverRD)
        for (size_t R = Before; R < Out.Roots.size(); ++R)
          Out.Roots[R].ReceiverClass = qualifiedName(ReceiverRD);
      std::vector<std::string> Targets;
      templateArgTargets(Callee, Targets);
      for (auto &T : Targets)
        Out.Roots.push_back({T, Short, En.Library, Caller, Where});
      bool Timer = En.Timer;
      if (En.TimerIfFdArg)
        if (const Expr *Fd = valueArgAt(Args, *En.TimerIfFdArg);
            Fd && !Fd->isValueDependent())
          if (auto V = Fd->getIntegerConstantExpr(Ctx); V && V->isNegative())
            Timer = true;
      for (size_t R = Before; R < Out.Roots.size(); ++R) {
        Out.Roots[R].Idle = En.Idle;
        Out.Roots[R].Timer = Timer;
      }
    }
  }
  if (!Registered && isAsyncInitiation(Callee) && !Args.empty()) {
    AddRoots({argAt(Args, -1)}, Cat.asyncLibrary());
    Registered = true;
  }
  // `server.onMessage = [](...) {...};`: a callable assigned to a
  // framework's std::function member that handler_fields names (libhv's
  // hv::TcpServer). The C shape, a plain function stored into a field, is
  // recordStore's.
  if (!Registered && Object && Args.size() == 1 &&
      Callee->getOverloadedOperator() == OO_Equal)
    if (auto *ME = dyn_cast<MemberExpr>(Object->IgnoreParenImpCasts()))
      if (auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl())) {
        Registered = recordCallableField(F, Args[0], Caller);
        // The program's own callback member (`doneCb_ = [this](...) {...}`):
        // calls through it reach the callable.
        if (!Registered && isCallableWrapper(F->getType()))
          recordCallableValue(Args[0], {"field:" + qualifiedName(F)});
      }
  Catalogued |= Registered;

  // `worker->moveToThread(&thread)`: objects of the worker's class live on
  // that thread. A library class (a QTcpSocket, a QTimer moved along with
  // its worker) is too wide a net: every connection to any socket would
  // leave the loop.
  if (Object && !Cat.lookup(Section::ThreadMover, Names).empty()) {
    if (const CXXRecordDecl *RD = objectRecordOf(Object);
        RD && !Ids.inSystemHeader(RD->getLocation()))
      Out.MovedClasses.push_back(qualifiedName(RD));
    Catalogued = true;
  }

  for (const CatalogMatch &M : lookupDecl(Section::Offload, Names, Callee)) {
    const CatalogEntry &En = *M.Entry;
    if ((En.UnlessArg && argNamedOneOf(argAt(Args, En.UnlessArg->Index),
                                       En.UnlessArg->Names)) ||
        Absent(En))
      continue;
    AddOffloads(Handlers(En), En.Thread, En.AtExit);
    Catalogued = true;
  }

  // On a branch that only ends the process (DeadBranches.h) a call runs
  // once, on the way out: registrations and offloads there still count, but
  // what it blocks on or calls is not part of serving requests.
  const bool Fatal = onFatalPath(E);
  for (const CatalogMatch &M : lookupDecl(Section::Blocking, Names, Callee)) {
    const CatalogEntry &En = *M.Entry;
    Catalogued = true;
    if (Fatal || Args.size() < En.MinArgs)
      continue;
    if (En.UnlessArg &&
        pseudoPathArg(argAt(Args, En.UnlessArg->Index), En.UnlessArg->Names))
      continue;
    if (En.UnlessPseudoStream &&
        pseudoStream(argAt(Args, *En.UnlessPseudoStream)))
      continue;
    if (En.Kind == "sync-wait" && startHandshake(Args))
      continue;
    if (En.OnlyIfNullArg) {
      const Expr *A = argAt(Args, *En.OnlyIfNullArg);
      if (!A || !A->IgnoreParenImpCasts()->isNullPointerConstant(
                    Ctx, Expr::NPC_ValueDependentIsNotNull))
        continue;
    }
    if (zeroArg(Args, En.UnlessZeroArg, Ctx))
      continue;
    if (En.UnlessArgType && argHasTypeOf(argAt(Args, En.UnlessArgType->Index),
                                         En.UnlessArgType->Types))
      continue;
    if (En.UnlessArgMemberOf &&
        argIsMemberOf(argAt(Args, En.UnlessArgMemberOf->Index),
                      En.UnlessArgMemberOf->Types))
      continue;
    if (En.UnlessArgBits && argHasBits(argAt(Args, En.UnlessArgBits->Index),
                                       En.UnlessArgBits->Mask, Ctx))
      continue;
    if (En.UnlessObjectReady &&
        objectReady(E,
                    En.UnlessObjectReady->Arg
                        ? argAt(Args, *En.UnlessObjectReady->Arg)
                        : Object,
                    *En.UnlessObjectReady))
      continue;
    BlockingFact B;
    B.Caller = Caller;
    B.Api = M.Name;
    B.Kind = En.Kind;
    B.Alternative = En.Alternative;
    B.AllowedIn = En.AllowedIn;
    B.Where = Where;
    B.RawSocket = En.RawSocket;
    B.Reactor = currentReactor();
    if (!Frames.back().OnceFlags.empty())
      B.OnceFlag = Frames.back().OnceFlags.back();
    B.GuardParam = guardParam(E);
    // A path passed in (`open(filename.c_str())`): callers passing a
    // pseudo-filesystem path do not reach the call.
    if (En.UnlessArg &&
        std::any_of(En.UnlessArg->Names.begin(), En.UnlessArg->Names.end(),
                    [](const std::string &N) { return N.rfind('/', 0) == 0; }))
      B.PathParam = pathParam(argAt(Args, En.UnlessArg->Index));
    for (const CatalogMatch &LM : lookupDecl(Section::Lock, Names, Callee))
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
    if (En.FdArg)
      if (const Expr *A = argAt(Args, *En.FdArg))
        B.Fd = descriptorKey(A);
    if (En.OnlyIfFileFd)
      if (const Expr *A = argAt(Args, *En.OnlyIfFileFd))
        B.Fd = descriptorKey(A);
    B.Report = onFailureReport(E, Ctx, ReportArms);
    Frames.back().Facts.emplace_back(E, Frame::BlockingK, Out.Blocking.size());
    Out.Blocking.push_back(std::move(B));
  }

  // A client call inside a client API the catalog summarises (a generated
  // gRPC stub's Fetch calling BlockingUnaryCall, AsyncFetch calling
  // AsyncFetchRaw, compiled with the program) is the library's internals:
  // its callers' calls are the evidence, counted once each.
  auto InsideClientApi = [&] {
    const FunctionDecl *Cur = Frames.back().FD;
    if (!Cur)
      return false;
    std::vector<std::string> Own{qualifiedName(Cur)};
    return !lookupDecl(Section::AsyncClient, Own, Cur).empty() ||
           !lookupDecl(Section::Blocking, Own, Cur).empty();
  };
  bool Evidence = true;
  for (const CatalogMatch &M : lookupDecl(Section::AsyncClient, Names, Callee))
    if ((Evidence = Evidence && !InsideClientApi()))
      Out.ClientCalls.push_back({Caller, M.Name, M.Entry->Kind, true, Where});
  for (const CatalogMatch &M : lookupDecl(Section::Blocking, Names, Callee))
    if ((M.Entry->Kind == "db" || M.Entry->Kind == "http" ||
         M.Entry->Kind == "rpc") &&
        !(M.Entry->UnlessArgMemberOf &&
          argIsMemberOf(argAt(Args, M.Entry->UnlessArgMemberOf->Index),
                        M.Entry->UnlessArgMemberOf->Types)) &&
        (Evidence = Evidence && !InsideClientApi()))
      Out.ClientCalls.push_back({Caller, M.Name, M.Entry->Kind, false, Where});
  for (const CatalogMatch &M : Waits)
    Out.StrayWaits.push_back({Caller, M.Name, Where});
  for (const CatalogMatch &M : lookupDecl(Section::LoopRunner, Names, Callee)) {
    Out.Runners.push_back({Caller, M.Name, M.Entry->Library, Where});
    Frames.back().RunnerSites.push_back(E);
    Catalogued = true;
  }
  // A server that accepts and hands each connection to a pool thread inside
  // the library: what a hand-written accept loop that spawns is, with no
  // spawn of the program's own to name.
  for (const CatalogMatch &M : lookupDecl(Section::ThreadPoolServer, Names, Callee)) {
    Out.ThreadPerConnection.push_back({Caller, M.Name, "", Where});
    Catalogued = true;
  }

  if (auto *CE = dyn_cast<CallExpr>(E))
    recordNonBlockingSetters(CE, Callee, Args, Names);

  if (Locks.hasLockSemantics(Callee, Names)) {
    Frames.back().HasLockOps = true;
    Catalogued = true;
  } else if (Locks.isLockWrapper(Callee)) {
    Frames.back().HasLockOps = true; // its body is followed as well
  }

  // The catalog summarises what it knows, even when the API is defined in
  // the code being analysed (muduo's ThreadPool::run, hiredis in a deps/
  // folder): its body is not followed.
  if (!Catalogued && !Ids.inSystemHeader(Callee->getLocation()) &&
      !Ids.inSystemHeader(Callee->getCanonicalDecl()->getLocation())) {
    std::string CalleeId = Ids.functionId(Callee);
    if (const auto *CE = dyn_cast<CallExpr>(E);
        CE && followedByUnreachable(CE, Ctx))
      Out.NoReturn.push_back(CalleeId);
    if (Fatal) {
      // Not an edge: it only says that the callee runs on the way out.
      addCall(CalleeId, L, Virtual, false);
      Out.Calls.back().Exit = true;
      return;
    }
    addCall(CalleeId, L, Virtual, false, E);
    Out.Calls.back().Args = knownArgs(Args);
    Out.Calls.back().Report = onFailureReport(E, Ctx, ReportArms);
    Out.Calls.back().Cold =
        Out.Calls.back().Report || onErrorBranch(E, Ctx);
    recordLockArgs(Callee, Args);
    recordObjects(E, Callee, Args);
    // A descriptor passed to an integer parameter: the callee may make it
    // non-blocking (a `set_nonblocking(fd)` helper) or use it.
    for (unsigned I = 0; I < Args.size() && I < Callee->getNumParams(); ++I)
      recordFdCopy(Args[I], "param:" + CalleeId + ":" + std::to_string(I),
                   Callee->getParamDecl(I)->getType());
  }
}

/// The objects a call binds: its receiver (the callee's `this`) and what
/// reference or pointer parameters of class type are passed, when this
/// function can name them (ObjectRefs.h).
void Extractor::recordObjects(const Expr *E, const FunctionDecl *Callee,
                              llvm::ArrayRef<const Expr *> Args) {
  const FunctionDecl *Cur = Frames.back().FD;
  CallFact &C = Out.Calls.back();
  if (auto *CE = dyn_cast<CallExpr>(E))
    C.Receiver = Objects.receiverOf(CE, Cur);
  else if (auto It = ConstructReceivers.find(E); It != ConstructReceivers.end())
    C.Receiver = It->second;
  for (unsigned I = 0; I < Args.size() && I < Callee->getNumParams(); ++I) {
    QualType PT = Callee->getParamDecl(I)->getType();
    // An object or a C library's `void *` handle to one.
    if (!(PT->isReferenceType() || PT->isPointerType()) ||
        !(PT->getPointeeType()->isRecordType() ||
          (PT->isPointerType() && PT->getPointeeType()->isVoidType())))
      continue;
    ObjectRef O = Objects.argumentObject(Args[I], PT->isPointerType(), Cur);
    if (O.known())
      C.ArgObjects.push_back({I, std::move(O)});
  }
}

/// `with_lock(g_mutex)`: the callee's parameter stands for the caller's
/// lock. Globals, members, the caller's own parameters and locals are
/// recorded (a lock the callee may release: what it stands for).
void Extractor::recordLockArgs(const FunctionDecl *Callee,
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
    Locks.setFunction(Frames.back().Id, Frames.back().FD);
    auto [Key, Name] = Locks.lockOf(Args[I]);
    if (Key.rfind("global:", 0) == 0 || Key.rfind("field:", 0) == 0 ||
        Key.rfind("param:", 0) == 0 || Key.rfind("local:", 0) == 0)
      Out.Calls.back().LockArgs.push_back({I, Key, Name});
  }
}

const CXXRecordDecl *Extractor::objectRecordOf(const Expr *E) {
  QualType T = E->IgnoreParenImpCasts()->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  return RD && !RD->isLambda() ? RD : nullptr;
}

/// A handler given as a string that names a method of the receiver: Qt's
/// `SLOT(onRead())`, which is "1onRead()" (a type digit, the signature),
/// also wrapped in a call that tags it with its source location
/// (`qFlagLocation("1onRead()\0file:line")`), and `invokeMethod(obj,
/// "flush")`. Every method of that name in the receiver's class or its
/// bases, written in the analysed code, is a target.
void Extractor::methodsNamedBy(const Expr *H, const CXXRecordDecl *Receiver,
                               std::vector<std::string> &Targets) {
  const Expr *E = H->IgnoreParenImpCasts();
  if (auto *CE = dyn_cast<CallExpr>(E); CE && CE->getNumArgs() >= 1)
    E = CE->getArg(0)->IgnoreParenImpCasts();
  auto *SL = dyn_cast<StringLiteral>(E);
  if (!SL || !SL->isOrdinary())
    return;
  llvm::StringRef S = SL->getString();
  S = S.take_until([](char C) { return C == '\0' || C == '('; });
  S = S.drop_while([](char C) { return C >= '0' && C <= '9'; });
  if (S.empty())
    return;
  const CXXRecordDecl *RD = Receiver->getDefinition();
  if (!RD)
    return;
  auto Visit = [&](const CXXRecordDecl *C) {
    if (Ids.inSystemHeader(C->getLocation()))
      return;
    for (const CXXMethodDecl *MD : C->methods())
      if (MD->getIdentifier() && MD->getName() == S)
        Targets.push_back(Ids.functionId(MD));
  };
  Visit(RD);
  RD->forallBases([&](const CXXRecordDecl *B) {
    Visit(B);
    return true;
  });
}

/// The object a member function handler runs on: the argument after the
/// member pointer, in the registering call (`std::thread(&S::run, &s)`) or
/// in a bind (`std::bind(&S::onMessage, this, _1)`, also wrapped in a
/// std::function).
ObjectRef Extractor::boundReceiver(const Expr *H,
                                   llvm::ArrayRef<const Expr *> Args,
                                   unsigned Depth) {
  if (!H || Depth > 4)
    return {};
  auto IsMethodPointer = [](const Expr *A) {
    A = A->IgnoreParenImpCasts();
    if (auto *UO = dyn_cast<UnaryOperator>(A); UO && UO->getOpcode() == UO_AddrOf)
      A = UO->getSubExpr()->IgnoreParenImpCasts();
    auto *DRE = dyn_cast<DeclRefExpr>(A);
    auto *MD = DRE ? dyn_cast<CXXMethodDecl>(DRE->getDecl()) : nullptr;
    return MD && !MD->isStatic();
  };
  auto After = [&](llvm::ArrayRef<const Expr *> As, size_t I) {
    return I + 1 < As.size()
               ? Objects.boundObject(As[I + 1], Frames.back().FD)
               : ObjectRef();
  };
  for (size_t I = 0; I < Args.size(); ++I)
    if (Args[I] == H && IsMethodPointer(H))
      return After(Args, I);
  const Expr *E = H->IgnoreImplicit()->IgnoreParenCasts()->IgnoreImplicit();
  if (auto *CE = dyn_cast<CallExpr>(E)) {
    llvm::ArrayRef<const Expr *> As(CE->getArgs(), CE->getNumArgs());
    return !As.empty() && IsMethodPointer(As[0]) ? After(As, 0) : ObjectRef();
  }
  if (auto *CCE = dyn_cast<CXXConstructExpr>(E); CCE && CCE->getNumArgs() == 1)
    return boundReceiver(CCE->getArg(0), {}, Depth + 1);
  return {};
}

bool Extractor::isAsyncInitiation(const FunctionDecl *FD) {
  if (!FD->getIdentifier() || !FD->getName().starts_with("async_"))
    return false;
  std::string Q = qualifiedName(FD);
  for (const auto &NS : Cat.asyncNamespaces())
    if (Q.rfind(NS + "::", 0) == 0)
      return true;
  return false;
}

/// Destroying an object of type RD at L: its user-written destructor, or,
/// when the destructor is implicit, those of its members and bases.
void Extractor::addDestructorEdge(const CXXRecordDecl *RD, SourceLocation L,
                                  bool Virtual, unsigned Depth) {
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

void Extractor::addMemberDestructorEdges(const CXXRecordDecl *RD,
                                         SourceLocation L, unsigned Depth) {
  for (const FieldDecl *F : RD->fields())
    if (const CXXRecordDecl *FR = F->getType()->getAsCXXRecordDecl())
      addDestructorEdge(FR, L, false, Depth + 1);
  for (const CXXBaseSpecifier &B : RD->bases())
    addDestructorEdge(B.getType()->getAsCXXRecordDecl(), L, false, Depth + 1);
}

} // namespace extract_detail
} // namespace stallscan
