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
//===----------------------------------------------------------------------===//
#include "extract/Signature.h"
#include "catalog/Catalog.h"
#include "extract/Names.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
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

bool signatureMatches(const SignatureCondition &S, const FunctionDecl *FD,
                      const ASTContext &Ctx) {
  if (S.HasParams) {
    unsigned N = FD->getNumParams();
    if (N < S.Params.size() || (!S.AnyMoreParams && N != S.Params.size()))
      return false;
    for (unsigned I = 0; I < S.Params.size(); ++I)
      if (!typeMatches({S.Params[I]}, FD->getParamDecl(I)->getType(), Ctx))
        return false;
  }
  if (!S.Returns.empty() && !typeMatches(S.Returns, FD->getReturnType(), Ctx))
    return false;
  if (!S.ClassDerives.empty()) {
    auto *MD = dyn_cast<CXXMethodDecl>(FD);
    if (!MD || !derivesFrom(MD->getParent(), S.ClassDerives))
      return false;
  }
  return true;
}

} // namespace stallscan
