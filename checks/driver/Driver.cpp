//===--- Driver.cpp - TUs in, summaries out -------------------------------===//
//
// Each TU is parsed by an embedded Clang through tooling::ToolInvocation with
// a per-TU physical file system (its own working directory), on a thread of
// its own with a clang-sized stack inside a CrashRecoveryContext: a TU that
// crashes the parser is reported and the run goes on.
//
// The cache stores a TU's summary under a key derived from the sanitised
// command line, the catalog and the tool version; the entry lists every file
// the TU read with its size, mtime and content hash. A warm hit re-stats those
// files and re-hashes only the ones whose size or mtime moved.
//
//===----------------------------------------------------------------------===//
#include "driver/Driver.h"
#include "catalog/Catalog.h"
#include "extract/Extractor.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Driver/Options.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Support/Chrono.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

namespace stallscan {

//===--- Command lines ----------------------------------------------------===//

static bool startsWith(const std::string &S, llvm::StringRef P) {
  return llvm::StringRef(S).starts_with(P);
}

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
    if (!AllowPlugins) {
      if (startsWith(A, "-fplugin=") || startsWith(A, "-fplugin-arg-") ||
          startsWith(A, "-fpass-plugin="))
        continue;
      if (A == "-Xclang" && I + 1 < In.size()) {
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
    }
    Out.push_back(A);
  }

  // Drop what the Clang driver does not know (GCC-only flags): they would be
  // fatal "unknown argument" errors.
  std::vector<const char *> Ptrs;
  for (size_t I = 1; I < Out.size(); ++I)
    Ptrs.push_back(Out[I].c_str());
  unsigned MissingIndex = 0, MissingCount = 0;
  const llvm::opt::OptTable &Table = clang::driver::getDriverOptTable();
  llvm::opt::InputArgList Parsed = Table.ParseArgs(
      Ptrs, MissingIndex, MissingCount,
      llvm::opt::Visibility(clang::driver::options::ClangOption));
  std::set<unsigned> Unknown;
  for (const llvm::opt::Arg *A :
       Parsed.filtered(clang::driver::options::OPT_UNKNOWN))
    Unknown.insert(A->getIndex() + 1);
  if (!Unknown.empty()) {
    std::vector<std::string> Kept;
    for (size_t I = 0; I < Out.size(); ++I)
      if (!Unknown.count(static_cast<unsigned>(I)))
        Kept.push_back(Out[I]);
    Out.swap(Kept);
  }
  return Out;
}

std::string findResourceDir(const char *Argv0) {
  if (const char *Env = std::getenv("STALLSCAN_RESOURCE_DIR"))
    return Env;
  std::string Exe =
      llvm::sys::fs::getMainExecutable(Argv0, (void *)&findResourceDir);
  if (!Exe.empty()) {
    llvm::SmallString<256> Beside(
        llvm::sys::path::parent_path(llvm::sys::path::parent_path(Exe)));
    llvm::sys::path::append(Beside, "lib", "clang",
                            std::to_string(LLVM_VERSION_MAJOR));
    if (llvm::sys::fs::exists(llvm::Twine(Beside) + "/include/stddef.h"))
      return std::string(Beside);
  }
  return STALLSCAN_CLANG_RESOURCE_DIR;
}

//===--- Parsing one TU ---------------------------------------------------===//

namespace {

struct Dependency {
  std::string Path;
  uint64_t Size = 0;
  int64_t MTime = 0;
  uint64_t Hash = 0;
};

class ErrorCollector : public clang::DiagnosticConsumer {
public:
  void HandleDiagnostic(clang::DiagnosticsEngine::Level Level,
                        const clang::Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < clang::DiagnosticsEngine::Error)
      return;
    llvm::SmallString<256> Msg;
    Info.FormatDiagnostic(Msg);
    std::string Where;
    if (Info.getLocation().isValid() && Info.hasSourceManager()) {
      const clang::SourceManager &SM = Info.getSourceManager();
      clang::PresumedLoc P = SM.getPresumedLoc(Info.getLocation());
      if (P.isValid())
        Where = std::string(P.getFilename()) + ":" +
                std::to_string(P.getLine()) + ":" +
                std::to_string(P.getColumn()) + ": ";
    }
    if (First.empty())
      First = Where + "error: " + std::string(Msg);
  }
  std::string First;
};

