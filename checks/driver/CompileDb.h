//===--- CompileDb.h - Loading compile_commands.json ------------*- C++ -*-===//
#ifndef STALLSCAN_DRIVER_COMPILEDB_H
#define STALLSCAN_DRIVER_COMPILEDB_H

#include "driver/Driver.h"
#include <string>
#include <vector>

namespace stallscan {

/// Loads a compilation database strictly: a JSON syntax error or an entry
/// without directory/file/command|arguments is a ConfigError with a location
/// (LLVM's own loader is lenient and would accept a truncated file). One job
/// per source file, in database order; files are absolute and normalised.
std::vector<CompileJob> loadCompileDatabase(const std::string &Path);

} // namespace stallscan

#endif
