//===--- ObjectRefs.cpp - Which object an expression denotes --------------===//
//
// Lock identity is the identity of the object that holds the lock: a member
// mutex of `static SessionTable table;` is one lock for the whole program,
// the same member of a per-connection session is one lock per connection.
// Within one function, an object is named by where it starts and the member
// path from there (ObjectRef): a global or static (never a thread_local, which
// is one object per thread), the function's own `this`, what a reference or
// pointer parameter refers to, or a local object of the function (or of the
// function a lambda is written in, captured by reference). What `this`,
// parameters and locals stand for is only known program-wide, so the link
// step resolves them over the call graph (analysis/Objects.cpp).
//
// A pointer local written only by its initialisation (`store_engine *e =
// (store_engine *)arg;`) points where its initialiser points. Unknown on
// purpose: heap objects reached through a local raw pointer, pointer locals
// assigned again (`p = p->next`) or whose address is taken, container
// elements, locals declared inside a loop (one per iteration) and
// copies captured by value.
//
//===----------------------------------------------------------------------===//
#include "extract/ObjectRefs.h"
#include "extract/Names.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace stallscan {

namespace {
/// Member paths longer than this are not followed (a linked list walked
/// through `next` would otherwise name a new object per step).
constexpr unsigned MaxDepth = 4;

bool isSmartPointer(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier())
    return false;
  std::string Q = qualifiedName(RD);
  return Q == "std::unique_ptr" || Q == "std::shared_ptr" ||
         Q == "boost::shared_ptr" || Q == "boost::scoped_ptr";
}

/// Locals of a function written after their declaration: assigned,
/// incremented, address taken, or bound to a reference (which may write
/// them).
class WrittenLocals : public RecursiveASTVisitor<WrittenLocals> {
public:
  explicit WrittenLocals(llvm::DenseSet<const VarDecl *> &Out) : Out(Out) {}
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isAssignmentOp())
      note(BO->getLHS());
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) {
    if (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf)
      note(UO->getSubExpr());
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    if (VD->getType()->isReferenceType() && VD->getInit())
      note(VD->getInit());
    return true;
  }
  bool VisitCallExpr(CallExpr *CE) {
    // `reset(p)` through a non-const reference parameter.
    const FunctionDecl *FD = CE->getDirectCallee();
    for (unsigned I = 0; FD && I < CE->getNumArgs() && I < FD->getNumParams();
         ++I) {
      QualType T = FD->getParamDecl(I)->getType();
      if (T->isReferenceType() && !T.getNonReferenceType().isConstQualified())
        note(CE->getArg(I));
    }
    return true;
  }

private:
  void note(const Expr *E) {
    if (auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts()))
      if (auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        Out.insert(VD);
  }
  llvm::DenseSet<const VarDecl *> &Out;
};

/// The values a function returns (not those of lambdas inside it).
class Returns : public RecursiveASTVisitor<Returns> {
public:
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitReturnStmt(ReturnStmt *R) {
    Values.push_back(R->getRetValue());
    return true;
  }
  std::vector<const Expr *> Values;
};
} // namespace

ObjectResolver::ObjectResolver(ASTContext &Ctx, FunctionIds &Ids)
    : Ctx(Ctx), Ids(Ids) {}
ObjectResolver::~ObjectResolver() = default;

std::string ObjectResolver::globalKey(const VarDecl *VD) {
  std::string Key = qualifiedName(VD);
  if (!VD->isExternallyVisible()) // `static std::mutex M;` in two TUs
    Key += "@" + Ids.mainFile();
  return Key;
}

ObjectRef ObjectResolver::member(ObjectRef O, const std::string &Field) {
  if (!O.known())
    return {};
  unsigned Segments = 0;
  for (char C : O.Path)
    Segments += C == '.' || C == '>';
  if (Segments >= MaxDepth)
    return {};
  if (!O.Path.empty() && O.Path.back() == '*') {
    O.Path.pop_back();
    O.Path += "->" + Field;
  } else {
    O.Path += "." + Field;
  }
  return O;
}

bool ObjectResolver::capturedByCopy(const VarDecl *VD,
                                    const FunctionDecl *Cur) {
  for (const DeclContext *DC = Cur; DC && DC != VD->getDeclContext();) {
    const auto *MD = dyn_cast<CXXMethodDecl>(DC);
    if (!MD || !MD->getParent()->isLambda()) {
      DC = DC->getParent();
      continue;
    }
    llvm::DenseMap<const ValueDecl *, FieldDecl *> Captures;
    FieldDecl *ThisField = nullptr;
    MD->getParent()->getCaptureFields(Captures, ThisField);
    auto It = Captures.find(VD);
    if (It != Captures.end() && !It->second->getType()->isReferenceType())
      return true;
    DC = MD->getParent()->getDeclContext();
  }
  return false;
}

