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
//===----------------------------------------------------------------------===//
#include "driver/Driver.h"

#include "llvm/ADT/StringRef.h"
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
  std::vector<char *> Args(argv, argv + argc);
  bool HasResourceDir = false;
  for (int I = 1; I < argc; ++I)
    if (llvm::StringRef(argv[I]).starts_with("--resource-dir") ||
        llvm::StringRef(argv[I]).starts_with("-resource-dir"))
      HasResourceDir = true;
  static std::string ResourceDirArg =
      "--resource-dir=" + stallscan::findResourceDir(argv[0]);
  if (!HasResourceDir)
    Args.insert(Args.begin() + 1, ResourceDirArg.data());
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(static_cast<int>(Args.size()) - 1,
                                   Args.data());
}
