//===--- Extractor.h - One AST pass per TU -> TU summary --------*- C++ -*-===//
#ifndef STALLSCAN_EXTRACT_EXTRACTOR_H
#define STALLSCAN_EXTRACT_EXTRACTOR_H

#include <memory>

namespace clang {
class ASTConsumer;
class ASTContext;
} // namespace clang

namespace stallscan {
class Catalog;
struct TUSummary;

/// Walks the user code of one parsed TU (system headers are summarised by the
/// catalog, not walked) and appends its facts to \p Out.
void extractFacts(clang::ASTContext &Ctx, const Catalog &Cat, TUSummary &Out);

/// An ASTConsumer that runs extractFacts() when the TU is complete.
std::unique_ptr<clang::ASTConsumer> makeExtractConsumer(const Catalog &Cat,
                                                        TUSummary &Out);

} // namespace stallscan

#endif
