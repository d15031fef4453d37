//===--- ExprPredicates.h - Tests on call arguments -------------*- C++ -*-===//
#ifndef STALLSCAN_EXTRACT_EXPRPREDICATES_H
#define STALLSCAN_EXTRACT_EXPRPREDICATES_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class Expr;
class StringLiteral;
class VarDecl;
} // namespace clang

namespace stallscan {

/// The variable an object expression names: `f`, `(f)`, `std::move(f)`,
/// `std::forward<F>(f)`, a copy or move construction from it.
const clang::VarDecl *objectVariable(const clang::Expr *E);

/// objectVariable, a capture initialised from a variable (`[f =
/// std::move(f)]`) standing for that variable.
const clang::VarDecl *objectVariableOrCapture(const clang::Expr *E);

/// Whether A and B name the same object: one variable, one field of the
/// same object, or one argument-less member call on it (`conn_.get()`).
bool sameObject(const clang::Expr *A, const clang::Expr *B);

/// Whether an initializer is itself a callable (not the result of a call):
/// a lambda, a function or member pointer, a functor or std::function, or
/// what std::bind-like wrappers return.
bool isCallableValue(const clang::Expr *E);

/// E without the wrappers a value keeps its identity through: implicit
/// conversions, temporaries, a copy or converting constructor (its other
/// arguments defaulted), `.c_str()` / `.data()`.
const clang::Expr *passedValue(const clang::Expr *E);

/// The ordinary string literal E carries through implicit conversions, a
/// converting constructor (`StringArg("/proc/x")`, `std::string("/x")`) and
/// `.c_str()` / `.data()`; null if none.
const clang::StringLiteral *carriedLiteral(const clang::Expr *E);

/// Whether Text is one of Names, where a name ending in '*' matches the
/// texts it begins ("/proc/*").
bool textMatchesNames(llvm::StringRef Text,
                      const std::vector<std::string> &Names);

/// Whether A is a string literal, or names a declaration (an enumerator, a
/// constant, a member), spelled as one of Names; a const variable counts by
/// its initializer.
bool argNamedOneOf(const clang::Expr *A, const std::vector<std::string> &Names);

/// Whether A's class type (through a reference or pointer) is one of Types or
/// nested in one of them.
bool argHasTypeOf(const clang::Expr *A, const std::vector<std::string> &Types);

/// Whether A is a field, or the address of a field, of an object whose type
/// (a struct or class, by qualified name) is one of Types; a local variable
/// counts by its initializer (`redisContext *c = &ac->c;`).
bool argIsMemberOf(const clang::Expr *A, const std::vector<std::string> &Types);

/// Whether A is zero: a constant, a duration literal (0s, 0ms), a
/// construction from zero, or a call to zero().
bool isZero(const clang::Expr *A, clang::ASTContext &Ctx);

/// Whether A is a constant with any of the bits of Mask set.
bool argHasBits(const clang::Expr *A, uint64_t Mask, clang::ASTContext &Ctx);

} // namespace stallscan

#endif
