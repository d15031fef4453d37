//===--- ExtractEntryLocks.cpp - Functions entered under a lock -----------===//
//
// A runtime may call the functions it is given with one of its own locks
// held: CPython enters every function an extension module exports (a
// PyMethodDef table's ml_meth, a type's tp_* slots, a pybind11 `m.def` or
// `class_<>.def` binding) holding the GIL. The catalog says so with
// "holds" on a registration or a handler field; each such registration is
// an EntryLockFact, which the lock analysis seeds like a caller's lock.
//
// The exported name is read where the registration names it: the string
// argument of `m.def("fetch", ...)` (name_arg), the sibling field of the
// same initializer (`{"fetch", fetch, METH_VARARGS}`, name_field). A
// pybind11 class's name comes from the `py::class_<T>(m, "Name")` the
// binding is chained onto; the module's from the TU's `PyInit_<module>`,
// the symbol CPython's import looks up (PYBIND11_MODULE defines it too).
//
//===----------------------------------------------------------------------===//
#include "catalog/Catalog.h"
#include "extract/AstHelpers.h"
#include "extract/ExtractorImpl.h"
#include "extract/Names.h"
#include "summary/Summary.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/QualTypeNames.h"

using namespace clang;

namespace stallscan {
namespace extract_detail {

/// The text of a string literal, through casts and decays.
static std::string literalText(const Expr *E) {
  if (!E)
    return {};
  if (auto *SL = dyn_cast<StringLiteral>(E->IgnoreParenImpCasts()))
    if (SL->getCharByteWidth() == 1)
      return SL->getString().str();
  return {};
}

/// The name an object was constructed with: `py::class_<Counter>(m,
/// "Counter")`, also through the chain of `.def(...)` calls on it and a
/// variable initialised with it.
static std::string constructedName(const Expr *E, unsigned Depth = 0) {
  for (; E && Depth < 16; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (auto *MCE = dyn_cast<CXXMemberCallExpr>(E)) {
      E = MCE->getImplicitObjectArgument();
      continue;
    }
    if (auto *FC = dyn_cast<CXXFunctionalCastExpr>(E)) {
      E = FC->getSubExpr();
      continue;
    }
    if (auto *CE = dyn_cast<CXXConstructExpr>(E)) {
      for (const Expr *A : CE->arguments())
        if (std::string S = literalText(A); !S.empty())
          return S;
      return {};
    }
    if (auto *DRE = dyn_cast<DeclRefExpr>(E))
      if (auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
          VD && VD->hasLocalStorage() && VD->getInit()) {
        E = VD->getInit();
        continue;
      }
    return {};
  }
  return {};
}

/// Whether any argument's type, printed with its namespaces and template
/// arguments, matches one of the globs.
static bool anyArgTypeMatches(llvm::ArrayRef<const Expr *> Args,
                              const std::vector<std::string> &Globs,
                              const ASTContext &Ctx) {
  if (Globs.empty())
    return false;
  PrintingPolicy PP(Ctx.getLangOpts());
  PP.SuppressTagKeyword = true;
  for (const Expr *A : Args) {
    QualType T = A->getType().getNonReferenceType().getUnqualifiedType();
    if (!T->getAsCXXRecordDecl())
      continue;
    std::string Text = TypeName::getFullyQualifiedName(T, Ctx, PP);
    for (const std::string &G : Globs)
      if (globMatch(G, Text))
        return true;
  }
  return false;
}

void Extractor::recordEntryLocks(const CatalogEntry &En, const std::string &Api,
                                 const std::vector<const Expr *> &Handlers,
                                 llvm::ArrayRef<const Expr *> Args,
                                 const Expr *Object) {
  // `m.def("f", &f, py::call_guard<py::gil_scoped_release>())`: the
  // binding releases the lock around the whole call.
  if (anyArgTypeMatches(Args, En.UnlessAnyArgType, Ctx))
    return;
  std::string Export;
  if (En.NameArg)
    Export = literalText(argAt(Args, *En.NameArg));
  if (!Export.empty() && Object)
    if (std::string Owner = constructedName(Object); !Owner.empty())
      Export = Owner + "." + Export;
  const std::string &Caller = Frames.back().Id;
  for (const Expr *H : Handlers) {
    std::vector<std::string> Targets;
    resolveTargets(H, Targets);
    for (auto &T : Targets)
      Out.EntryLocks.push_back(
          {T, namedLockKey(En.Holds), En.Holds, Api, Export, Caller,
           Ids.loc(H->IgnoreParenImpCasts()->getExprLoc())});
  }
}

void Extractor::recordEntryLockField(const CatalogMatch &M, const FieldDecl *F,
                                     const FunctionDecl *FD, const Expr *Value,
                                     const InitListExpr *Init) {
  const CatalogEntry &En = *M.Entry;
  std::string Export;
  if (Init && !En.NameField.empty()) {
    unsigned I = 0;
    for (const FieldDecl *Sibling : F->getParent()->fields()) {
      if (I >= Init->getNumInits())
        break;
      if (Sibling->getName() == En.NameField) {
        Export = literalText(Init->getInit(I));
        break;
      }
      ++I;
    }
    // The name is the owner's when the entry matches several fields of the
    // struct: one slot of a type (`tp_iternext` of "mymod.Counter"), the
    // getter or setter of an attribute.
    unsigned Matched = 0;
    for (const FieldDecl *Sibling : F->getParent()->fields())
      for (const CatalogMatch &O :
           Cat.lookup(Section::HandlerField, {qualifiedName(Sibling)}))
        Matched += O.Entry == M.Entry;
    if (!Export.empty() && Matched > 1)
      Export += "." + F->getNameAsString();
  }
  std::string Handler = Ids.functionId(FD);
  std::string Registrar = Frames.empty() ? Handler : Frames.back().Id;
  Out.EntryLocks.push_back({Handler, namedLockKey(En.Holds), En.Holds,
                            qualifiedName(F), Export, Registrar,
                            Ids.loc(Value->IgnoreParenImpCasts()->getExprLoc())});
}

void Extractor::qualifyExports() {
  if (Out.EntryLocks.empty())
    return;
  // The module this TU defines: CPython imports `mymod` by calling
  // `PyInit_mymod`. A TU defining none (or several) leaves names as bound.
  std::string Module;
  for (const FunctionFact &F : Out.Functions)
    if (F.Name.rfind("PyInit_", 0) == 0 && F.Name.size() > 7) {
      if (!Module.empty() && Module != F.Name.substr(7))
        return;
      Module = F.Name.substr(7);
    }
  if (Module.empty())
    return;
  for (EntryLockFact &E : Out.EntryLocks)
    if (!E.Export.empty() && E.Export.rfind(Module + ".", 0) != 0)
      E.Export = Module + "." + E.Export;
}

} // namespace extract_detail
} // namespace stallscan
