//===--- LockClassifier.cpp - What a call does to locks -------------------===//
//
// Catalog ops (acquire, release, try, guard, guard member calls, lock-all,
// cv-wait) map to LockEvents; without a catalog entry, Clang's thread-safety
// attributes say the same (acquire_capability, release_capability,
// try_acquire_capability, scoped_lockable constructors), with attribute
// arguments mapped from parameters to the call's arguments.
//
// A function whose body is in the TU and that, on every normal exit, holds
// a lock it was given (a parameter, a member of one, a global), releases one,
// or returns a try-lock's result, is a lock wrapper: calls to it are lock
// operations like the catalog's, with the parameter-derived lock mapped onto
// the call's argument (`lock_stats(&g_stats)` takes `g_stats.mu`). Its body
// is analysed once, by the same lock flow, with the parameters' locks named
// "param:~w:<index>[:<field>]", so wrappers of wrappers map through.
//
// Lock keys tell what kind of object the lock is, because that decides
// whether every request shares it: "global:" (globals, static members,
// members of global or singleton objects, ObjectRefs.h), "thread:" (a
// thread_local: one per thread), "field:Class::member" (a member of another
// object; "field:Class::member|<object>" when the object is named relative
// to the function: its `this`, a parameter, a local, resolved at link),
// "local:", "param:", and "expr:" for anything else (compared within one
// function).
//
//===----------------------------------------------------------------------===//
#include "extract/LockClassifier.h"
#include "catalog/Catalog.h"
#include "extract/AstHelpers.h"
#include "extract/Names.h"
#include "extract/ObjectRefs.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseSet.h"
#include <map>
#include <optional>

using namespace clang;

namespace stallscan {

class LockClassifier::Impl {
public:
  Impl(ASTContext &Ctx, const Catalog &Cat, ObjectResolver &Objects)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Cat(Cat), Objects(Objects) {}

  std::string Fn;                  ///< id of the function being classified
  const FunctionDecl *CurFD = nullptr; ///< and its declaration
  std::map<std::string, ObjectRef> KeyObjects; ///< member locks' objects

  std::string globalKey(const VarDecl *VD) { return Objects.globalKey(VD); }

  /// The key of lock O (a member lock, O's path ends with it): "global:"
  /// when its object is a global's, else "field:Class::member", with the
  /// object when the function names it.
  std::string memberKey(const ObjectRef &O, const ValueDecl *Member) {
    if (O.Base.rfind("global:", 0) == 0)
      return O.Base + O.Path;
    std::string Key = "field:" + qualifiedName(Member);
    if (O.known()) {
      Key += "|" + O.Base + O.Path;
      KeyObjects[Key] = O;
    }
    return Key;
  }

  std::string exprText(const Expr *E) {
    return Lexer::getSourceText(
               CharSourceRange::getTokenRange(SM.getFileLoc(E->getBeginLoc()),
                                              SM.getFileLoc(E->getEndLoc())),
               SM, Ctx.getLangOpts())
        .str();
  }

  /// The lock an expression names: its stable key and how it is written.
  /// Keys say what kind of object the lock is: "global:" (globals, static
  /// members: shared by every request), "field:Class::member", "local:",
  /// "param:", or "expr:" for anything else (compared within a function).
  std::pair<std::string, std::string> lockOf(const Expr *E) {
    const Expr *Bare = stripToDeclRef(E);
    std::string Name = exprText(Bare);
    if (WrapperFD)
      if (auto W = wrapperParamLock(Bare))
        return {*W, Name};
    if (auto *DRE = dyn_cast<DeclRefExpr>(Bare))
      if (auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
        if (auto *P = dyn_cast<ParmVarDecl>(VD))
          return {"param:" + Fn + ":" +
                      std::to_string(P->getFunctionScopeIndex()),
                  Name};
        if (VD->getTLSKind() != VarDecl::TLS_None)
          return {"thread:" + globalKey(VD), Name};
        if (VD->hasLocalStorage())
          return {"local:" + Fn + ":" + Name, Name};
        return {"global:" + globalKey(VD), Name};
      }
    if (auto *ME = dyn_cast<MemberExpr>(Bare))
      if (isa<FieldDecl>(ME->getMemberDecl()))
        // A member of a global object or of a singleton (`Registry::get().mu`)
        // is one lock for the whole program, like a global.
        return {memberKey(Objects.objectOf(Bare, CurFD), ME->getMemberDecl()),
                Name};
    return {"expr:" + Fn + ":" + Name, Name};
  }