class ExtractAction : public clang::ASTFrontendAction {
public:
  ExtractAction(const Catalog &Cat, TUSummary &Out,
                std::vector<Dependency> &Deps)
      : Cat(Cat), Out(Out), Deps(Deps) {}

protected:
  std::unique_ptr<clang::ASTConsumer>
  CreateASTConsumer(clang::CompilerInstance &, llvm::StringRef) override {
    return makeExtractConsumer(Cat, Out);
  }
  void EndSourceFileAction() override {
    clang::SourceManager &SM = getCompilerInstance().getSourceManager();
    clang::FileManager &FM = SM.getFileManager();
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
      const auto &Entry = *It;
      std::optional<llvm::MemoryBufferRef> Buf =
          Entry.second->getBufferIfLoaded();
      if (!Buf)
        continue;
      // As Clang opened it: a lexical ".." removal is wrong across symlinks
      // (/usr/lib/gcc/x86_64-linux-gnu/12/../../../../include/...).
      llvm::SmallString<256> P(Entry.first.getName());
      FM.makeAbsolutePath(P);
      Deps.push_back({std::string(P),
                      static_cast<uint64_t>(Entry.first.getSize()),
                      static_cast<int64_t>(Entry.first.getModificationTime()),
                      llvm::xxh3_64bits(Buf->getBuffer())});
    }
  }

private:
  const Catalog &Cat;
  TUSummary &Out;
  std::vector<Dependency> &Deps;
};

std::string cachePath(const std::string &Dir, const std::string &Key) {
  llvm::SmallString<256> P(Dir);
  llvm::sys::path::append(P, Key + ".json");
  return std::string(P);
}

/// A hash of the running executable: a rebuilt stallscan (same version
/// string, different extractor) must not reuse summaries of the old one.
uint64_t toolFingerprint() {
  static const uint64_t Hash = [] {
    std::string Exe = llvm::sys::fs::getMainExecutable(
        nullptr, reinterpret_cast<void *>(&toolFingerprint));
    auto Buf = llvm::MemoryBuffer::getFile(Exe);
    return Buf ? llvm::xxh3_64bits((*Buf)->getBuffer()) : 0;
  }();
  return Hash;
}

std::string cacheKey(const CompileJob &Job,
                     const std::vector<std::string> &Args, const Catalog &Cat) {
  std::string Blob = std::string(STALLSCAN_VERSION) + "\n" +
                     std::to_string(toolFingerprint()) + "\n" +
                     std::to_string(SummaryFormatVersion) + "\n" +
                     std::to_string(Cat.fingerprint()) + "\n" + Job.Directory +
                     "\n" + Job.File + "\n";
  for (const auto &A : Args)
    Blob += A + '\0';
  return llvm::utohexstr(llvm::xxh3_64bits(llvm::StringRef(Blob)), true, 16);
}

bool loadCached(const std::string &Path, TUSummary &Out) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return false;
  try {
    auto J = nlohmann::json::parse((*Buf)->getBuffer().begin(),
                                   (*Buf)->getBuffer().end());
    for (const auto &D : J.at("deps")) {
      std::string File = D.at(0).get<std::string>();
      llvm::sys::fs::file_status St;
      if (llvm::sys::fs::status(File, St))
        return false;
      uint64_t Size = D.at(1).get<uint64_t>();
      int64_t MTime = D.at(2).get<int64_t>();
      if (St.getSize() == Size &&
          llvm::sys::toTimeT(St.getLastModificationTime()) == MTime)
        continue;
      auto Content = llvm::MemoryBuffer::getFile(File);
      if (!Content ||
          llvm::xxh3_64bits((*Content)->getBuffer()) != D.at(3).get<uint64_t>())
        return false;
    }
    J.at("summary").get_to(Out);
    return true;
  } catch (const std::exception &) {
    return false; // a damaged or old entry is a miss, never an error
  }
}

void storeCached(const std::string &Path, const TUSummary &S,
                 const std::vector<Dependency> &Deps) {
  nlohmann::json D = nlohmann::json::array();
  for (const auto &Dep : Deps)
    D.push_back({Dep.Path, Dep.Size, Dep.MTime, Dep.Hash});
  nlohmann::json J{{"deps", std::move(D)}, {"summary", S}};
  std::string Text = J.dump();
  llvm::SmallString<256> Tmp;
  int FD;
  if (llvm::sys::fs::createUniqueFile(Path + ".tmp-%%%%%%", FD, Tmp))
    return;
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Text;
    if (OS.has_error()) {
      OS.clear_error();
      llvm::sys::fs::remove(Tmp);
      return;
    }
  }
  if (llvm::sys::fs::rename(Tmp, Path))
    llvm::sys::fs::remove(Tmp);
}