bool ObjectResolver::assignedAfterInit(const VarDecl *VD) {
  const auto *Owner = dyn_cast<FunctionDecl>(VD->getDeclContext());
  const Stmt *Body = Owner ? Owner->getBody() : nullptr;
  if (!Body)
    return true;
  auto &Set = Written[Body];
  if (!Set) {
    Set = std::make_unique<llvm::DenseSet<const VarDecl *>>();
    WrittenLocals(*Set).TraverseStmt(const_cast<Stmt *>(Body));
  }
  return Set->contains(VD);
}

/// `Registry::get()`: a function without arguments that returns a reference
/// (or pointer) to one static object. With its body in sight, every return
/// must name a non-thread_local static; without it, a reference is assumed
/// to be a singleton's and a pointer is not.
ObjectRef ObjectResolver::singleton(const CallExpr *CE, bool Pointer) {
  const FunctionDecl *FD = CE->getDirectCallee();
  if (!FD || isa<CXXMemberCallExpr>(CE) || isa<CXXOperatorCallExpr>(CE) ||
      CE->getNumArgs() != 0)
    return {};
  QualType RT = FD->getReturnType();
  if (Pointer ? !RT->isPointerType() : !RT->isReferenceType())
    return {};
  if (!RT->getPointeeType()->isRecordType())
    return {};
  const FunctionDecl *Def = nullptr;
  if (FD->hasBody(Def) && Def->getBody()) {
    Returns R;
    R.TraverseStmt(Def->getBody());
    if (R.Values.empty())
      return {};
    bool PerThread = false;
    for (const Expr *V : R.Values) {
      if (!V)
        return {};
      V = V->IgnoreParenCasts();
      if (auto *UO = dyn_cast<UnaryOperator>(V);
          UO && UO->getOpcode() == UO_AddrOf && Pointer)
        V = UO->getSubExpr()->IgnoreParenCasts();
      auto *DRE = dyn_cast<DeclRefExpr>(V);
      auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
      if (!VD || !VD->hasGlobalStorage())
        return {};
      PerThread |= VD->getTLSKind() != VarDecl::TLS_None;
    }
    std::string Q = qualifiedName(FD) + "()";
    if (PerThread) // `thread_local Cache c; return c;`: one per thread
      return {"thread:" + Q, Pointer ? "*" : "", Q};
  } else if (Pointer) {
    return {};
  }
  std::string Q = qualifiedName(FD) + "()";
  return {"global:" + Q, Pointer ? "*" : "", Q};
}

/// The object a variable's name denotes: the variable itself, or what a
/// reference variable or parameter is bound to.
ObjectRef ObjectResolver::variable(const VarDecl *VD, const FunctionDecl *Cur,
                                   bool /*Pointee*/, unsigned Depth) {
  std::string Name = VD->getNameAsString();
  QualType T = VD->getType();
  if (VD->getTLSKind() != VarDecl::TLS_None)
    return {"thread:" + globalKey(VD), "", Name};
  if (const auto *P = dyn_cast<ParmVarDecl>(VD)) {
    if (!T->isReferenceType())
      return {}; // a copy per call
    return {"param:" + std::to_string(P->getFunctionScopeIndex()), "", Name};
  }
  if (VD->hasLocalStorage()) {
    if (T->isReferenceType())
      return VD->getInit() && Depth < MaxDepth
                 ? objectOf(VD->getInit(), Cur, Depth + 1)
                 : ObjectRef();
    if (VD->isInitCapture() || !T->isRecordType() || InLoop.lookup(VD) ||
        capturedByCopy(VD, Cur))
      return {};
    const auto *Owner = dyn_cast<FunctionDecl>(VD->getDeclContext());
    if (!Owner)
      return {};
    return {"frame:" + Name + ":" + Ids.functionId(Owner), "", Name};
  }
  if (T->isReferenceType() && VD->getInit() && Depth < MaxDepth)
    return objectOf(VD->getInit(), Cur, Depth + 1);
  return {"global:" + globalKey(VD), "", Name};
}