  static bool isLockTag(const Expr *A, LockEvent::Mode &Mode) {
    const CXXRecordDecl *RD = A->getType()->getAsCXXRecordDecl();
    if (!RD || !RD->getIdentifier())
      return false;
    llvm::StringRef N = RD->getName();
    if (N == "defer_lock_t")
      Mode = LockEvent::Defer;
    else if (N == "adopt_lock_t")
      Mode = LockEvent::Adopt;
    else if (N == "try_to_lock_t")
      Mode = LockEvent::TryTo;
    else
      return false;
    return true;
  }

  static const VarDecl *varOf(const Expr *E) {
    if (!E)
      return nullptr;
    if (auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
      return dyn_cast<VarDecl>(DRE->getDecl());
    return nullptr;
  }

  /// The local guard variable a move or copy reads: `g`, `std::move(g)`.
  static const VarDecl *movedVar(const Expr *E) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (auto *CE = dyn_cast<CallExpr>(E))
      if (CE->isCallToStdMove() && CE->getNumArgs() == 1)
        E = CE->getArg(0);
    const VarDecl *V = varOf(E);
    return V && V->hasLocalStorage() ? V : nullptr;
  }

  /// Whether RD is a guard class of the catalog (its constructor is one).
  bool isCatalogGuard(const CXXRecordDecl *RD) {
    if (!RD || !RD->getIdentifier())
      return false;
    for (const CatalogMatch &M : Cat.lookup(
             Section::Lock, {qualifiedName(RD) + "::" + RD->getName().str()}))
      if (M.Entry->Kind == "guard" || M.Entry->Kind == "guard-shared")
        return true;
    return false;
  }

  /// For a release: `guard.release()` as the subject, or a local pointer.
  void releaseSubject(const Expr *Subject, LockEvent &Ev) {
    const Expr *E = Subject->IgnoreParenImpCasts();
    if (auto *MCE = dyn_cast<CXXMemberCallExpr>(E)) {
      if (const FunctionDecl *FD = MCE->getDirectCallee())
        for (const CatalogMatch &M :
             Cat.lookup(Section::Lock, calleeNames(FD, MCE)))
          if (M.Entry->Kind == "guard-release")
            Ev.ReleasedGuard = varOf(MCE->getImplicitObjectArgument());
      return;
    }
    if (const VarDecl *V = varOf(E);
        V && V->hasLocalStorage() && V->getType()->isPointerType())
      Ev.SubjectVar = V;
  }

  /// Locks named by a thread-safety attribute's arguments, evaluated at the
  /// call: parameters map to arguments, `this` and members to the object.
  template <typename AttrT>
  void attrLocks(const AttrT *A, const FunctionDecl *FD,
                 llvm::ArrayRef<const Expr *> Args, const Expr *Object,
                 LockEvent &Ev) {
    auto Add = [&](const std::pair<std::string, std::string> &L) {
      Ev.Keys.push_back(L.first);
      Ev.Names.push_back(L.second);
    };
    bool Any = false;
    for (const Expr *E : A->args()) {
      Any = true;
      E = E->IgnoreParenImpCasts();
      if (auto *DRE = dyn_cast<DeclRefExpr>(E)) {
        if (auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl())) {
          unsigned I = P->getFunctionScopeIndex();
          if (I < Args.size())
            Add(lockOf(Args[I]));
          continue;
        }
        if (auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
          Add({"global:" + globalKey(VD), exprText(E)});
          continue;
        }
      }
      if (auto *ME = dyn_cast<MemberExpr>(E)) {
        // A member of the object the method is called on.
        ObjectRef O;
        if (Object)
          O = ObjectResolver::member(
              Object->getType()->isPointerType()
                  ? Objects.pointeeOf(Object, CurFD)
                  : Objects.objectOf(Object, CurFD),
              ME->getMemberDecl()->getNameAsString());
        Add({memberKey(O, ME->getMemberDecl()),
             ME->getMemberDecl()->getNameAsString()});
        continue;
      }
      if (isa<CXXThisExpr>(E) && Object)
        Add(lockOf(Object));
    }
    if (!Any && Object)
      Add(lockOf(Object));
    (void)FD;
  }

  // --- Lock wrappers ------------------------------------------------------

  struct Wrapper {
    LockEvent::Kind K = LockEvent::None;
    bool Shared = false;
    std::vector<std::string> Keys, Names;
  };

  static constexpr const char *WrapperParam = "param:~w:";