TUResult runOne(const CompileJob &Job, const Catalog &Cat,
                const DriverOptions &Opts) {
  TUResult R;
  R.File = Job.File;
  std::vector<std::string> Args = sanitizeCommand(Job.Args, Opts.AllowPlugins);
  if (Args.empty()) {
    R.Failed = true;
    R.Error = "empty compile command";
    return R;
  }
  Args.insert(Args.begin() + 1, Opts.ExtraArgsBefore.begin(),
              Opts.ExtraArgsBefore.end());
  Args.insert(Args.end(), Opts.ExtraArgs.begin(), Opts.ExtraArgs.end());
  // Quiet, syntax-only, and with our own resource directory.
  // -fno-caret-diagnostics also stops clang printing "N errors generated."
  for (const char *A : {"-fsyntax-only", "-w", "-fno-color-diagnostics",
                        "-fno-caret-diagnostics", "-ferror-limit=20"})
    Args.push_back(A);
  Args.push_back("-resource-dir=" + Opts.ResourceDir);

  std::string Key, CacheFile;
  if (!Opts.CacheDir.empty()) {
    Key = cacheKey(Job, Args, Cat);
    CacheFile = cachePath(Opts.CacheDir, Key);
    if (loadCached(CacheFile, R.Summary)) {
      R.Cached = true;
      return R;
    }
  }

  std::vector<Dependency> Deps;
  ErrorCollector Errors;
  bool Ran = false;
  llvm::CrashRecoveryContext CRC;
  bool Survived = CRC.RunSafelyOnThread(
      [&] {
        llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS(
            llvm::vfs::createPhysicalFileSystem().release());
        FS->setCurrentWorkingDirectory(Job.Directory);
        clang::FileSystemOptions FSOpts;
        FSOpts.WorkingDir = Job.Directory;
        llvm::IntrusiveRefCntPtr<clang::FileManager> Files(
            new clang::FileManager(FSOpts, FS));
        clang::tooling::ToolInvocation Inv(
            Args, std::make_unique<ExtractAction>(Cat, R.Summary, Deps),
            Files.get());
        Inv.setDiagnosticConsumer(&Errors);
        Ran = Inv.run();
      },
      8u << 20);
  if (!Survived) {
    R.Failed = true;
    R.Error = "the parser crashed on this file; its facts are missing";
    R.Summary = TUSummary();
    return R;
  }
  if (R.Summary.MainFile.empty()) // the file could not even be read
    R.Summary.MainFile = Job.File;
  if (!Ran || Errors.getNumErrors() > 0) {
    R.Failed = true;
    R.Error = Errors.First.empty() ? "failed to parse" : Errors.First;
    if (Errors.getNumErrors() > 1)
      R.Error += " (and " + std::to_string(Errors.getNumErrors() - 1) +
                 " more errors)";
    R.Summary.Errors.push_back(R.Error);
    return R; // partial facts are used, but never cached
  }
  if (!CacheFile.empty())
    storeCached(CacheFile, R.Summary, Deps);
  return R;
}

} // namespace

bool readCacheEntry(const std::string &Path, TUSummary &Out) {
  return loadCached(Path, Out);
}

std::vector<TUResult> runExtraction(const std::vector<CompileJob> &Jobs,
                                    const Catalog &Cat,
                                    const DriverOptions &Opts) {
  static std::once_flag CrashRecoveryOnce;
  std::call_once(CrashRecoveryOnce,
                 [] { llvm::CrashRecoveryContext::Enable(); });
  if (!Opts.CacheDir.empty())
    llvm::sys::fs::create_directories(Opts.CacheDir);

  std::vector<TUResult> Results(Jobs.size());
  std::mutex ProgressMutex;
  size_t Done = 0;
  unsigned Threads = Opts.Jobs
                         ? Opts.Jobs
                         : llvm::hardware_concurrency().compute_thread_count();
  llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Threads));
  for (size_t I = 0; I < Jobs.size(); ++I)
    Pool.async([&, I] {
      Results[I] = runOne(Jobs[I], Cat, Opts);
      if (Opts.Progress) {
        std::lock_guard<std::mutex> Lock(ProgressMutex);
        Opts.Progress(++Done, Jobs.size(), Jobs[I].File);
      }
    });
  Pool.wait();
  return Results;
}

} // namespace stallscan
