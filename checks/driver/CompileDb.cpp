//===--- CompileDb.cpp - Loading compile_commands.json --------------------===//
//
// Validation is ours (exact messages, entry numbers); splitting "command"
// strings into arguments is LLVM's (the same shell-like rules clang-tidy uses).
//
//===----------------------------------------------------------------------===//
#include "driver/CompileDb.h"
#include "driver/Config.h"

#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <set>

namespace stallscan {

std::vector<CompileJob> loadCompileDatabase(const std::string &Path) {
  nlohmann::json J = parseJsonFile(Path, /*AllowComments=*/false);
  if (!J.is_array())
    throw ConfigError(Path + ":1:1: a compilation database is a JSON array of "
                             "{directory, file, command|arguments} entries");
  if (J.empty())
    throw ConfigError(Path + ": the compilation database has no entries");
  for (size_t I = 0; I < J.size(); ++I) {
    const auto &E = J[I];
    auto Bad = [&](const std::string &Why) {
      throw ConfigError(Path + ": entry " + std::to_string(I + 1) + ": " + Why);
    };
    if (!E.is_object())
      Bad("not an object");
    if (!E.contains("directory") || !E["directory"].is_string())
      Bad("missing \"directory\"");
    if (!E.contains("file") || !E["file"].is_string())
      Bad("missing \"file\"");
    bool HasCommand = E.contains("command") && E["command"].is_string();
    bool HasArgs = E.contains("arguments") && E["arguments"].is_array() &&
                   !E["arguments"].empty();
    if (!HasCommand && !HasArgs)
      Bad("needs \"command\" (a string) or \"arguments\" (a list)");
    // Every value typed, no unknown key: LLVM's loader would reject these
    // too, with a message naming neither the file nor the entry.
    for (auto It = E.begin(); It != E.end(); ++It) {
      const std::string &K = It.key();
      if (K == "arguments") {
        if (!It.value().is_array())
          Bad("\"arguments\" must be a list of strings");
        for (const auto &A : It.value())
          if (!A.is_string())
            Bad("\"arguments\" must be a list of strings");
      } else if (K == "command" || K == "output") {
        if (!It.value().is_string())
          Bad("\"" + K + "\" must be a string");
      } else if (K != "directory" && K != "file") {
        Bad("unknown key \"" + K +
            "\" (expected directory, file, command, arguments, output)");
      }
    }
  }

  std::string Err;
  auto Db = clang::tooling::JSONCompilationDatabase::loadFromFile(
      Path, Err, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!Db)
    throw ConfigError(Path + ": " + Err);
  std::vector<CompileJob> Jobs;
  std::set<std::string> Seen;
  for (auto &Cmd : Db->getAllCompileCommands()) {
    llvm::SmallString<256> File(Cmd.Filename);
    if (!llvm::sys::path::is_absolute(File))
      llvm::sys::fs::make_absolute(Cmd.Directory, File);
    llvm::sys::path::remove_dots(File, true);
    std::string F(File);
    if (!Seen.insert(F).second)
      continue; // one command per file, the first
    Jobs.push_back({F, Cmd.Directory, Cmd.CommandLine});
  }
  return Jobs;
}

} // namespace stallscan
