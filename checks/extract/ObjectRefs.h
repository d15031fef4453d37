//===--- ObjectRefs.h - Which object an expression denotes ------*- C++ -*-===//
#ifndef STALLSCAN_EXTRACT_OBJECTREFS_H
#define STALLSCAN_EXTRACT_OBJECTREFS_H

#include "summary/Summary.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include <string>

namespace clang {
class ASTContext;
class Stmt;
class CallExpr;
class Expr;
class FieldDecl;
class FunctionDecl;
class VarDecl;
} // namespace clang

namespace stallscan {
class FunctionIds;

/// Names the object an expression denotes, relative to what the enclosing
/// function knows (see ObjectRef in Summary.h): a global or static, its own
/// `this`, a parameter, a local of its own or of the function a lambda is
/// written in, and member paths from those. The link step resolves `this`,
/// parameters and locals program-wide (analysis/Objects.cpp).
class ObjectResolver {
public:
  ObjectResolver(clang::ASTContext &Ctx, FunctionIds &Ids);
  ~ObjectResolver();

  /// The object of class type an expression denotes (through references).
  /// \p Cur is the function the expression is in (captures are by copy or
  /// by reference per lambda).
  ObjectRef objectOf(const clang::Expr *E, const clang::FunctionDecl *Cur,
                     unsigned Depth = 0);
  /// The object a pointer (or smart pointer) expression points to.
  ObjectRef pointeeOf(const clang::Expr *E, const clang::FunctionDecl *Cur,
                      unsigned Depth = 0);
  /// The object a member call is made on, or unknown.
  ObjectRef receiverOf(const clang::CallExpr *CE,
                       const clang::FunctionDecl *Cur);
  /// The object passed to a reference or pointer parameter.
  ObjectRef argumentObject(const clang::Expr *Arg, bool PointerParam,
                           const clang::FunctionDecl *Cur);

  /// The object a variable names (a constructor's receiver).
  ObjectRef ofVariable(const clang::VarDecl *VD,
                       const clang::FunctionDecl *Cur) {
    return variable(VD, Cur, false, 0);
  }
  /// The object a member function handler is bound to: the pointee of a
  /// pointer or smart pointer (`this`, `&server`, `session`); an object
  /// passed by value is a copy, unknown.
  ObjectRef boundObject(const clang::Expr *E, const clang::FunctionDecl *Cur);

  /// `qualified::name`, TU-qualified for internal linkage.
  std::string globalKey(const clang::VarDecl *VD);

  /// A local declared inside a loop: one object per iteration, never named.
  void noteLoopLocal(const clang::VarDecl *VD) { InLoop[VD] = true; }

  /// O's member F: ".f" after an object, "->f" after a pointee.
  static ObjectRef member(ObjectRef O, const std::string &Field);

private:
  bool capturedByCopy(const clang::VarDecl *VD, const clang::FunctionDecl *Cur);
  bool assignedAfterInit(const clang::VarDecl *VD);
  ObjectRef singleton(const clang::CallExpr *CE, bool Pointer);
  ObjectRef variable(const clang::VarDecl *VD, const clang::FunctionDecl *Cur,
                     bool Pointee, unsigned Depth);

  clang::ASTContext &Ctx;
  FunctionIds &Ids;
  llvm::DenseMap<const clang::VarDecl *, bool> InLoop;
  /// Per function body: its locals written after their initialisation.
  llvm::DenseMap<const clang::Stmt *,
                 std::unique_ptr<llvm::DenseSet<const clang::VarDecl *>>>
      Written;
};

} // namespace stallscan

#endif
