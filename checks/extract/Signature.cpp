//===--- Signature.cpp - Catalog entries chosen by declaration ------------===//
//
// Some APIs give the same name to a blocking function and its asynchronous
// twin: a gRPC stub's sync `Say(ClientContext*, const Req&, Resp*)` returns
// a Status, its async `Say(..., std::function<void(Status)>)` lives in a
// nested class but `AsyncSay` and `PrepareAsyncSay` share the stub with it;
// Drogon's `sendRequest(req, timeout)` is the sync overload of the async
// `sendRequest(req, callback, timeout)`. A catalog entry's `if_signature`
// selects the declaration it means by its parameter types, return type
// and class (or a base of it). Types are globs over the printed type, as
// written and canonical, so a typedef (`drogon::HttpReqCallback`) and what
// it stands for (`std::function<...>`) both match.
//
// `if_handler_signature` asks the same of a callback given to a
// registration, an offload or a handler field: libhv's one
// `HttpService::GET(path, Handler)` template takes loop handlers
// (`int(HttpRequest*, HttpResponse*)`) and pool handlers
// (`void(const HttpRequestPtr&, const HttpResponseWriterPtr&)`). The
// callback's signature is read from its type: a function (pointer), a
// lambda's call operator, or the only operator() of a std::function or
// functor, taking the std::function a callable was converted to first.
//
//===----------------------------------------------------------------------===//
#include "extract/Signature.h"
#include "catalog/Catalog.h"
#include "extract/Names.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/QualTypeNames.h"
#include <cctype>
#include <cstring>

using namespace clang;

namespace stallscan {

/// Removes `std::__cxx11::`-style inline namespaces and a leading `::`
/// anywhere in the text, as catalog names are written.
static std::string normalised(std::string S) {
  for (const char *Inline : {"__cxx11::", "__1::"})
    for (size_t P; (P = S.find(Inline)) != std::string::npos;)
      S.erase(P, std::strlen(Inline));
  std::string Out;
  for (size_t I = 0; I < S.size(); ++I) {
    // A "::" that does not follow a name is a global-namespace prefix.
    if (S.compare(I, 2, "::") == 0 &&
        (Out.empty() || !(std::isalnum(static_cast<unsigned char>(Out.back())) ||
                          Out.back() == '_' || Out.back() == '>'))) {
      ++I;
      continue;
    }
    Out += S[I];
  }
  return Out;
}

std::string catalogTypeText(QualType T, const ASTContext &Ctx,
                            bool Canonical) {
  PrintingPolicy PP(Ctx.getLangOpts());
  PP.SuppressTagKeyword = true;
  PP.SuppressInlineNamespace = true;
  PP.SuppressScope = false;
  PP.FullyQualifiedName = true;
  if (Canonical)
    return normalised(T.getCanonicalType().getAsString(PP));
  return normalised(
      TypeName::getFullyQualifiedName(T, Ctx, PP, /*WithGlobalNsPrefix=*/false));
}

static bool typeMatches(const std::vector<std::string> &Globs, QualType T,
                        const ASTContext &Ctx) {
  std::string Written = catalogTypeText(T, Ctx, false);
  std::string Canonical = catalogTypeText(T, Ctx, true);
  for (const std::string &G : Globs)
    if (globMatch(G, Written) || globMatch(G, Canonical))
      return true;
  return false;
}

static bool derivesFrom(const CXXRecordDecl *RD,
                        const std::vector<std::string> &Globs) {
  llvm::SmallVector<const CXXRecordDecl *, 8> Work{RD};
  for (size_t I = 0; I < Work.size() && I < 64; ++I) {
    std::string Name = qualifiedName(Work[I]);
    for (const std::string &G : Globs)
      if (globMatch(G, Name))
        return true;
    const CXXRecordDecl *Def = Work[I]->getDefinition();
    if (!Def)
      continue;
    for (const CXXBaseSpecifier &B : Def->bases())
      if (const CXXRecordDecl *Base = B.getType()->getAsCXXRecordDecl())
        Work.push_back(Base);
  }
  return false;
}

/// The parameter and return types part of a condition.
static bool typesMatch(const SignatureCondition &S,
                       llvm::ArrayRef<QualType> Params, QualType Ret,
                       const ASTContext &Ctx) {
  if (S.HasParams) {
    size_t N = Params.size();
    if (N < S.Params.size() || (!S.AnyMoreParams && N != S.Params.size()))
      return false;
    for (unsigned I = 0; I < S.Params.size(); ++I)
      if (!typeMatches({S.Params[I]}, Params[I], Ctx))
        return false;
  }
  return S.Returns.empty() || typeMatches(S.Returns, Ret, Ctx);
}

bool signatureMatches(const SignatureCondition &S, const FunctionDecl *FD,
                      const ASTContext &Ctx) {
  llvm::SmallVector<QualType, 8> Params;
  for (const ParmVarDecl *P : FD->parameters())
    Params.push_back(P->getType());
  if (!typesMatch(S, Params, FD->getReturnType(), Ctx))
    return false;
  if (!S.ClassDerives.empty()) {
    auto *MD = dyn_cast<CXXMethodDecl>(FD);
    if (!MD || !derivesFrom(MD->getParent(), S.ClassDerives))
      return false;
  }
  return true;
}

/// The signature a value of type T is called with: a function, a pointer
/// or reference to one, a lambda's call operator, or the one operator() of
/// a class that has exactly one and it no template (std::function<Sig>, a
/// functor). A generic lambda, std::bind's result or an overloaded functor
/// has none.
static const FunctionProtoType *callSignatureOf(QualType T,
                                                const ASTContext &Ctx) {
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  if (const auto *FPT = T->getAs<FunctionProtoType>())
    return FPT;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return nullptr;
  RD = RD->getDefinition();
  if (RD->isLambda())
    return RD->isGenericLambda()
               ? nullptr
               : RD->getLambdaCallOperator()->getType()->getAs<FunctionProtoType>();
  const CXXMethodDecl *Only = nullptr;
  for (const NamedDecl *D : RD->lookup(
           Ctx.DeclarationNames.getCXXOperatorName(OO_Call))) {
    const auto *MD = dyn_cast<CXXMethodDecl>(D);
    if (!MD || Only)
      return nullptr; // a template operator(), or several
    Only = MD;
  }
  return Only ? Only->getType()->getAs<FunctionProtoType>() : nullptr;
}

bool handlerSignatureMatches(const SignatureCondition &S, const Expr *Handler,
                             const ASTContext &Ctx) {
  // The outermost type that says how the callable is called: the
  // std::function a callable was converted to when the API takes one (the
  // overload the compiler chose), else the callable's own type.
  const Expr *E = Handler;
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreParens();
    if (const FunctionProtoType *FPT = callSignatureOf(E->getType(), Ctx))
      return typesMatch(S, FPT->getParamTypes(), FPT->getReturnType(), Ctx);
    if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E))
      E = ICE->getSubExpr();
    else if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E))
      E = MT->getSubExpr();
    else if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(E))
      E = BT->getSubExpr();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
             CE && CE->getNumArgs() >= 1)
      E = CE->getArg(0);
    else if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E))
      E = FC->getSubExpr();
    else
      return false;
  }
  return false;
}

} // namespace stallscan
