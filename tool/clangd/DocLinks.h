//===--- DocLinks.h - Our doc links in clangd's diagnostics -----*- C++ -*-===//
#ifndef STALLSCAN_CLANGD_DOCLINKS_H
#define STALLSCAN_CLANGD_DOCLINKS_H

#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace stallscan {

/// One LSP message with the codeDescription of every stallscan diagnostic
/// pointing at \p HelpUriBase + "checks/<id without prefix>.md", or removed
/// when \p HelpUriBase is empty. std::nullopt when nothing changes.
std::optional<std::string> rewriteDocLinks(llvm::StringRef Body,
                                           llvm::StringRef HelpUriBase);

/// Puts a filter between clangd and standard output that passes every LSP
/// message through rewriteDocLinks. finish() (also run at exit) waits until
/// everything written reached the real standard output.
class DocLinkFilter {
public:
  /// False (and nothing changed) when the pipe cannot be set up.
  bool start(std::string HelpUriBase);
  void finish();
};

} // namespace stallscan

#endif
