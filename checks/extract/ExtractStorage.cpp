//===--- ExtractStorage.cpp - Function pointers and descriptors -----------===//
//
// Where values live. A function stored in a struct field or a global
// (`x->read = my_read`, `{"get", getCommand}`, `handlers[SIGINT] = on_int`)
// is an address-taken fact keyed by that storage, and a call through the
// same storage (`c->cmd->proc(c)`) is an indirect call: the analysis joins
// the two across TUs. A function stored that way is claimed, so it is not
// also a callback edge from where it was stored.
//
// Also here: what a handler expression stands for (lambdas, functions,
// functors, bind wrappers, locals initialised with one of these), and the
// stable keys of descriptors opened on files.
//
//===----------------------------------------------------------------------===//
#include "catalog/Catalog.h"
#include "extract/AstHelpers.h"
#include "extract/ExprPredicates.h"
#include "extract/ExtractorImpl.h"
#include "extract/Names.h"
#include "extract/Signature.h"
#include "summary/Summary.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace stallscan {
namespace extract_detail {

/// Where a function pointer lives: a struct field, or a global variable
/// (a table indexed or not). Locals and parameters have no stable storage.
std::string Extractor::storageKey(const Expr *E) {
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
const FunctionDecl *Extractor::functionValue(const Expr *E) {
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
void Extractor::recordStore(const Expr *LHS, const Expr *RHS) {
  // `io->cb = cb;` with `cb` a parameter: a function passed there is
  // stored, not called (StoredParamFact).
  if (auto *DRE = dyn_cast<DeclRefExpr>(stripToDeclRef(RHS->IgnoreImplicit())))
    if (auto *PV = dyn_cast<ParmVarDecl>(DRE->getDecl());
        PV && !Frames.empty() && PV->getDeclContext() == Frames.back().FD &&
        PV->getType()->isFunctionPointerType())
      if (std::string Key = storageKey(LHS); !Key.empty()) {
        Frames.back().Params[PV].Storages.push_back(Key);
        StoredParamRefs.insert(DRE);
        return;
      }
  const FunctionDecl *FD = functionValue(RHS);
  if (!FD)
    return;
  if (std::string Key = storageKey(LHS); !Key.empty())
    Out.AddressTaken.push_back({Ids.functionId(FD), Key});
  if (auto *ME = dyn_cast<MemberExpr>(stripToDeclRef(LHS)))
    if (auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      recordHandlerField(F, FD, RHS);
}

/// The outermost macro that expanded to the code at \p L, if any: a
/// framework's `ev_io_init(w, cb, fd, ev)` rather than the `ev_set_cb` or
/// field store it expands to.
static std::string outermostMacro(SourceLocation L, const SourceManager &SM,
                                  const LangOptions &LO) {
  std::string Name;
  while (L.isMacroID()) {
    if (!SM.isMacroArgExpansion(L))
      Name = Lexer::getImmediateMacroName(L, SM, LO).str();
    L = SM.getImmediateExpansionRange(L).getBegin();
  }
  return Name;
}

/// A function stored into a field that the catalog's handler_fields name
/// (libev's `w->cb`, set by `ev_io_init`): the framework calls it, on its
/// loop or, with "offload", on a worker thread.
void Extractor::recordHandlerField(const FieldDecl *F, const FunctionDecl *FD,
                                   const Expr *Value,
                                   const InitListExpr *Init) {
  auto Matches = Cat.lookup(Section::HandlerField, {qualifiedName(F)});
  llvm::erase_if(Matches, [&](const CatalogMatch &M) {
    return M.Entry->IfHandlerSignature &&
           !signatureMatches(*M.Entry->IfHandlerSignature, FD, Ctx);
  });
  if (Matches.empty())
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  std::string Api = outermostMacro(Value->getBeginLoc(), SM, Ctx.getLangOpts());
  const char *Via = "macro";
  if (Api.empty()) {
    Api = Matches.front().Name;
    Via = "field";
  }
  std::string Handler = Ids.functionId(FD);
  std::string Registrar = Frames.empty() ? Handler : Frames.back().Id;
  Loc Where = Ids.loc(Value->IgnoreParenImpCasts()->getExprLoc());
  for (const CatalogMatch &M : Matches) {
    if (!M.Entry->Holds.empty())
      recordEntryLockField(M, F, FD, Value, Init);
    else if (M.Entry->Offload)
      Out.Offloads.push_back({Registrar, Handler, Api, Where});
    else
      Out.Roots.push_back(
          {Handler, Api, M.Entry->Library, Registrar, Where, Via});
  }
}

/// A callable object (a lambda, a std::bind, a function) stored into a
/// framework's callback member that handler_fields names, either assigned
/// (`server.onMessage = [](...) {...};`, libhv's hv::TcpServer) or given in
/// an initializer (`{.message = [](auto *ws, ...) {...}}`, a uWebSockets
/// WebSocketBehavior): the member is a std::function or a library's own
/// function wrapper, so the callable is found through its construction.
/// Whether the field is one the catalog names.
bool Extractor::recordCallableField(const FieldDecl *F, const Expr *Value,
                                    const std::string &Caller) {
  auto Matches = Cat.lookup(Section::HandlerField, {qualifiedName(F)});
  if (Matches.empty())
    return false;
  // `service.errorHandler = f`: the std::function overload of the wrapper's
  // operator= that f was converted to says which entry it is.
  llvm::erase_if(Matches, [&](const CatalogMatch &M) {
    return M.Entry->IfHandlerSignature &&
           !handlerSignatureMatches(*M.Entry->IfHandlerSignature, Value, Ctx);
  });
  if (Matches.empty())
    return false;
  std::vector<std::string> Targets;
  resolveTargets(Value, Targets);
  Loc At = Ids.loc(Value->IgnoreParenImpCasts()->getExprLoc());
  std::string Field = qualifiedName(F);
  for (const CatalogMatch &M : Matches)
    for (auto &T : Targets) {
      if (M.Entry->Offload)
        Out.Offloads.push_back({Caller, T, Field, At});
      else
        Out.Roots.push_back(
            {T, Field, M.Entry->Library, Caller, At, /*Via=*/"field"});
    }
  return true;
}

/// Whether the entry's unless_overrider_in names the class of the overriding
/// method MD (a generated placeholder, not the program's handler).
static bool overriderExcluded(const CatalogEntry &En, const CXXMethodDecl *MD) {
  if (En.UnlessOverriderIn.empty())
    return false;
  std::string Class = qualifiedName(MD->getParent());
  for (const std::string &G : En.UnlessOverriderIn)
    if (globMatch(G, Class))
      return true;
  return false;
}

/// A method overriding a virtual that the catalog's handler_overrides name
/// (a gRPC reactor's `OnReadDone`, `QThread::run`): the framework calls it.
void Extractor::recordHandlerOverrides(const CXXMethodDecl *MD) {
  if (isa<CXXDestructorDecl>(MD) || Ids.inSystemHeader(MD->getLocation()))
    return;
  if (auto *CD = dyn_cast<CXXConstructorDecl>(MD))
    return recordBaseConstructorHandler(CD);
  llvm::SmallVector<const CXXMethodDecl *, 4> Work(
      MD->overridden_methods().begin(), MD->overridden_methods().end());
  std::string Id = Ids.functionId(MD);
  Loc Where = Ids.loc(MD->getLocation());
  for (size_t I = 0; I < Work.size() && I < 64; ++I) {
    const CXXMethodDecl *O = Work[I];
    std::string Name = qualifiedName(O);
    for (const CatalogMatch &M :
         lookupDecl(Section::HandlerOverride, {Name}, O)) {
      if (overriderExcluded(*M.Entry, MD))
        continue;
      if (M.Entry->Offload)
        Out.Offloads.push_back({Id, Id, Name, Where});
      else
        Out.Roots.push_back(
            {Id, Name, M.Entry->Library, Id, Where, "override"});
      // The framework serves each request on a pool thread of its own
      // (gRPC's sync Service): thread-per-request evidence, with no accept
      // or spawn of the program's own to name ("override" says how).
      if (M.Entry->ThreadPoolServer)
        Out.ThreadPerConnection.push_back({Id, Name, "override", Where});
      return;
    }
    Work.append(O->overridden_methods().begin(), O->overridden_methods().end());
  }
}

/// A constructor of a class derived from one whose constructor the
/// catalog's handler_overrides name (node-addon-api's `ObjectWrap<T>`: the
/// runtime constructs `T` when JS calls `new`), directly or through
/// intermediate classes: the framework calls it.
void Extractor::recordBaseConstructorHandler(const CXXConstructorDecl *CD) {
  const CXXRecordDecl *RD = CD->getParent();
  if (!RD || !RD->hasDefinition() || CD->isCopyOrMoveConstructor())
    return;
  llvm::SmallVector<const CXXRecordDecl *, 4> Work{RD};
  for (size_t I = 0; I < Work.size() && I < 64; ++I) {
    for (const CXXBaseSpecifier &B : Work[I]->bases()) {
      const CXXRecordDecl *Base = B.getType()->getAsCXXRecordDecl();
      if (!Base)
        continue;
      std::string Ctor = qualifiedName(Base) + "::" + Base->getNameAsString();
      // Only an entry naming the constructor itself: a glob for a class's
      // methods ("*::WithCallbackMethod_*::*") is no claim about it.
      // (An entry that also matches a member no class has is such a glob.)
      auto Matches = Cat.lookup(Section::HandlerOverride, {Ctor});
      if (!Matches.empty() &&
          Cat.lookup(Section::HandlerOverride,
                     {qualifiedName(Base) + "::<no such member>"})
              .empty()) {
        const CatalogMatch &M = Matches.front();
        std::string Id = Ids.functionId(CD);
        Loc Where = Ids.loc(CD->getLocation());
        if (M.Entry->Offload)
          Out.Offloads.push_back({Id, Id, Ctor, Where});
        else
          Out.Roots.push_back(
              {Id, qualifiedName(Base), M.Entry->Library, Id, Where, "base"});
        return;
      }
      if (Base->hasDefinition())
        Work.push_back(Base->getDefinition());
    }
  }
}

/// A function the runtime calls by its symbol name (entry_functions: the
/// `napi_register_module_v1` that Node-API's NAPI_MODULE_INIT defines).
void Extractor::recordEntryFunction(const FunctionDecl *FD) {
  if (!FD->getIdentifier() || Ids.inSystemHeader(FD->getLocation()))
    return;
  std::string Name = qualifiedName(FD);
  for (const CatalogMatch &M : Cat.lookup(Section::EntryFunction, {Name})) {
    std::string Id = Ids.functionId(FD);
    Out.Roots.push_back({Id, Name, M.Entry->Library, Id,
                         Ids.loc(FD->getLocation()), "symbol"});
    return;
  }
}

/// Functions given to a call as template arguments
/// (`InstanceMethod<&Counter::get>("get")`, node-addon-api's compile-time
/// callbacks): handlers of a registration as much as its arguments are.
void Extractor::templateArgTargets(const FunctionDecl *Callee,
                                   std::vector<std::string> &Out) {
  const TemplateArgumentList *TA = Callee->getTemplateSpecializationArgs();
  if (!TA)
    return;
  for (const TemplateArgument &A : TA->asArray()) {
    const ValueDecl *VD = nullptr;
    if (A.getKind() == TemplateArgument::Declaration)
      VD = A.getAsDecl();
    else if (A.getKind() == TemplateArgument::StructuralValue) {
      const APValue &V = A.getAsStructuralValue();
      if (V.isMemberPointer())
        VD = V.getMemberPointerDecl();
      else if (V.isLValue())
        VD = V.getLValueBase().dyn_cast<const ValueDecl *>();
    }
    if (auto *FD = dyn_cast_or_null<FunctionDecl>(VD))
      if (!Ids.inSystemHeader(FD->getLocation()))
        Out.push_back(Ids.functionId(FD));
  }
}

/// Struct and array initializers, including designated ones and tables
/// built by macros: `{"get", getCommand, ...}`, `.read = my_read`.
bool Extractor::VisitInitListExpr(InitListExpr *ILE) {
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
      const Expr *Init = Sem->getInit(I);
      if (const FunctionDecl *FD = functionValue(Init)) {
        Out.AddressTaken.push_back(
            {Ids.functionId(FD), "field:" + qualifiedName(F)});
        recordHandlerField(F, FD, Init, Sem);
      } else if (!Frames.empty() && F->getType()->isRecordType())
        recordCallableField(F, Init, Frames.back().Id);
      ++I;
    }
  }
  return true;
}

bool Extractor::VisitVarDecl_Storage(VarDecl *VD) {
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

/// `c->cmd->proc(c)`, `handlers[i](ev)`: a call through a function pointer
/// kept in a field or global, resolved at link time by storage. Also
/// `doneCb_(this, code)`: a call through a callable wrapper kept in a field.
void Extractor::recordIndirectCall(const CallExpr *CE) {
  if (CE->isTypeDependent())
    return;
  std::string Key;
  if (auto *OC = dyn_cast<CXXOperatorCallExpr>(CE)) {
    if (OC->getOperator() != OO_Call || OC->getNumArgs() == 0)
      return;
    const Expr *Obj = OC->getArg(0)->IgnoreParenImpCasts();
    if (!isa<MemberExpr>(Obj) || !isCallableWrapper(Obj->getType()))
      return;
    Key = storageKey(Obj);
  } else if (const Expr *Callee = CE->getCallee();
             Callee && !isa<CXXMemberCallExpr>(CE)) {
    Key = storageKey(Callee);
  }
  if (Key.empty())
    return;
  Out.IndirectCalls.push_back(
      {Frames.back().Id, Key, Ids.loc(CE->getBeginLoc()), currentReactor()});
}

/// A library's callable wrapper (std::function, boost::function,
/// folly::Function, absl::AnyInvocable...): a class declared in a system
/// header with an operator() of its own or of a base; not a closure type.
bool Extractor::isCallableWrapper(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || RD->isLambda() || !RD->hasDefinition() ||
      !Ids.inSystemHeader(RD->getLocation()))
    return false;
  RD = RD->getDefinition();
  DeclarationName Call = Ctx.DeclarationNames.getCXXOperatorName(OO_Call);
  bool Found = !RD->lookup(Call).empty();
  if (!Found)
    RD->forallBases([&](const CXXRecordDecl *Base) {
      Found = Found || !Base->lookup(Call).empty();
      return true;
    });
  return Found;
}

namespace {
/// The uses of a parameter in a function, and the fields those that only
/// store it go into (`doneCb_ = cb`, `cb_ = std::move(cb)`).
struct ParamStores : RecursiveASTVisitor<ParamStores> {
  const ParmVarDecl *PV;
  unsigned Uses = 0;
  std::vector<const FieldDecl *> Fields;
  bool VisitDeclRefExpr(DeclRefExpr *D) {
    Uses += D->getDecl() == PV;
    return true;
  }
  void store(const FieldDecl *F, const Expr *Value) {
    if (F && objectVariable(Value) == PV)
      Fields.push_back(F);
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *OC) {
    if (OC->getOperator() == OO_Equal && OC->getNumArgs() == 2)
      if (auto *ME = dyn_cast<MemberExpr>(OC->getArg(0)->IgnoreParenImpCasts()))
        store(dyn_cast<FieldDecl>(ME->getMemberDecl()), OC->getArg(1));
    return true;
  }
};
} // namespace

/// The callable-wrapper fields that parameter I of Callee is only stored
/// into (`void setDoneCallback(const DoneCallback &cb) { doneCb_ = cb; }`,
/// a constructor's `cb_(std::move(cb))`). Empty when the body is not in
/// this TU, or when it calls the parameter, passes it on or captures it.
const std::vector<std::string> &
Extractor::storedCallableFields(const FunctionDecl *Callee, unsigned I) {
  auto [It, New] = CallableSetters.try_emplace({Callee->getCanonicalDecl(), I});
  const FunctionDecl *Def = nullptr;
  if (!New || !Callee->hasBody(Def) || !Def || I >= Def->getNumParams() ||
      !isCallableWrapper(Def->getParamDecl(I)->getType()))
    return It->second;
  ParamStores Scan;
  Scan.PV = Def->getParamDecl(I);
  if (auto *CD = dyn_cast<CXXConstructorDecl>(Def))
    for (const CXXCtorInitializer *Init : CD->inits())
      if (Init->isWritten() && Init->getInit()) {
        Scan.TraverseStmt(Init->getInit());
        if (Init->isMemberInitializer())
          Scan.store(Init->getMember(), Init->getInit());
      }
  Scan.TraverseStmt(Def->getBody());
  if (Scan.Fields.empty() || Scan.Fields.size() != Scan.Uses ||
      !llvm::all_of(Scan.Fields, [&](const FieldDecl *F) {
        return isCallableWrapper(F->getType());
      }))
    return It->second;
  for (const FieldDecl *F : Scan.Fields)
    It->second.push_back("field:" + qualifiedName(F));
  return It->second;
}

/// What a callable value given to a callable-wrapper field stands for is
/// reached by the calls through that field (IndirectCallFact). It stays a
/// callback from where it was given as well.
void Extractor::recordCallableValue(const Expr *Value,
                                    const std::vector<std::string> &Keys) {
  std::vector<std::string> Targets;
  llvm::DenseSet<const Stmt *> Probe; // found, not claimed
  resolveTargets(Value, Targets, 0, &Probe);
  for (const std::string &T : Targets)
    for (const std::string &K : Keys)
      Out.AddressTaken.push_back({T, K});
}

/// Callables passed to the program's own setters of callable-wrapper
/// fields: `req->setDoneCallback(std::bind(&Downloader::onDone, this, _1))`.
void Extractor::recordCallableStores(const FunctionDecl *Callee,
                                     llvm::ArrayRef<const Expr *> Args) {
  for (unsigned I = 0; I < Args.size() && I < Callee->getNumParams(); ++I)
    if (const std::vector<std::string> &Keys = storedCallableFields(Callee, I);
        !Keys.empty())
      recordCallableValue(Args[I], Keys);
}

/// Functions that a handler expression stands for: a lambda, a function or
/// member pointer, a functor, what std::bind/bind_front_handler wrap, a
/// local variable initialised with one of these.
void Extractor::resolveTargets(const Expr *E, std::vector<std::string> &Out,
                               unsigned Depth,
                               llvm::DenseSet<const Stmt *> *ClaimSet) {
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
      else if (!isa<ParmVarDecl>(VD) && !Ids.inSystemHeader(VD->getLocation()))
        resolveTargets(VD->getInit(), Out, Depth + 1, ClaimSet);
    }
    return;
  }
  if (auto *UO = dyn_cast<UnaryOperator>(E)) {
    resolveTargets(UO->getSubExpr(), Out, Depth + 1, ClaimSet);
    return;
  }
  // `hidle_add(loop, [](hidle_t *) {...}, n)`: a captureless lambda
  // converted to a C function pointer stands for its call operator.
  if (auto *MCE = dyn_cast<CXXMemberCallExpr>(E))
    if (auto *Conv = dyn_cast_or_null<CXXConversionDecl>(MCE->getMethodDecl());
        Conv && Conv->getParent()->isLambda()) {
      resolveTargets(MCE->getImplicitObjectArgument(), Out, Depth + 1,
                     ClaimSet);
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

bool Extractor::isFileOpen(const Expr *E) {
  auto *CE = dyn_cast<CallExpr>(E->IgnoreParenCasts());
  if (!CE || !CE->getDirectCallee())
    return false;
  llvm::ArrayRef<const Expr *> Args(CE->getArgs(), CE->getNumArgs());
  for (const CatalogMatch &M :
       Cat.lookup(Section::FileOpener, calleeNames(CE->getDirectCallee(), CE)))
    if (!M.Entry->UnlessArg ||
        !pseudoPathArg(argAt(Args, M.Entry->UnlessArg->Index),
                       M.Entry->UnlessArg->Names))
      return true;
  return false;
}

std::string Extractor::fdKey(const VarDecl *VD) {
  if (VD->hasLocalStorage())
    return "local:" + Frames.back().Id + ":" + VD->getName().str() + ":" +
           std::to_string(Ids.loc(VD->getLocation()).Line);
  std::string Key = qualifiedName(VD);
  if (!VD->isExternallyVisible()) // `static int Fd;` in two TUs
    Key += "@" + Out.MainFile;
  return Key;
}

/// A stable key for the descriptor (or lock) an expression names.
std::string Extractor::fdKeyOf(const Expr *E) {
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

/// Like fdKeyOf, and a parameter is "param:<function>:<index>": a helper's
/// descriptor parameter links its callers' descriptors to its own uses.
std::string Extractor::descriptorKey(const Expr *E) {
  const Expr *S = E->IgnoreParenCasts();
  if (auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (auto *PVD = dyn_cast<ParmVarDecl>(DRE->getDecl())) {
      auto *FD = dyn_cast_or_null<FunctionDecl>(PVD->getDeclContext());
      if (!FD)
        return {};
      return "param:" + Ids.functionId(FD) + ":" +
             std::to_string(PVD->getFunctionScopeIndex());
    }
  return fdKeyOf(E);
}

namespace {
/// Whether E has any bit of Mask set: as a constant, or in a constant or-ed
/// into it (`flags | O_NONBLOCK`); never through a `~` or an `&`.
bool mayHaveBits(const Expr *E, uint64_t Mask, ASTContext &Ctx) {
  if (!E)
    return false;
  E = E->IgnoreParenCasts();
  if (argHasBits(E, Mask, Ctx))
    return true;
  if (auto *BO = dyn_cast<BinaryOperator>(E))
    if (BO->getOpcode() == BO_Or)
      return mayHaveBits(BO->getLHS(), Mask, Ctx) ||
             mayHaveBits(BO->getRHS(), Mask, Ctx);
  return false;
}

bool equalsValue(const Expr *E, uint64_t Value, ASTContext &Ctx) {
  Expr::EvalResult R;
  return E && !E->isValueDependent() && E->EvaluateAsInt(R, Ctx) &&
         R.Val.getInt().getZExtValue() == Value;
}

bool setterApplies(const CatalogEntry &En, llvm::ArrayRef<const Expr *> Args,
                   ASTContext &Ctx) {
  if (En.IfArgBits &&
      !mayHaveBits(argAt(Args, En.IfArgBits->Index), En.IfArgBits->Mask, Ctx))
    return false;
  if (En.IfArgValue &&
      !equalsValue(argAt(Args, En.IfArgValue->Index), En.IfArgValue->Mask, Ctx))
    return false;
  return true;
}
} // namespace

/// `socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)`: a call whose result is
/// a non-blocking descriptor.
bool Extractor::isNonBlockingResult(const Expr *E) {
  auto *CE = dyn_cast<CallExpr>(E->IgnoreParenCasts());
  if (!CE || !CE->getDirectCallee())
    return false;
  llvm::ArrayRef<const Expr *> Args(CE->getArgs(), CE->getNumArgs());
  for (const CatalogMatch &M :
       Cat.lookup(Section::NonBlocking,
                  calleeNames(CE->getDirectCallee(), CE)))
    if (M.Entry->FdIsResult && setterApplies(*M.Entry, Args, Ctx))
      return true;
  return false;
}

/// `fcntl(fd, F_SETFL, flags | O_NONBLOCK)`: fd's key is non-blocking; on a
/// parameter, the function makes its callers' descriptors non-blocking.
void Extractor::recordNonBlockingSetters(
    const CallExpr *CE, const FunctionDecl *Callee,
    llvm::ArrayRef<const Expr *> Args, const std::vector<std::string> &Names) {
  for (const CatalogMatch &M : Cat.lookup(Section::NonBlocking, Names))
    if (M.Entry->FdArg && setterApplies(*M.Entry, Args, Ctx))
      if (const Expr *A = argAt(Args, *M.Entry->FdArg))
        if (std::string Key = descriptorKey(A); !Key.empty())
          Out.NonBlockingFds.push_back(Key);
}

/// A descriptor copied into To (a variable, field, parameter or return
/// value of integer type): from another key, or from a function's result.
void Extractor::recordFdCopy(const Expr *From, const std::string &To,
                             QualType ToType) {
  if (!From || To.empty() || ToType.isNull() ||
      !ToType.getNonReferenceType()->isIntegerType() ||
      ToType->isBooleanType() || ToType->isAnyCharacterType())
    return;
  const Expr *S = From->IgnoreParenCasts();
  std::string Key;
  if (auto *CE = dyn_cast<CallExpr>(S)) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD || Ids.inSystemHeader(FD->getLocation()))
      return;
    Key = "ret:" + Ids.functionId(FD);
  } else {
    Key = descriptorKey(S);
  }
  if (!Key.empty() && Key != To)
    Out.FdFlows.push_back({std::move(Key), To});
}

} // namespace extract_detail
} // namespace stallscan
