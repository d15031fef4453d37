//===--- CompileDb.cpp - Compile commands: loading and sanitising ---------===//
//
// Validation of compile_commands.json is ours (exact messages, entry
// numbers); splitting "command" strings into arguments is LLVM's (the same
// shell-like rules clang-tidy uses).
//
// A compile command is data from the analysed repository, so it must never
// make stallscan run a program. The embedded Clang never executes its jobs
// (ToolInvocation runs the one cc1 job in-process), but building the
// compilation can: GPU architecture detection runs nvptx-arch / amdgpu-arch
// (found through -B, -ccc-install-dir, the working folder or PATH) for
// --offload-arch=native, -fopenmp-targets=..., an nvptx/amdgcn --target with
// -march/-mcpu=native, or any path given by --nvptx-arch-tool= /
// --amdgpu-arch-tool=. sanitizeCommand removes those by option identity (so
// every spelling and alias goes), and analyses CUDA/HIP host-only. It also
// removes what writes files or loads code, and config files (--config and
// the default clang++.cfg next to the "executable", which would add options
// behind our back). strace showed -B, --gcc-toolchain, --gcc-install-dir,
// -fuse-ld, -no-integrated-as, -fno-integrated-cc1, -save-temps and
// -fprofile-* run nothing under -fsyntax-only here; they are kept because
// some of them choose the headers (test/cli/no-exec.test proves it).
//
// Response files (@file) are expanded before that, so their contents are
// sanitised like the rest.
//
//===----------------------------------------------------------------------===//
#include "driver/CompileDb.h"
#include "driver/Config.h"

#include "clang/Driver/Options.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/StringSaver.h"
#include "llvm/TargetParser/Triple.h"
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

//===--- Response files ---------------------------------------------------===//

namespace {
constexpr unsigned MaxResponseDepth = 16;
constexpr size_t MaxArguments = 1u << 20;

/// Appends the expansion of \p Arg to \p Out. A nested @file is relative to
/// the file that names it, as in Clang's own driver.
bool expandArg(const std::string &Arg, const std::string &BaseDir,
               bool Windows, unsigned Depth, std::vector<std::string> &Out,
               std::string &Error) {
  if (Arg.size() < 2 || Arg[0] != '@') {
    Out.push_back(Arg);
    return true;
  }
  if (Depth >= MaxResponseDepth) {
    Error = "response files nested more than " +
            std::to_string(MaxResponseDepth) + " deep at '" + Arg +
            "' (a loop?)";
    return false;
  }
  llvm::SmallString<256> Path(llvm::StringRef(Arg).drop_front());
  if (!llvm::sys::path::is_absolute(Path))
    llvm::sys::fs::make_absolute(BaseDir, Path);
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf) {
    Error = "cannot read response file '" + std::string(Path) +
            "': " + Buf.getError().message();
    return false;
  }
  llvm::BumpPtrAllocator Alloc;
  llvm::StringSaver Saver(Alloc);
  llvm::SmallVector<const char *, 64> Tokens;
  if (Windows)
    llvm::cl::TokenizeWindowsCommandLine((*Buf)->getBuffer(), Saver, Tokens);
  else
    llvm::cl::TokenizeGNUCommandLine((*Buf)->getBuffer(), Saver, Tokens);
  std::string Dir(llvm::sys::path::parent_path(Path));
  for (const char *T : Tokens) {
    if (!T)
      continue;
    if (!expandArg(T, Dir, Windows, Depth + 1, Out, Error))
      return false;
    if (Out.size() > MaxArguments) {
      Error = "response file '" + std::string(Path) +
              "' expands to more than " +
              std::to_string(MaxArguments) + " arguments";
      return false;
    }
  }
  return true;
}
} // namespace

bool expandResponseFiles(std::vector<std::string> &Args,
                         const std::string &Directory, std::string &Error) {
  bool Any = false;
  for (const auto &A : Args)
    Any |= A.size() > 1 && A[0] == '@';
  if (!Any)
    return true;
  bool Windows =
      !Args.empty() && llvm::sys::path::filename(Args[0]).contains("clang-cl");
  for (const auto &A : Args)
    Windows |= A == "--driver-mode=cl";
  std::vector<std::string> Out;
  for (size_t I = 0; I < Args.size(); ++I) {
    if (I == 0) { // the compiler, never a response file
      Out.push_back(Args[0]);
      continue;
    }
    if (!expandArg(Args[I], Directory, Windows, 0, Out, Error))
      return false;
  }
  Args.swap(Out);
  return true;
}

