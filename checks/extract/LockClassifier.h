//===--- LockClassifier.h - What a call does to locks -----------*- C++ -*-===//
#ifndef STALLSCAN_EXTRACT_LOCKCLASSIFIER_H
#define STALLSCAN_EXTRACT_LOCKCLASSIFIER_H

#include "extract/LockFlow.h"
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace clang {
class ASTContext;
class Expr;
class FunctionDecl;
class Stmt;
class VarDecl;
} // namespace clang

namespace stallscan {
class Catalog;
class ObjectResolver;
struct ObjectRef;

/// Classifies calls as lock operations, from the catalog's "locks" entries
/// and from Clang's thread-safety attributes, and names the locks they touch
/// with stable keys. Used by the extractor for the lock dataflow.
class LockClassifier {
public:
  LockClassifier(clang::ASTContext &Ctx, const Catalog &Cat,
                 ObjectResolver &Objects);
  ~LockClassifier();

  /// The function whose body is being classified (for local lock keys and
  /// the objects member locks belong to).
  void setFunction(std::string Id, const clang::FunctionDecl *FD);

  /// The object a member lock key named in this function belongs to
  /// (the lock's own member path), or an unknown ObjectRef.
  ObjectRef objectOfKey(const std::string &Key) const;

  /// What the call or construction S does; Target is the variable a
  /// constructor initialises (a guard), if any.
  LockEvent classify(const clang::Stmt *S, const clang::VarDecl *Target);

  /// Whether a call to FD (known by Names in the catalog) touches a lock.
  bool hasLockSemantics(const clang::FunctionDecl *FD,
                        const std::vector<std::string> &Names);

  /// Whether FD's body makes it a lock wrapper (acquires, releases or
  /// try-locks a lock it is given, or a global, for its caller).
  bool isLockWrapper(const clang::FunctionDecl *FD);

  /// The lock an expression names: {stable key, as written}.
  std::pair<std::string, std::string> lockOf(const clang::Expr *E);

private:
  class Impl;
  std::unique_ptr<Impl> P;
};

} // namespace stallscan

#endif
