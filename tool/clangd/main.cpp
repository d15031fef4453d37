//===--- main.cpp - clangd with the stallscan checks compiled in ----------===//
//
// Stock clangd loads no plugins and no out-of-tree clang-tidy checks. This is
// Debian's clangd (its clangdMain static library) with our clang-tidy module
// compiled into the executable, so one parse gives clangd's own features and
// the stallscan diagnostics, enabled like any clang-tidy check in .clangd:
//
//   Diagnostics:
//     ClangTidy:
//       Add: [stallscan-*]
//       FastCheckFilter: None
//
// clangd looks for Clang's resource directory (stddef.h, ...) beside its own
// executable, which is not where this one lives; unless --resource-dir is
// given, the one stallscan uses is passed on.
//
// clangd would link each stallscan diagnostic to a clang-tidy page that does
// not exist; --stallscan-help-uri-base=URI (the docs/ folder, as the CLI's
// --help-uri-base) links it to ours, and without it there is no link
// (DocLinks.cpp). --version names this build before clangd's own version.
//
//===----------------------------------------------------------------------===//
#include "DocLinks.h"
#include "driver/Driver.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace clang {
namespace clangd {
// Declared in clang-tools-extra/clangd/tool/ClangdMain.h, which Debian does
// not ship; defined in libclangdMain.a.
int clangdMain(int argc, char *argv[]);
} // namespace clangd
} // namespace clang

int main(int argc, char *argv[]) {
  std::vector<char *> Args{argv[0]};
  bool HasResourceDir = false, Version = false;
  std::string HelpUriBase;
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef A(argv[I]);
    if (A.consume_front("--stallscan-help-uri-base=")) {
      HelpUriBase = A.str();
      continue;
    }
    if (A.starts_with("--resource-dir") || A.starts_with("-resource-dir"))
      HasResourceDir = true;
    Version |= A == "--version" || A == "-version";
    Args.push_back(argv[I]);
  }
  if (Version) {
    llvm::outs() << "stallscan-clangd " << STALLSCAN_VERSION
                 << ": clangd with the stallscan checks compiled in\n";
    llvm::outs().flush();
  }
  static std::string ResourceDirArg =
      "--resource-dir=" + stallscan::findResourceDir(argv[0]);
  if (!HasResourceDir)
    Args.insert(Args.begin() + 1, ResourceDirArg.data());
  Args.push_back(nullptr);
  stallscan::DocLinkFilter Filter;
  bool Filtered = !Version && Filter.start(HelpUriBase);
  int Exit =
      clang::clangd::clangdMain(static_cast<int>(Args.size()) - 1, Args.data());
  if (Filtered) {
    llvm::outs().flush();
    Filter.finish();
  }
  return Exit;
}