//===--- Sanitising -------------------------------------------------------===//

namespace {
using namespace clang::driver::options;

static bool startsWith(const std::string &S, llvm::StringRef P) {
  return llvm::StringRef(S).starts_with(P);
}

/// Options that run a program, select one to run, or feed GPU detection; and
/// immediate or printing actions that would write to our stdout.
bool runsOrSelectsAProgram(const llvm::opt::Option &O) {
  for (unsigned Id :
       {OPT_offload_arch_EQ, OPT_no_offload_arch_EQ, OPT_amdgpu_arch_tool_EQ,
        OPT_nvptx_arch_tool_EQ, OPT_offload_EQ, OPT_fopenmp_targets_EQ,
        OPT_Xopenmp_target, OPT_Xopenmp_target_EQ, OPT_Xarch__,
        OPT_Xarch_device, OPT_Xcuda_ptxas, OPT_Xcuda_fatbinary,
        OPT_Xoffload_linker, OPT_ptxas_path_EQ, OPT_hipspv_pass_plugin_EQ,
        OPT_offload_host_only, OPT_offload_device_only, OPT_offload_host_device,
        OPT_ccc_, OPT_ccc_print_phases, OPT_internal_debug_Group,
        OPT_config, OPT_config_system_dir_EQ, OPT_config_user_dir_EQ,
        OPT_no_default_config, OPT__HASH_HASH_HASH, OPT_Action_Group, OPT_MJ,
        OPT_v, OPT_help, OPT__help_hidden, OPT__version, OPT__target_help,
        OPT_dumpmachine, OPT_dumpversion, OPT_dumpspecs,
        OPT_print_file_name_EQ, OPT_print_prog_name_EQ, OPT_print_search_dirs,
        OPT_print_libgcc_file_name, OPT_print_multi_directory,
        OPT_print_multi_lib, OPT_print_multi_os_directory,
        OPT_print_multi_flags, OPT_print_resource_dir, OPT_print_runtime_dir,
        OPT_print_target_triple, OPT_print_effective_triple,
        OPT_print_targets, OPT_print_supported_cpus,
        OPT_print_supported_extensions, OPT_print_enabled_extensions,
        OPT_print_rocm_search_dirs, OPT_print_std_module_manifest_path,
        OPT__print_diagnostic_categories, OPT_print_diagnostic_options})
    if (O.matches(Id))
      return true;
  // -ccc-* and --rsp-quoting; --driver-mode chooses the flag syntax.
  return O.matches(OPT_internal_driver_Group) && !O.matches(OPT_driver_mode);
}

bool loadsCode(const llvm::opt::Option &O) {
  return O.matches(OPT_fplugin_EQ) || O.matches(OPT_fplugin_arg) ||
         O.matches(OPT_fpass_plugin_EQ);
}

llvm::opt::InputArgList parseDriverArgs(const std::vector<std::string> &Args,
                                        size_t From,
                                        std::vector<const char *> &Ptrs) {
  for (size_t I = From; I < Args.size(); ++I)
    Ptrs.push_back(Args[I].c_str());
  unsigned MissingIndex = 0, MissingCount = 0;
  return clang::driver::getDriverOptTable().ParseArgs(
      Ptrs, MissingIndex, MissingCount, llvm::opt::Visibility(ClangOption));
}

bool isGpuTriple(llvm::StringRef T) {
  llvm::Triple Triple(T);
  return Triple.isNVPTX() || Triple.isAMDGPU() || Triple.isSPIR() ||
         Triple.isSPIRV();
}
} // namespace

