//===--- Signature.h - Catalog entries chosen by declaration ----*- C++ -*-===//
#ifndef STALLSCAN_EXTRACT_SIGNATURE_H
#define STALLSCAN_EXTRACT_SIGNATURE_H

#include <string>

namespace clang {
class ASTContext;
class Expr;
class FunctionDecl;
class QualType;
} // namespace clang

namespace stallscan {

struct SignatureCondition;

/// Whether FD's declaration has the parameter types, return type and class
/// (or base class) that an entry's `if_signature` asks for.
bool signatureMatches(const SignatureCondition &S, const clang::FunctionDecl *FD,
                      const clang::ASTContext &Ctx);

/// Whether the callable Handler evaluates to (a lambda, a function, a
/// std::function it is converted to) takes the parameter types and returns
/// the type an entry's `if_handler_signature` asks for. A callable whose
/// signature its type does not say (a generic lambda, std::bind's result)
/// matches no condition.
bool handlerSignatureMatches(const SignatureCondition &S,
                             const clang::Expr *Handler,
                             const clang::ASTContext &Ctx);

/// A type as the catalog's type globs see it: with namespaces, without
/// inline namespaces, the global `::` prefix or `struct`/`class` keywords.
/// Canonical: with typedefs resolved.
std::string catalogTypeText(clang::QualType T, const clang::ASTContext &Ctx,
                            bool Canonical);

} // namespace stallscan

#endif
