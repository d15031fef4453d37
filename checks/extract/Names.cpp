//===--- Names.cpp - Stable names and ids for declarations ----------------===//
//
// Function ids must be equal for the same function in every TU and different
// for different functions: USRs do this for external linkage. Functions with
// internal linkage get the TU's main file appended (two TUs may each have a
// static "helper"). Lambdas are named by where they are written, since their
// USRs do not tell two lambdas of one function apart.
//
//===----------------------------------------------------------------------===//
#include "extract/Names.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace stallscan {

std::string qualifiedName(const NamedDecl *D) {
  std::vector<std::string> Parts;
  Parts.push_back(D->getNameAsString());
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isInline() || NS->isAnonymousNamespace())
        continue;
      Parts.push_back(NS->getNameAsString());
    } else if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
      const auto *CRD = dyn_cast<CXXRecordDecl>(RD);
      if (CRD && CRD->isLambda())
        Parts.push_back("(lambda)");
      else if (!RD->getName().empty())
        Parts.push_back(RD->getNameAsString());
      else if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
        // C's `typedef struct { ... } ngx_event_actions_t;`: named by its
        // typedef, or every anonymous struct's `handler` would be one field.
        Parts.push_back(TD->getNameAsString());
      else
        Parts.push_back("(anonymous)");
    } else if (const auto *FD = dyn_cast<FunctionDecl>(DC)) {
      Parts.push_back(qualifiedName(FD));
      break;
    }
  }
  std::string Out;
  for (auto It = Parts.rbegin(); It != Parts.rend(); ++It) {
    if (!Out.empty())
      Out += "::";
    Out += *It;
  }
  return Out;
}

/// The static class of the object a member is called on, before any
/// derived-to-base conversion: for `ofs.flush()` that is basic_ofstream, not
/// the basic_ostream that declares flush().
static const CXXRecordDecl *objectClass(const CXXMemberCallExpr *MCE) {
  const Expr *Obj = MCE->getImplicitObjectArgument();
  if (!Obj)
    return nullptr;
  QualType T = Obj->IgnoreImpCasts()->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return T->getAsCXXRecordDecl();
}

std::vector<std::string> calleeNames(const FunctionDecl *FD, const Expr *Call) {
  std::vector<std::string> Names{qualifiedName(FD)};
  if (const auto *MCE = dyn_cast_or_null<CXXMemberCallExpr>(Call))
    if (const CXXRecordDecl *RD = objectClass(MCE)) {
      std::string ByObject = qualifiedName(RD) + "::" + FD->getNameAsString();
      if (ByObject != Names.front())
        Names.push_back(std::move(ByObject));
    }
  return Names;
}

bool isPreprocessedInput(const SourceManager &SM) {
  if (SM.getMainFileID().isInvalid())
    return false;
  FileID Main = SM.getMainFileID();
  StringRef Ext = llvm::sys::path::extension(
      SM.getBufferName(SM.getLocForStartOfFile(Main)));
  return Ext == ".i" || Ext == ".ii" || Ext == ".mi" || Ext == ".mii" ||
         SM.getBufferData(Main).starts_with("# 1 \"");
}

FunctionIds::FunctionIds(ASTContext &Ctx)
    : Ctx(Ctx), SM(Ctx.getSourceManager()) {
  FileID Main = SM.getMainFileID();
  Preprocessed = isPreprocessedInput(SM);
  MainFile = filePath(Main);
  if (Preprocessed)
    if (std::string Source = preprocessedSource(SM); !Source.empty())
      MainFile = presumedPath(Source);
}

std::string preprocessedSource(const SourceManager &SM) {
  // The source the preprocessor read is named by the first line marker,
  // `# 1 "<source>"`, which renames the lines after it.
  FileID Main = SM.getMainFileID();
  StringRef Buf = SM.getBufferData(Main);
  size_t Eol = Buf.find('\n');
  if (Eol == StringRef::npos || Eol + 1 >= Buf.size())
    return "";
  PresumedLoc P = SM.getPresumedLoc(
      SM.getLocForStartOfFile(Main).getLocWithOffset(Eol + 1));
  return P.isValid() ? P.getFilename() : "";
}

std::string FunctionIds::presumedPath(StringRef Name) {
  auto [It, New] = PresumedCache.try_emplace(Name);
  if (New) {
    SmallString<256> P(Name);
    if (!Name.starts_with("<"))
      SM.getFileManager().makeAbsolutePath(P);
    llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
    It->second = std::string(P);
  }
  return It->second;
}

bool FunctionIds::inSystemHeader(SourceLocation L) const {
  return L.isValid() && SM.isInSystemHeader(SM.getExpansionLoc(L));
}

std::string FunctionIds::filePath(FileID FID) {
  auto It = PathCache.find(FID);
  if (It != PathCache.end())
    return It->second;
  std::string Path;
  if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID)) {
    SmallString<256> P(FE->getName());
    SM.getFileManager().makeAbsolutePath(P);
    llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
    Path = std::string(P);
  } else {
    Path = SM.getBufferName(SM.getLocForStartOfFile(FID)).str();
  }
  PathCache[FID] = Path;
  return Path;
}

Loc FunctionIds::loc(SourceLocation L) {
  if (L.isInvalid())
    return {};
  L = SM.getFileLoc(L);
  if (Preprocessed) {
    PresumedLoc P = SM.getPresumedLoc(L);
    if (P.isInvalid())
      return {};
    Loc Out;
    Out.File = presumedPath(P.getFilename());
    Out.Line = P.getLine();
    Out.Col = P.getColumn();
    return Out;
  }
  auto [FID, Offset] = SM.getDecomposedLoc(L);
  Loc Out;
  Out.File = filePath(FID);
  Out.Line = SM.getLineNumber(FID, Offset);
  Out.Col = SM.getColumnNumber(FID, Offset);
  return Out;
}

static const CXXRecordDecl *lambdaClass(const FunctionDecl *FD) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda())
      return MD->getParent();
  return nullptr;
}

std::string FunctionIds::functionId(const FunctionDecl *FD) {
  auto It = IdCache.find(FD);
  if (It != IdCache.end())
    return It->second;
  std::string Id;
  if (const CXXRecordDecl *L = lambdaClass(FD)) {
    Loc Where = loc(L->getLocation());
    Id = "lambda:" + Where.File.str() + ":" + std::to_string(Where.Line) + ":" +
         std::to_string(Where.Col);
    // Distinct lambdas from one macro expansion share a file location.
    SourceLocation Spelling = SM.getSpellingLoc(L->getLocation());
    if (L->getLocation().isMacroID())
      Id += "#" + std::to_string(SM.getSpellingLineNumber(Spelling)) + ":" +
            std::to_string(SM.getSpellingColumnNumber(Spelling));
  } else {
    SmallString<128> USR;
    if (index::generateUSRForDecl(FD, USR))
      Id = "name:" + qualifiedName(FD);
    else
      Id = std::string(USR);
    if (!FD->isExternallyVisible())
      Id += "@" + MainFile;
  }
  IdCache[FD] = Id;
  return Id;
}

std::string FunctionIds::displayName(const FunctionDecl *FD) {
  if (const CXXRecordDecl *L = lambdaClass(FD)) {
    const DeclContext *DC = L->getDeclContext();
    while (DC && !isa<FunctionDecl>(DC))
      DC = DC->getParent();
    if (const auto *Outer = dyn_cast_or_null<FunctionDecl>(DC))
      return "lambda in " + displayName(Outer);
    return "lambda";
  }
  return qualifiedName(FD);
}

} // namespace stallscan