  /// The parameter of the wrapper being analysed: a mutex parameter, or the
  /// lock member of a struct parameter (`&s->mu`, `s.mu`).
  std::optional<std::string> wrapperParamLock(const Expr *Bare) {
    auto ParamIndex = [&](const Expr *E) -> std::optional<unsigned> {
      E = E->IgnoreParenImpCasts();
      if (auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_Deref)
        E = UO->getSubExpr()->IgnoreParenImpCasts();
      if (auto *DRE = dyn_cast<DeclRefExpr>(E))
        if (auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl());
            P && P->getDeclContext() == WrapperFD)
          return P->getFunctionScopeIndex();
      return std::nullopt;
    };
    if (auto I = ParamIndex(Bare))
      return WrapperParam + std::to_string(*I);
    if (auto *ME = dyn_cast<MemberExpr>(Bare))
      if (auto *FDl = dyn_cast<FieldDecl>(ME->getMemberDecl())) {
        if (auto I = ParamIndex(ME->getBase()))
          return WrapperParam + std::to_string(*I) + ":" + fieldId(FDl);
        // A method locking a member of its object (`mu_.lock()`).
        if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
          return std::string(WrapperParam) + "this:" + fieldId(FDl);
      }
    return std::nullopt;
  }

  std::string fieldId(const FieldDecl *F) {
    Fields[std::to_string(reinterpret_cast<uintptr_t>(F))] = F;
    return std::to_string(reinterpret_cast<uintptr_t>(F));
  }

  /// A wrapper's lock, as the call at hand names it.
  std::pair<std::string, std::string>
  mapWrapperLock(const std::string &Key, const std::string &Name,
                 llvm::ArrayRef<const Expr *> Args, const Expr *Object) {
    if (Key.rfind(WrapperParam, 0) != 0)
      return {Key, Name}; // a global or a member: the same lock everywhere
    llvm::StringRef Rest = llvm::StringRef(Key).drop_front(strlen(WrapperParam));
    auto [IndexText, FieldText] = Rest.split(':');
    const Expr *A = nullptr;
    unsigned Index = 0;
    if (IndexText == "this")
      A = Object;
    else if (!IndexText.getAsInteger(10, Index) && Index < Args.size())
      A = Args[Index];
    if (!A)
      return {"", ""};
    if (FieldText.empty())
      return lockOf(A);
    const FieldDecl *F = Fields.count(FieldText.str())
                             ? Fields[FieldText.str()]
                             : nullptr;
    if (!F)
      return {"", ""};
    // The member of the object the argument points to (or is).
    const Expr *X = A->IgnoreParenImpCasts();
    bool Pointer = X->getType()->isPointerType();
    if (auto *UO = dyn_cast<UnaryOperator>(X); UO && UO->getOpcode() == UO_AddrOf) {
      X = UO->getSubExpr()->IgnoreParenImpCasts();
      Pointer = false;
    }
    if (isa<CXXThisExpr>(X)) {
      if (WrapperFD) // a method's wrapper calling another on its object
        return {std::string(WrapperParam) + "this:" + FieldText.str(), Name};
      return {"field:" + qualifiedName(F), F->getNameAsString()};
    }
    std::string Member = F->getNameAsString();
    std::string Written = exprText(X) + (Pointer ? "->" : ".") + Member;
    if (auto *DRE = dyn_cast<DeclRefExpr>(X)) {
      if (auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl());
          P && WrapperFD && P->getDeclContext() == WrapperFD)
        return {WrapperParam + std::to_string(P->getFunctionScopeIndex()) +
                    ":" + FieldText.str(),
                Written};
      if (auto *V = dyn_cast<VarDecl>(DRE->getDecl());
          V && !Pointer && !V->isLocalVarDecl() && !isa<ParmVarDecl>(V) &&
          !V->getType()->isReferenceType())
        return {"global:" + globalKey(V) + "." + Member, Written};
    }
    return {"field:" + qualifiedName(F), Written};
  }

  /// Whether FD's body calls a lock operation or a lock wrapper.
  bool touchesLocks(const FunctionDecl *FD) {
    struct Scan : RecursiveASTVisitor<Scan> {
      Impl &Self;
      const FunctionDecl *Self_FD;
      bool Found = false;
      Scan(Impl &Self, const FunctionDecl *FD) : Self(Self), Self_FD(FD) {}
      bool TraverseLambdaExpr(LambdaExpr *) { return true; }
      bool VisitCallExpr(CallExpr *CE) {
        const FunctionDecl *C = CE->getDirectCallee();
        if (!C || C == Self_FD)
          return true;
        if (Self.hasLockSemantics(C, calleeNames(C, CE)) ||
            Self.isLockWrapper(C))
          Found = true;
        return !Found;
      }
    } V(*this, FD);
    V.TraverseStmt(const_cast<Stmt *>(FD->getBody()));
    return V.Found;
  }

  static bool isWrapperLockKey(const std::string &K) {
    return K.rfind("param:~w:", 0) == 0 || K.rfind("global:", 0) == 0 ||
           K.rfind("field:", 0) == 0;
  }

  /// What calling FD does to locks, from its body (memoised).
  const Wrapper &wrapperOf(const FunctionDecl *FD) {
    static const Wrapper NoWrapper;
    const FunctionDecl *Def = FD->getDefinition();
    if (!Def || !Def->hasBody() || isa<CXXConstructorDecl>(Def) ||
        isa<CXXDestructorDecl>(Def) || Def->isDependentContext() ||
        SM.isInSystemHeader(SM.getExpansionLoc(Def->getLocation())))
      return NoWrapper;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(Def); MD && MD->isVirtual())
      return NoWrapper; // a call may dispatch to another body
    if (auto It = Wrappers.find(Def); It != Wrappers.end())
      return It->second;
    // Wrappers of wrappers are followed a few levels deep: deeper, the
    // search would walk the TU's whole call graph on the stack.
    if (InProgress.size() >= MaxWrapperDepth) {
      ++Truncations;
      return NoWrapper;
    }
    if (!InProgress.insert(Def).second)
      return NoWrapper; // recursion: not a wrapper
    unsigned TruncatedBefore = Truncations;
    Wrapper W = computeWrapper(Def);
    InProgress.erase(Def);
    if (Truncations != TruncatedBefore) {
      // Decided without looking at everything: not remembered.
      Scratch = std::move(W);
      return Scratch;
    }
    return Wrappers[Def] = std::move(W);
  }

  Wrapper computeWrapper(const FunctionDecl *Def) {
    Wrapper W;
    if (!touchesLocks(Def))
      return W;
    std::string SavedFn = Fn;
    const FunctionDecl *SavedWrapper = WrapperFD;
    Fn = "~wrapper";
    WrapperFD = Def;
    LockFlowCallbacks CB;
    CB.Classify = [this](const Stmt *S, const VarDecl *T) {
      return classifyLock(S, T);
    };
    CB.IsAllocation = [](const Stmt *) { return false; };
    CB.IsUserCall = [](const Stmt *) { return false; };
    LockFlowResult R = runLockFlow(Def, Ctx, CB);
    if (R.ExitReached) {
      std::vector<std::string> Released;
      for (const auto &K : R.ReleasedAtExit)
        if (isWrapperLockKey(K))
          Released.push_back(K);
      bool AllShared = true;
      for (const HeldLock &H : R.HeldAtExit)
        if (isWrapperLockKey(H.Key)) {
          W.Keys.push_back(H.Key);
          W.Names.push_back(H.Name);
          AllShared &= H.Shared;
        }
      if (!W.Keys.empty() && Released.empty()) {
        W.K = LockEvent::Acquire;
        W.Shared = AllShared;
      } else if (W.Keys.empty() && !Released.empty()) {
        W.K = LockEvent::Release;
        W.Keys = Released;
        W.Names = Released;
      } else {
        W.Keys.clear();
        W.Names.clear();
      }
    }
    if (W.K == LockEvent::None)
      W = tryWrapper(Def);
    Fn = SavedFn;
    WrapperFD = SavedWrapper;
    return W;
  }

  /// `return pthread_mutex_trylock(&s->mu);` on every return, or its
  /// success as a truth value (`== 0`, `!`): a try-lock wrapper.
  Wrapper tryWrapper(const FunctionDecl *Def) {
    struct Returns : RecursiveASTVisitor<Returns> {
      std::vector<const ReturnStmt *> All;
      bool TraverseLambdaExpr(LambdaExpr *) { return true; }
      bool VisitReturnStmt(ReturnStmt *R) {
        All.push_back(R);
        return true;
      }
    } V;
    V.TraverseStmt(const_cast<Stmt *>(Def->getBody()));
    Wrapper W;
    for (const ReturnStmt *R : V.All) {
      const Expr *E = R->getRetValue();
      if (!E)
        return {};
      E = E->IgnoreParenImpCasts();
      bool Flip = false; // the result says success the other way round
      if (auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_LNot) {
        Flip = true;
        E = UO->getSubExpr()->IgnoreParenImpCasts();
      } else if (auto *BO = dyn_cast<BinaryOperator>(E);
                 BO && (BO->getOpcode() == BO_EQ || BO->getOpcode() == BO_NE)) {
        const Expr *L = BO->getLHS()->IgnoreParenImpCasts();
        const Expr *Rr = BO->getRHS()->IgnoreParenImpCasts();
        Expr::EvalResult Zero;
        if (L->EvaluateAsInt(Zero, Ctx) && Zero.Val.getInt() == 0)
          std::swap(L, Rr);
        if (!Rr->EvaluateAsInt(Zero, Ctx) || Zero.Val.getInt() != 0)
          return {};
        Flip = BO->getOpcode() == BO_EQ;
        E = L;
      }
      auto *Call = dyn_cast<CallExpr>(E);
      if (!Call)
        return {};
      LockEvent Ev = classifyLock(Call, nullptr);
      if (Ev.K != LockEvent::Try && Ev.K != LockEvent::TryZero)
        return {};
      LockEvent::Kind K = Ev.K;
      if (Flip)
        K = K == LockEvent::Try ? LockEvent::TryZero : LockEvent::Try;
      std::vector<std::string> Keys;
      for (const auto &Key : Ev.Keys)
        if (isWrapperLockKey(Key))
          Keys.push_back(Key);
      if (Keys.empty() || (W.K != LockEvent::None && (W.K != K || W.Keys != Keys)))
        return {};
      W.K = K;
      W.Shared = Ev.Shared;
      W.Keys = Keys;
      W.Names = Ev.Names;
    }
    return W;
  }

  /// A class of the program's own with `lock()` and `unlock()` members
  /// (C++'s BasicLockable, what std::lock_guard accepts) is a lock class: a
  /// spin lock on an atomic flag, a wrapper of a pthread mutex. Calls to
  /// its lock(), unlock(), try_lock() and *_shared() lock the object.
  bool classifyLockableShape(const FunctionDecl *FD, const Expr *Object,
                             LockEvent &Ev) {
    if (!Object || !isLockableShapeMethod(FD))
      return false;
    const auto *MD = cast<CXXMethodDecl>(FD);
    llvm::StringRef N = MD->getName();
    Ev.K = N.starts_with("unlock") ? LockEvent::Release
           : N.starts_with("try")  ? LockEvent::Try
                                   : LockEvent::Acquire;
    Ev.Shared = N.ends_with("_shared");
    Ev.Api = qualifiedName(MD);
    auto L = lockOf(Object);
    Ev.Keys.push_back(L.first);
    Ev.Names.push_back(L.second);
    return true;
  }

  bool isLockableShapeMethod(const FunctionDecl *FD) {
    const auto *MD = dyn_cast<CXXMethodDecl>(FD);
    if (!MD || !MD->getIdentifier() || MD->isStatic())
      return false;
    llvm::StringRef N = MD->getName();
    LockEvent::Kind K = N == "lock" || N == "lock_shared"         ? LockEvent::Acquire
                        : N == "unlock" || N == "unlock_shared"   ? LockEvent::Release
                        : N == "try_lock" || N == "try_lock_shared" ? LockEvent::Try
                                                                  : LockEvent::None;
    if (K == LockEvent::None || MD->getNumParams() != 0 ||
        (K == LockEvent::Try && !MD->getReturnType()->isBooleanType()))
      return false;
    const CXXRecordDecl *RD = MD->getParent();
    return RD && !SM.isInSystemHeader(SM.getExpansionLoc(RD->getLocation())) &&
           isBasicLockable(RD);
  }

  /// Whether T is an awaiter (await_ready / await_suspend), has an
  /// `operator co_await`, or is a coroutine type (a nested promise_type).
  static bool isAwaitableType(QualType T) {
    const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
    if (!RD)
      return false;
    // An uninstantiated specialisation (`task<void>` named only in a
    // declaration) is read from its template.
    if (auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
        Spec && !Spec->hasDefinition())
      RD = Spec->getSpecializedTemplate()->getTemplatedDecl();
    if (!RD || !RD->hasDefinition())
      return false;
    RD = RD->getDefinition();
    for (const Decl *D : RD->decls()) {
      const auto *ND = dyn_cast<NamedDecl>(D);
      if (!ND)
        continue;
      if (auto *FTD = dyn_cast<FunctionTemplateDecl>(ND))
        ND = FTD->getTemplatedDecl();
      if (auto *FD = dyn_cast<FunctionDecl>(ND);
          FD && FD->getOverloadedOperator() == OO_Coawait)
        return true;
      if (ND->getIdentifier() &&
          llvm::is_contained({"await_ready", "await_suspend", "promise_type"},
                             ND->getName()))
        return true;
    }
    for (const CXXBaseSpecifier &B : RD->bases())
      if (isAwaitableType(B.getType()))
        return true;
    return false;
  }

  static bool isBasicLockable(const CXXRecordDecl *RD) {
    auto HasNullary = [&](llvm::StringRef Name) {
      for (const CXXMethodDecl *M : RD->methods())
        if (M->getIdentifier() && M->getName() == Name && M->getNumParams() == 0)
          return true;
      return false;
    };
    if (!HasNullary("lock") || !HasNullary("unlock"))
      return false;
    // A coroutine mutex's lock() returns something to co_await (libcoro's
    // coro::mutex, coro::shared_mutex): it suspends the coroutine instead
    // of blocking the thread, so it is not a thread-blocking lock.
    for (const CXXMethodDecl *M : RD->methods())
      if (M->getIdentifier() &&
          (M->getName() == "lock" || M->getName() == "lock_shared") &&
          M->getNumParams() == 0 && isAwaitableType(M->getReturnType()))
        return false;
    // A lock owns its state (an atomic flag, a pthread mutex); a class that
    // refers to another object (`Mutex &m_`, `Mutex *m_`) is a guard of it,
    // relockable like unique_lock, not the lock itself.
    for (const FieldDecl *F : RD->fields()) {
      QualType T = F->getType();
      if (T->isReferenceType() ||
          (T->isPointerType() && T->getPointeeType()->isRecordType()))
        return false;
    }
    return true;
  }

  /// A call to a lock wrapper, as a lock event.
  bool classifyWrapperCall(const FunctionDecl *FD,
                           llvm::ArrayRef<const Expr *> Args,
                           const Expr *Object, LockEvent &Ev) {
    const Wrapper W = wrapperOf(FD); // a copy: the memo may grow
    if (W.K == LockEvent::None)
      return false;
    Ev.K = W.K;
    Ev.Shared = W.Shared;
    Ev.Api = qualifiedName(FD);
    for (size_t I = 0; I < W.Keys.size(); ++I) {
      auto [Key, Name] = mapWrapperLock(W.Keys[I], W.Names[I], Args, Object);
      if (Key.empty())
        continue;
      Ev.Keys.push_back(Key);
      Ev.Names.push_back(Name);
    }
    if (Ev.Keys.empty())
      Ev.K = LockEvent::None;
    return Ev.K != LockEvent::None;
  }

  bool isLockWrapper(const FunctionDecl *FD) {
    return isLockableShapeMethod(FD) || wrapperOf(FD).K != LockEvent::None;
  }

  LockEvent classifyLock(const Stmt *S, const VarDecl *Target) {
    LockEvent Ev;
    const FunctionDecl *FD = nullptr;
    const Expr *Object = nullptr;
    llvm::ArrayRef<const Expr *> Args;
    if (auto *CE = dyn_cast<CallExpr>(S)) {
      FD = CE->getDirectCallee();
      Args = llvm::ArrayRef<const Expr *>(CE->getArgs(), CE->getNumArgs());
      Object = objectExpr(CE);
      if (isa<CXXOperatorCallExpr>(CE) && isa_and_nonnull<CXXMethodDecl>(FD) &&
          !Args.empty())
        Args = Args.drop_front();
    } else if (auto *CCE = dyn_cast<CXXConstructExpr>(S)) {
      FD = CCE->getConstructor();
      Args = llvm::ArrayRef<const Expr *>(CCE->getArgs(), CCE->getNumArgs());
    }
    if (!FD)
      return Ev;
    auto AddLock = [&](const Expr *E) {
      auto L = lockOf(E);
      Ev.Keys.push_back(L.first);
      Ev.Names.push_back(L.second);
    };
    auto Ms = Cat.lookup(Section::Lock, calleeNames(FD, dyn_cast<Expr>(S)));
    if (!Ms.empty() && Ms.front().Entry->Kind != "signal") {
      const CatalogEntry &En = *Ms.front().Entry;
      const std::string &Op = En.Kind;
      Ev.Api = Ms.front().Name;
      // A runtime's lock the entry names (the Python GIL): no argument
      // or object says which lock it is.
      if (!En.NamedLock.empty()) {
        Ev.Keys = {namedLockKey(En.NamedLock)};
        Ev.Names = {En.NamedLock};
        Ev.GuardVar = Target;
        Ev.K = Op == "acquire" || Op == "acquire-shared" ? LockEvent::Acquire
               : Op == "release"                          ? LockEvent::Release
               : Op == "guard" || Op == "guard-shared"    ? LockEvent::Guard
               : Op == "release-guard" ? LockEvent::ReleaseGuard
                                       : LockEvent::None;
        return Ev;
      }
      const Expr *Subject =
          Object ? Object : (Args.empty() ? nullptr : Args[0]);
      if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD);
          Ctor && Ctor->isCopyOrMoveConstructor() &&
          (Op == "guard" || Op == "guard-shared")) {
        // `unique_lock b(std::move(a))`: ownership moves, nothing is locked.
        Ev.K = LockEvent::GuardMove;
        Ev.GuardVar = Target;
        Ev.SourceGuard = Args.empty() ? nullptr : movedVar(Args[0]);
        return Ev;
      }
      if (Op == "acquire" || Op == "acquire-shared" || Op == "release" ||
          Op.rfind("try", 0) == 0) {
        if (!Subject)
          return Ev;
        Ev.K = Op == "release"                     ? LockEvent::Release
               : Op == "try" || Op == "try-shared" ? LockEvent::Try
               : Op.rfind("try-zero", 0) == 0      ? LockEvent::TryZero
                                                   : LockEvent::Acquire;
        Ev.Shared = Op == "acquire-shared" || Op == "try-shared" ||
                    Op == "try-zero-shared";
        AddLock(Subject);
        if (Ev.K == LockEvent::Release)
          releaseSubject(Subject, Ev);
      } else if (Op == "guard" || Op == "guard-shared") {
        Ev.K = LockEvent::Guard;
        Ev.Shared = Op == "guard-shared";
        Ev.GuardVar = Target;
        for (const Expr *A : Args) {
          if (isa<CXXDefaultArgExpr>(A) || isLockTag(A, Ev.GuardMode))
            continue;
          QualType T = A->getType();
          if (T->isArithmeticType() ||
              (T->getAsCXXRecordDecl() &&
               qualifiedName(T->getAsCXXRecordDecl())
                       .rfind("std::chrono::", 0) == 0))
            continue; // timeouts of timed guards
          AddLock(A);
        }
      } else if (Op == "returns-guard" || Op == "returns-guard-shared") {
        // `auto locked = data.wlock();`: the object returned holds the lock
        // on the call's subject while it lives (folly::Synchronized).
        if (!Subject)
          return Ev;
        Ev.K = LockEvent::Guard;
        Ev.Shared = Op == "returns-guard-shared";
        Ev.GuardVar = Target;
        AddLock(Subject);
      } else if (Op == "guard-lock" || Op == "guard-unlock" ||
                 Op == "guard-release" || Op == "guard-try" ||
                 Op == "guard-test") {
        Ev.GuardVar = varOf(Object);
        Ev.ResultVar = Target; // `std::mutex *m = lk.release();`
        Ev.K = Op == "guard-lock"      ? LockEvent::GuardLock
               : Op == "guard-unlock"  ? LockEvent::GuardUnlock
               : Op == "guard-release" ? LockEvent::GuardRelease
               : Op == "guard-try"     ? LockEvent::GuardTry
                                       : LockEvent::GuardTest;
        // A guard parameter (`void backOff(std::unique_lock<M> &lock)`)
        // holds the caller's lock: the parameter's key names it.
        if ((Ev.K == LockEvent::GuardLock || Ev.K == LockEvent::GuardUnlock) &&
            isa_and_nonnull<ParmVarDecl>(Ev.GuardVar))
          AddLock(Object);
      } else if (Op == "lock-all") {
        Ev.K = LockEvent::Acquire;
        for (const Expr *A : Args)
          AddLock(A);
      } else if (Op == "cv-wait") {
        Ev.K = LockEvent::CvWait;
        if (const Expr *L = argAt(Args, En.LockArg.value_or(0))) {
          if (const VarDecl *V = varOf(L);
              V && V->hasLocalStorage() && V->getType()->isRecordType())
            Ev.GuardVar = V;
          else
            AddLock(L);
        }
      }
      return Ev;
    }
    // `b = std::move(a)` on a catalogued or scoped_lockable guard class.
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD);
        MD && MD->isMoveAssignmentOperator() && Object &&
        (isCatalogGuard(MD->getParent()) ||
         MD->getParent()->hasAttr<ScopedLockableAttr>())) {
      Ev.K = LockEvent::GuardMove;
      Ev.GuardVar = movedVar(Object);
      Ev.SourceGuard = Args.empty() ? nullptr : movedVar(Args[0]);
      return Ev;
    }
    // Clang thread-safety attributes: no configuration needed for code
    // annotated for -Wthread-safety.
    const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD);
    if (Ctor && Ctor->isCopyOrMoveConstructor() &&
        Ctor->getParent()->hasAttr<ScopedLockableAttr>()) {
      Ev.K = LockEvent::GuardMove;
      Ev.GuardVar = Target;
      Ev.SourceGuard = Args.empty() ? nullptr : movedVar(Args[0]);
      return Ev;
    }
    // A relockable scope (Clang's MutexLocker): the guard's own Unlock() /
    // Lock() methods, annotated without arguments, act on what it guards.
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD);
        MD && !Ctor && !isa<CXXDestructorDecl>(MD) && Object &&
        MD->getParent()->hasAttr<ScopedLockableAttr>()) {
      const VarDecl *G = varOf(Object);
      if (G && G->hasLocalStorage()) {
        Ev.GuardVar = G;
        Ev.Api = qualifiedName(FD);
        if (auto *A = FD->getAttr<ReleaseCapabilityAttr>();
            A && A->args_size() == 0)
          Ev.K = LockEvent::GuardUnlock;
        else if (auto *A = FD->getAttr<AcquireCapabilityAttr>();
                 A && A->args_size() == 0)
          Ev.K = LockEvent::GuardLock;
        else if (auto *A = FD->getAttr<TryAcquireCapabilityAttr>();
                 A && A->args_size() == 0) {
          Expr::EvalResult V;
          if (A->getSuccessValue() &&
              A->getSuccessValue()->EvaluateAsInt(V, Ctx) &&
              V.Val.getInt() != 0)
            Ev.K = LockEvent::GuardTry;
        }
        if (Ev.K != LockEvent::None)
          return Ev;
      }
    }
    if (Ctor && Ctor->getParent()->hasAttr<ScopedLockableAttr>()) {
      Ev.K = LockEvent::Guard;
      Ev.GuardVar = Target;
      Ev.Api = qualifiedName(Ctor);
      if (auto *A = FD->getAttr<AcquireCapabilityAttr>()) {
        Ev.Shared = A->isShared();
        attrLocks(A, FD, Args, nullptr, Ev);
      } else if (!Args.empty()) {
        AddLock(Args[0]);
      }
      return Ev;
    }
    if (auto *A = FD->getAttr<AcquireCapabilityAttr>()) {
      Ev.K = LockEvent::Acquire;
      Ev.Shared = A->isShared();
      Ev.Api = qualifiedName(FD);
      attrLocks(A, FD, Args, Object, Ev);
    } else if (auto *A = FD->getAttr<ReleaseCapabilityAttr>()) {
      if (isa<CXXDestructorDecl>(FD))
        return Ev;
      Ev.K = LockEvent::Release;
      Ev.Api = qualifiedName(FD);
      attrLocks(A, FD, Args, Object, Ev);
    } else if (auto *A = FD->getAttr<TryAcquireCapabilityAttr>()) {
      Expr::EvalResult V;
      bool SuccessTrue = true;
      if (A->getSuccessValue() && A->getSuccessValue()->EvaluateAsInt(V, Ctx))
        SuccessTrue = V.Val.getInt() != 0;
      Ev.K = SuccessTrue ? LockEvent::Try : LockEvent::TryZero;
      Ev.Api = qualifiedName(FD);
      attrLocks(A, FD, Args, Object, Ev);
    } else if (isa<CallExpr>(S) && !classifyLockableShape(FD, Object, Ev)) {
      classifyWrapperCall(FD, Args, Object, Ev);
    }
    return Ev;
  }

  bool hasLockSemantics(const FunctionDecl *FD,
                        const std::vector<std::string> &Names) {
    for (const CatalogMatch &M : Cat.lookup(Section::Lock, Names))
      if (M.Entry->Kind != "signal") // wakes a waiter, locks nothing
        return true;
    if (FD->hasAttr<AcquireCapabilityAttr>() ||
        FD->hasAttr<ReleaseCapabilityAttr>() ||
        FD->hasAttr<TryAcquireCapabilityAttr>())
      return true;
    const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD);
    return Ctor && Ctor->getParent()->hasAttr<ScopedLockableAttr>();
  }