std::vector<std::string> sanitizeCommand(const std::vector<std::string> &In,
                                         bool AllowPlugins) {
  if (In.empty())
    return {};
  std::vector<std::string> Out;
  // A deterministic driver mode, whatever compiler the build used (g++, cc,
  // a ccache wrapper...).
  llvm::StringRef Compiler = llvm::sys::path::filename(In[0]);
  bool CXX = Compiler.contains("++") || Compiler.ends_with("clang-cl");
  Out.push_back(CXX ? "clang++" : "clang");

  // Arguments that take a value in the next token and must go with it.
  static const std::set<std::string> DropWithValue = {
      "-o",
      "-MF",
      "-MT",
      "-MQ",
      "--serialize-diagnostics",
      "-dependency-file",
      "-ftime-trace-granularity"};
  static const std::set<std::string> DropAlone = {"-c",
                                                  "-S",
                                                  "-E",
                                                  "-M",
                                                  "-MM",
                                                  "-MD",
                                                  "-MMD",
                                                  "-MP",
                                                  "-MG",
                                                  "-Werror",
                                                  "-fsyntax-only",
                                                  "-save-temps",
                                                  "-pedantic-errors",
                                                  "-fcolor-diagnostics",
                                                  "-fdiagnostics-color",
                                                  "-ftime-trace"};
  static const std::set<std::string> PluginXclang = {"-load", "-plugin",
                                                     "-add-plugin"};

  for (size_t I = 1; I < In.size(); ++I) {
    const std::string &A = In[I];
    if (DropWithValue.count(A)) {
      ++I;
      continue;
    }
    if (DropAlone.count(A) || startsWith(A, "-save-temps=") ||
        startsWith(A, "-Werror=") || startsWith(A, "-ftime-trace=") ||
        startsWith(A, "-fdiagnostics-color=") || startsWith(A, "-MF") ||
        (startsWith(A, "-o") && A.size() > 2 && A != "-objcmt"))
      continue;
    if (!AllowPlugins && A == "-Xclang" && I + 1 < In.size()) {
      const std::string &Next = In[I + 1];
      if (PluginXclang.count(Next) || startsWith(Next, "-plugin-arg-")) {
        // -Xclang -load -Xclang lib.so: the flag and its value go together.
        I += 1;
        if (I + 2 < In.size() && In[I + 1] == "-Xclang")
          I += 2;
        continue;
      }
      if (startsWith(Next, "-load=") || startsWith(Next, "-add-plugin=") ||
          startsWith(Next, "-plugin=")) {
        ++I;
        continue;
      }
    }
    Out.push_back(A);
  }

  // The rest is decided by what Clang's driver makes of each argument, so
  // every spelling of an option (--cuda-gpu-arch= is --offload-arch=) and
  // every token of a multi-token option goes together. What the driver does
  // not know (GCC-only flags) goes too: it would be a fatal error.
  std::vector<const char *> Ptrs;
  llvm::opt::InputArgList Parsed = parseDriverArgs(Out, 1, Ptrs);
  std::vector<std::pair<unsigned, const llvm::opt::Arg *>> Starts;
  for (const llvm::opt::Arg *A : Parsed)
    Starts.push_back({A->getIndex(), A});
  std::sort(Starts.begin(), Starts.end(),
            [](const auto &L, const auto &R) { return L.first < R.first; });
  bool GpuTarget = false;
  for (const llvm::opt::Arg *A : Parsed.filtered(OPT_target))
    GpuTarget |= isGpuTriple(A->getValue());

  auto Drop = [&](const llvm::opt::Arg *A) -> bool {
    const llvm::opt::Option &O = A->getOption();
    if (O.matches(OPT_UNKNOWN) || runsOrSelectsAProgram(O))
      return true;
    if (!AllowPlugins && loadsCode(O))
      return true;
    // A GPU target detects the GPU of this machine for "native".
    if (GpuTarget &&
        (O.matches(OPT_march_EQ) || O.matches(OPT_mcpu_EQ) ||
         O.matches(OPT_mtune_EQ)) &&
        llvm::StringRef(A->getValue()) == "native")
      return true;
    if (O.matches(OPT_Xarch_host)) { // keep -Xarch_host <arg> if <arg> is safe
      std::vector<std::string> One = {"clang", A->getValue()};
      return sanitizeCommand(One, AllowPlugins).back() != A->getValue();
    }
    return false;
  };

  std::vector<std::string> Kept = {Out[0]};
  for (size_t K = 0; K < Starts.size(); ++K) {
    unsigned Begin = Starts[K].first;
    unsigned End = K + 1 < Starts.size() ? Starts[K + 1].first
                                         : static_cast<unsigned>(Ptrs.size());
    if (Drop(Starts[K].second))
      continue;
    for (unsigned T = Begin; T < End; ++T)
      Kept.push_back(Out[T + 1]);
  }
  // CUDA and HIP are analysed as host code: no device toolchain, no GPU
  // detection; and no configuration file may add options.
  Kept.insert(Kept.begin() + 1, {"--no-default-config", "--offload-host-only"});
  return Kept;
}

} // namespace stallscan
