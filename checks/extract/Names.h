//===--- Names.h - Stable names and ids for declarations --------*- C++ -*-===//
#ifndef STALLSCAN_EXTRACT_NAMES_H
#define STALLSCAN_EXTRACT_NAMES_H

#include "summary/Summary.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class Decl;
class Expr;
class FunctionDecl;
class NamedDecl;
class SourceManager;
} // namespace clang

namespace stallscan {

/// "ns::Class::member" without template arguments, inline namespaces
/// (std::__cxx11, std::__1) or anonymous namespaces: the form catalog names
/// are written in.
std::string qualifiedName(const clang::NamedDecl *D);

/// The names a call may be known by in the catalog: the callee's qualified
/// name, and for a member call also "<static type of the object>::<method>",
/// so "std::future::wait" matches a method declared in a base class.
std::vector<std::string> calleeNames(const clang::FunctionDecl *FD,
                                     const clang::Expr *Call);

/// Whether the TU is the preprocessor's output (a .i/.ii file, or text
/// starting with a line marker), as distcc and icecream compile it on
/// another machine: then files and lines are those its line markers name.
bool isPreprocessedInput(const clang::SourceManager &SM);
/// The source file named by a preprocessed TU's first line marker, as
/// written there (not made absolute); empty if none.
std::string preprocessedSource(const clang::SourceManager &SM);

/// Per-TU naming state: function ids, display names and locations, memoised.
class FunctionIds {
public:
  explicit FunctionIds(clang::ASTContext &Ctx);
  /// USR of the function; TU-qualified for internal linkage; location-based
  /// for lambdas (whose USRs are not unique).
  std::string functionId(const clang::FunctionDecl *FD);
  /// "Session::on_read", "lambda in 'Session::start'".
  std::string displayName(const clang::FunctionDecl *FD);
  Loc loc(clang::SourceLocation L);
  bool inSystemHeader(clang::SourceLocation L) const;
  const std::string &mainFile() const { return MainFile; }

private:
  std::string filePath(clang::FileID FID);
  std::string presumedPath(llvm::StringRef Name);
  clang::ASTContext &Ctx;
  const clang::SourceManager &SM;
  std::string MainFile;
  /// Preprocessed input (distcc and icecream compile the preprocessor's
  /// output on another machine): files and lines come from its line markers.
  bool Preprocessed = false;
  llvm::StringMap<std::string> PresumedCache;
  llvm::DenseMap<const clang::Decl *, std::string> IdCache;
  llvm::DenseMap<clang::FileID, std::string> PathCache;
};

} // namespace stallscan

#endif