ObjectRef ObjectResolver::objectOf(const Expr *E, const FunctionDecl *Cur,
                                   unsigned Depth) {
  if (!E || Depth > MaxDepth)
    return {};
  E = E->IgnoreParenImpCasts();
  if (auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return variable(VD, Cur, false, Depth);
    return {};
  }
  if (auto *ME = dyn_cast<MemberExpr>(E)) {
    auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!FD)
      return {};
    ObjectRef Base = ME->isArrow() ? pointeeOf(ME->getBase(), Cur, Depth + 1)
                                   : objectOf(ME->getBase(), Cur, Depth + 1);
    return member(std::move(Base), FD->getNameAsString());
  }
  if (auto *UO = dyn_cast<UnaryOperator>(E))
    return UO->getOpcode() == UO_Deref
               ? pointeeOf(UO->getSubExpr(), Cur, Depth + 1)
               : ObjectRef();
  if (auto *OCE = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (OCE->getOperator() == OO_Star && OCE->getNumArgs() == 1 &&
        isSmartPointer(OCE->getArg(0)->getType()))
      return pointeeOf(OCE->getArg(0), Cur, Depth + 1);
    return {};
  }
  if (auto *CE = dyn_cast<CallExpr>(E))
    return singleton(CE, /*Pointer=*/false);
  return {};
}

ObjectRef ObjectResolver::pointeeOf(const Expr *E, const FunctionDecl *Cur,
                                    unsigned Depth) {
  if (!E || Depth > MaxDepth)
    return {};
  E = E->IgnoreParenCasts();
  if (isa<CXXThisExpr>(E))
    return {"this", "", "this"};
  if (auto *UO = dyn_cast<UnaryOperator>(E))
    return UO->getOpcode() == UO_AddrOf
               ? objectOf(UO->getSubExpr(), Cur, Depth + 1)
               : ObjectRef();
  auto Deref = [](ObjectRef O) {
    if (O.known())
      O.Path += "*";
    return O;
  };
  if (isSmartPointer(E->getType()))
    return Deref(objectOf(E, Cur, Depth + 1));
  if (auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return {};
    if (VD->getTLSKind() == VarDecl::TLS_None) {
      if (auto *P = dyn_cast<ParmVarDecl>(VD))
        return P->getType()->isPointerType()
                   ? ObjectRef{"param:" +
                                   std::to_string(P->getFunctionScopeIndex()),
                               "", VD->getNameAsString()}
                   : Deref(variable(VD, Cur, true, Depth));
      if (VD->hasLocalStorage() && !VD->getType()->isReferenceType()) {
        // A pointer local written only by its initialiser points where
        // that does; one assigned again may point anywhere.
        if (VD->getInit() &&
            (VD->isInitCapture() ||
             (VD->getType()->isPointerType() && !assignedAfterInit(VD))))
          return pointeeOf(VD->getInit(), Cur, Depth + 1);
        return {};
      }
    }
    return Deref(variable(VD, Cur, true, Depth));
  }
  if (isa<MemberExpr>(E))
    return Deref(objectOf(E, Cur, Depth + 1));
  if (auto *OCE = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (OCE->getOperator() == OO_Arrow && OCE->getNumArgs() == 1 &&
        isSmartPointer(OCE->getArg(0)->getType()))
      return Deref(objectOf(OCE->getArg(0), Cur, Depth + 1));
    return {};
  }
  if (auto *MCE = dyn_cast<CXXMemberCallExpr>(E)) {
    const Expr *Obj = MCE->getImplicitObjectArgument();
    if (MCE->getMethodDecl() && MCE->getMethodDecl()->getIdentifier() &&
        MCE->getMethodDecl()->getName() == "get" && Obj &&
        isSmartPointer(Obj->getType()))
      return Deref(objectOf(Obj, Cur, Depth + 1));
    return {};
  }
  if (auto *CE = dyn_cast<CallExpr>(E))
    return singleton(CE, /*Pointer=*/true);
  return {};
}

ObjectRef ObjectResolver::receiverOf(const CallExpr *CE,
                                     const FunctionDecl *Cur) {
  const Expr *Obj = nullptr;
  if (auto *MCE = dyn_cast<CXXMemberCallExpr>(CE))
    Obj = MCE->getImplicitObjectArgument();
  else if (auto *OCE = dyn_cast<CXXOperatorCallExpr>(CE);
           OCE && isa_and_nonnull<CXXMethodDecl>(OCE->getDirectCallee()) &&
           OCE->getNumArgs() > 0)
    Obj = OCE->getArg(0);
  if (!Obj)
    return {};
  return Obj->getType()->isPointerType() ? pointeeOf(Obj, Cur)
                                         : objectOf(Obj, Cur);
}

ObjectRef ObjectResolver::boundObject(const Expr *E, const FunctionDecl *Cur) {
  if (!E)
    return {};
  QualType T = E->IgnoreParenImpCasts()->getType();
  if (T->isPointerType() || isSmartPointer(T))
    return pointeeOf(E, Cur);
  return {};
}

ObjectRef ObjectResolver::argumentObject(const Expr *Arg, bool PointerParam,
                                         const FunctionDecl *Cur) {
  return PointerParam ? pointeeOf(Arg, Cur) : objectOf(Arg, Cur);
}

} // namespace stallscan