private:
  ASTContext &Ctx;
  SourceManager &SM;
  const Catalog &Cat;
  /// The wrapper whose body is being analysed, if any.
  const FunctionDecl *WrapperFD = nullptr;
  llvm::DenseMap<const FunctionDecl *, Wrapper> Wrappers;
  llvm::DenseSet<const FunctionDecl *> InProgress;
  static constexpr unsigned MaxWrapperDepth = 6;
  unsigned Truncations = 0;
  Wrapper Scratch; ///< the last answer not memoised
  std::map<std::string, const FieldDecl *> Fields;
  ObjectResolver &Objects;
};

LockClassifier::LockClassifier(ASTContext &Ctx, const Catalog &Cat,
                               ObjectResolver &Objects)
    : P(std::make_unique<Impl>(Ctx, Cat, Objects)) {}
LockClassifier::~LockClassifier() = default;
void LockClassifier::setFunction(std::string Id, const FunctionDecl *FD) {
  if (Id != P->Fn)
    P->KeyObjects.clear();
  P->Fn = std::move(Id);
  P->CurFD = FD;
}
ObjectRef LockClassifier::objectOfKey(const std::string &Key) const {
  auto It = P->KeyObjects.find(Key);
  return It == P->KeyObjects.end() ? ObjectRef() : It->second;
}
LockEvent LockClassifier::classify(const Stmt *S, const VarDecl *Target) {
  return P->classifyLock(S, Target);
}
bool LockClassifier::hasLockSemantics(const FunctionDecl *FD,
                                      const std::vector<std::string> &Names) {
  return P->hasLockSemantics(FD, Names);
}
bool LockClassifier::isLockWrapper(const FunctionDecl *FD) {
  return P->isLockWrapper(FD);
}
std::pair<std::string, std::string> LockClassifier::lockOf(const Expr *E) {
  return P->lockOf(E);
}

} // namespace stallscan
