//===--- LockClassifier.cpp - What a call does to locks -------------------===//
//
// Catalog ops (acquire, release, try, guard, guard member calls, lock-all,
// cv-wait) map to LockEvents; without a catalog entry, Clang's thread-safety
// attributes say the same (acquire_capability, release_capability,
// try_acquire_capability, scoped_lockable constructors), with attribute
// arguments mapped from parameters to the call's arguments.
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
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include <map>

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
    if (!Ms.empty()) {
      const CatalogEntry &En = *Ms.front().Entry;
      const std::string &Op = En.Kind;
      Ev.Api = Ms.front().Name;
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
    }
    return Ev;
  }

  bool hasLockSemantics(const FunctionDecl *FD,
                        const std::vector<std::string> &Names) {
    if (!Cat.lookup(Section::Lock, Names).empty())
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
std::pair<std::string, std::string> LockClassifier::lockOf(const Expr *E) {
  return P->lockOf(E);
}

} // namespace stallscan
