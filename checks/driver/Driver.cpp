//===--- Driver.cpp - TUs in, summaries out -------------------------------===//
//
// Each TU is parsed by an embedded Clang through tooling::ToolInvocation with
// a per-TU physical file system (its own working directory).
//
// Crash isolation: the parses run in -j N worker processes forked from the
// single-threaded parent (no execve: the workers are copies of this process,
// and a seccomp filter makes execve fail in them). A worker parses TUs one at
// a time, each on a fresh thread with a 64 MiB stack, and sends the TUResult
// back as CBOR over a socket (byte-exact strings, unlike JSON text); the parent only polls, so it stays
// single-threaded and may fork a replacement when a worker dies, which fails
// exactly the TU that worker had. Threads with CrashRecoveryContext were not
// enough: a stack overflow cannot run its SIGSEGV handler on the overflowed
// thread (a per-thread sigaltstack would let the handler run, but longjmp-ing
// out of a half-built AST or an abort() inside the allocator leaves the shared
// process in an unknown state; a process boundary does not).
//
// The stack: Clang's parser recurses once per nesting level (if/else-if
// chains, binary operators), so 64 MiB analyses a 30,000-deep else-if chain
// or a 200,000-term sum that overflow 8 MiB. Clang's own
// runWithSufficientStackSpace only moves deep Sema work (template
// instantiation) to new 8 MiB threads, and only on threads that called
// noteBottomOfStack(); it does not protect the parser, so it is not used.
//
// The cache (Cache.cpp) is read by the parent before any worker starts
// (a hit costs no process, no thread, and no second encoding of its
// summary) and written by the workers; a TU whose summary could not be
// stored says why, and the parent warns once.
//
//===----------------------------------------------------------------------===//
#include "driver/Driver.h"
#include "driver/Cache.h"
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
#include "llvm/Support/Threading.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/thread.h"
#include "llvm/Support/xxhash.h"
#include <cerrno>
#include <chrono>
#include <cstring>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <mutex>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <set>
#include <signal.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace stallscan {

//===--- Command lines ----------------------------------------------------===//

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
                std::vector<Dependency> &Deps, const RecordingFileSystem &FS)
      : Cat(Cat), Out(Out), Deps(Deps), FS(FS) {}

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
      // The time as of the open (in nanoseconds); unknown is 0, which never
      // matches, so the file is re-hashed.
      auto St = FS.Opened.find(std::string(P));
      int64_t MTimeNs =
          St == FS.Opened.end()
              ? 0
              : nanoseconds(St->second.getLastModificationTime());
      Deps.push_back({std::string(P),
                      static_cast<uint64_t>(Entry.first.getSize()), MTimeNs,
                      llvm::xxh3_64bits(Buf->getBuffer())});
    }
  }

private:
  const Catalog &Cat;
  TUSummary &Out;
  std::vector<Dependency> &Deps;
  const RecordingFileSystem &FS;
};

/// The command a job is parsed with, and with it the job's cache key: the
/// recorded command expanded, sanitised, with our flags. False (and \p R
/// failed) when it cannot be made.
bool parseCommand(const CompileJob &Job, const DriverOptions &Opts,
                  std::vector<std::string> &Args, TUResult &R) {
  Args = Job.Args;
  if (!expandResponseFiles(Args, Job.Directory, R.Error)) {
    R.Failed = true;
    R.Summary.MainFile = Job.File;
    R.Summary.Errors.push_back(R.Error);
    return false;
  }
  Args = sanitizeCommand(Args, Opts.AllowPlugins);
  if (Args.empty()) {
    R.Failed = true;
    R.Error = "empty compile command";
    return false;
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
  return true;
}

/// The job's cached result, if its entry is usable and its files unchanged.
bool fromCache(const CompileJob &Job, const Catalog &Cat,
               const DriverOptions &Opts, FileStates &Files, TUResult &R) {
  R = TUResult();
  R.File = Job.File;
  std::vector<std::string> Args;
  if (Opts.CacheDir.empty() || !parseCommand(Job, Opts, Args, R) ||
      !loadCached(cachePath(Opts.CacheDir, cacheKey(Job, Args, Cat)),
                  R.Summary, Files)) {
    R = TUResult();
    return false;
  }
  R.Cached = true;
  // A TU that failed is cached like one that did not, and reported the
  // same way, until one of its inputs changes (a generated header that
  // appears is an absent path appearing).
  if (!R.Summary.Errors.empty()) {
    R.Failed = true;
    R.Error = R.Summary.Errors.front();
  }
  return true;
}

TUResult runOne(const CompileJob &Job, const Catalog &Cat,
                const DriverOptions &Opts) {
  TUResult R;
  R.File = Job.File;
  std::vector<std::string> Args;
  if (!parseCommand(Job, Opts, Args, R))
    return R;

  std::string CacheFile;
  if (!Opts.CacheDir.empty()) {
    CacheFile = cachePath(Opts.CacheDir, cacheKey(Job, Args, Cat));
    // The parent looked the job up already (runExtraction); here only when
    // it could not (a job run without the driver's loop).
    FileStates Files;
    if (!Opts.CacheLookedUp && fromCache(Job, Cat, Opts, Files, R))
      return R;
  }

  std::vector<Dependency> Deps;
  ErrorCollector Errors;
  llvm::IntrusiveRefCntPtr<RecordingFileSystem> FS(new RecordingFileSystem(
      llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>(
          llvm::vfs::createPhysicalFileSystem().release())));
  FS->setCurrentWorkingDirectory(Job.Directory);
  clang::FileSystemOptions FSOpts;
  FSOpts.WorkingDir = Job.Directory;
  llvm::IntrusiveRefCntPtr<clang::FileManager> Files(
      new clang::FileManager(FSOpts, FS));
  clang::tooling::ToolInvocation Inv(
      Args, std::make_unique<ExtractAction>(Cat, R.Summary, Deps, *FS),
      Files.get());
  Inv.setDiagnosticConsumer(&Errors);
  auto ParsedAt = std::chrono::system_clock::now();
  bool Ran = Inv.run();
  if (R.Summary.MainFile.empty()) // the file could not even be read
    R.Summary.MainFile = Job.File;
  if (!Ran || Errors.getNumErrors() > 0) {
    R.Failed = true;
    R.Error = Errors.First.empty() ? "failed to parse" : Errors.First;
    if (Errors.getNumErrors() > 1)
      R.Error += " (and " + std::to_string(Errors.getNumErrors() - 1) +
                 " more errors)";
    R.Summary.Errors.push_back(R.Error);
    // Partial facts are used, and cached with the error: a parse depends
    // on nothing but the command, the files it read and the paths it looked
    // for in vain, which is what the entry records. (A crash never gets
    // here: the worker dies and nothing is stored.)
  }
  if (!CacheFile.empty())
    R.CacheError = storeCached(CacheFile, R.Summary, Deps, FS->Absent,
                               llvm::sys::TimePoint<>(ParsedAt));
  return R;
}

} // namespace

//===--- Worker processes -------------------------------------------------===//

namespace {

/// The stack a TU is parsed on. Clang's parser recurses once per nesting
/// level (a 30,000-deep else-if chain, a 200,000-term sum) and an overflow
/// cannot be caught on the overflowing thread; most of this is never touched.
constexpr unsigned ParseStackSize = 64u << 20;

TUResult crashedResult(const CompileJob &Job, const std::string &How) {
  TUResult R;
  R.File = Job.File;
  R.Failed = true;
  R.Error = "the parser crashed on this file (" + How +
            "); its facts are missing";
  return R;
}

std::string describeDeath(int Status) {
  if (WIFSIGNALED(Status)) {
    const char *Abbrev = sigabbrev_np(WTERMSIG(Status));
    return Abbrev ? "SIG" + std::string(Abbrev)
                  : "signal " + std::to_string(WTERMSIG(Status));
  }
  if (WIFEXITED(Status))
    return "worker exit status " + std::to_string(WEXITSTATUS(Status));
  return "worker lost";
}

bool writeAll(int FD, const char *Data, size_t Size) {
  while (Size) {
    ssize_t N = ::send(FD, Data, Size, MSG_NOSIGNAL);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return false;
    Data += N;
    Size -= static_cast<size_t>(N);
  }
  return true;
}

bool readAll(int FD, char *Data, size_t Size) {
  while (Size) {
    ssize_t N = ::recv(FD, Data, Size, 0);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return false;
    Data += N;
    Size -= static_cast<size_t>(N);
  }
  return true;
}

/// Defence in depth for "a compile command never runs a program": whatever
/// sanitizeCommand missed, execve fails with EPERM in a worker.
void forbidExec() {
#if defined(__x86_64__) || defined(__aarch64__)
#if defined(__x86_64__)
  constexpr uint32_t Arch = AUDIT_ARCH_X86_64;
#else
  constexpr uint32_t Arch = AUDIT_ARCH_AARCH64;
#endif
  constexpr uint32_t Deny = SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA);
  struct sock_filter Filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, Arch, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, Deny), // another ABI: never ours
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 2, 0), // x32
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_execve, 1, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_execveat, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, Deny),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog Prog = {
      static_cast<unsigned short>(sizeof(Filter) / sizeof(Filter[0])), Filter};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0)
    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &Prog);
#endif
}

/// One worker: reads job numbers, parses each TU on a fresh big-stack
/// thread, answers with the length-prefixed CBOR of its TUResult. A crash
/// ends the process; the parent notices the closed socket.
[[noreturn]] void workerMain(int FD, const std::vector<CompileJob> &Jobs,
                             const Catalog &Cat, const DriverOptions &Opts) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  struct rlimit NoCore = {0, 0};
  setrlimit(RLIMIT_CORE, &NoCore); // a crash is reported, not dumped
  for (int Sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT})
    signal(Sig, SIG_DFL);
  signal(SIGXFSZ, SIG_IGN); // a file size limit fails the cache write only
  forbidExec();
  for (;;) {
    uint64_t I = 0;
    if (!readAll(FD, reinterpret_cast<char *>(&I), sizeof I) ||
        I >= Jobs.size())
      _exit(0);
    TUResult R;
    llvm::thread T(std::optional<unsigned>(ParseStackSize),
                   [&] { R = runOne(Jobs[I], Cat, Opts); });
    if (T.joinable())
      T.join();
    else // no memory for the big stack: try on this one
      R = runOne(Jobs[I], Cat, Opts);
    nlohmann::json J{{"cached", R.Cached},
                     {"failed", R.Failed},
                     {"error", R.Error},
                     {"cache_error", R.CacheError},
                     {"summary", R.Summary}};
    // CBOR, not JSON text: it carries strings byte for byte, so a file name
    // that is not UTF-8 reaches the report as it is.
    std::vector<uint8_t> Bytes = nlohmann::json::to_cbor(J);
    std::string Text(Bytes.begin(), Bytes.end());
    uint64_t Len = Text.size();
    if (!writeAll(FD, reinterpret_cast<const char *>(&Len), sizeof Len) ||
        !writeAll(FD, Text.data(), Text.size()))
      _exit(1);
  }
}

struct Worker {
  pid_t Pid = -1;
  int FD = -1;
  size_t Job = SIZE_MAX; ///< in flight, or SIZE_MAX when idle
  std::string In;        ///< bytes of the answer read so far
};

/// Forks a worker. The parent is single-threaded here (no thread is ever
/// started in it), so the child may use anything the parent set up.
bool startWorker(Worker &W, const std::vector<Worker> &All,
                 const std::vector<CompileJob> &Jobs, const Catalog &Cat,
                 const DriverOptions &Opts) {
  int SV[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, SV))
    return false;
  llvm::outs().flush(); // nothing buffered may be written twice
  pid_t Pid = ::fork();
  if (Pid < 0) {
    ::close(SV[0]);
    ::close(SV[1]);
    return false;
  }
  if (Pid == 0) {
    ::close(SV[0]);
    for (const Worker &O : All)
      if (O.FD >= 0)
        ::close(O.FD);
    workerMain(SV[1], Jobs, Cat, Opts);
  }
  ::close(SV[1]);
  W = Worker();
  W.Pid = Pid;
  W.FD = SV[0];
  return true;
}

bool decodeResult(const std::string &Text, const CompileJob &Job,
                  TUResult &R) {
  try {
    auto J = nlohmann::json::from_cbor(Text);
    R = TUResult();
    R.File = Job.File;
    J.at("cached").get_to(R.Cached);
    J.at("failed").get_to(R.Failed);
    J.at("error").get_to(R.Error);
    J.at("cache_error").get_to(R.CacheError);
    J.at("summary").get_to(R.Summary);
    return true;
  } catch (const std::exception &) { // nlohmann's, or the summary reader's
    return false;
  }
}

/// Without workers (fork failed): in this process, on a big stack inside a
/// CrashRecoveryContext, which survives an abort() but not every overflow.
TUResult runInProcess(const CompileJob &Job, const Catalog &Cat,
                      const DriverOptions &Opts) {
  static std::once_flag CrashRecoveryOnce;
  std::call_once(CrashRecoveryOnce,
                 [] { llvm::CrashRecoveryContext::Enable(); });
  TUResult R;
  llvm::CrashRecoveryContext CRC;
  if (!CRC.RunSafelyOnThread([&] { R = runOne(Job, Cat, Opts); },
                             ParseStackSize))
    return crashedResult(Job, "crash");
  return R;
}

} // namespace

bool readCacheEntry(const std::string &Path, TUSummary &Out) {
  FileStates Files;
  return loadCached(Path, Out, Files);
}

std::vector<TUResult> runExtraction(const std::vector<CompileJob> &Jobs,
                                    const Catalog &Cat,
                                    const DriverOptions &Options) {
  // A cache that cannot be written only means "not cached": one warning,
  // here when the folder is unusable, else for the first TU that failed.
  DriverOptions Opts = Options;
  auto WarnCache = [&](const std::string &Why) {
    llvm::errs() << "stallscan: warning: cache '" << Opts.CacheDir
                 << "' is not writable (" << Why
                 << "); results are not cached\n";
  };
  if (!Opts.CacheDir.empty()) {
    std::error_code EC = llvm::sys::fs::create_directories(Opts.CacheDir);
    if (!EC)
      EC = llvm::sys::fs::access(Opts.CacheDir,
                                 llvm::sys::fs::AccessMode::Write);
    if (EC) {
      WarnCache(EC.message());
      Opts.CacheDir.clear();
    }
  }

  std::vector<TUResult> Results(Jobs.size());
  std::vector<bool> Finished(Jobs.size());
  size_t Reported = 0, Next = 0;
  auto Finish = [&](size_t I, TUResult R) {
    Results[I] = std::move(R);
    Finished[I] = true;
    // Progress in job order, whatever order the workers finish in.
    for (; Reported < Jobs.size() && Finished[Reported]; ++Reported)
      if (Opts.Progress)
        Opts.Progress(Reported + 1, Jobs.size(), Jobs[Reported].File);
  };

  unsigned Wanted = Opts.Jobs
                        ? Opts.Jobs
                        : llvm::hardware_concurrency().compute_thread_count();
  // Cache hits are served here, before any worker starts: reading an entry
  // is cheap next to a parse, a hit needs neither a process nor a 64 MiB
  // stack, and one FileStates looks at each header once for every TU.
  std::vector<size_t> ToParse;
  {
    FileStates Files;
    for (size_t I = 0; I < Jobs.size(); ++I) {
      TUResult R;
      if (fromCache(Jobs[I], Cat, Opts, Files, R))
        Finish(I, std::move(R));
      else
        ToParse.push_back(I);
    }
    Opts.CacheLookedUp = true;
  }

  std::vector<Worker> Workers(std::min<size_t>(Wanted, ToParse.size()));
  auto Dispatch = [&](Worker &W) {
    while (Next < ToParse.size()) {
      uint64_t I = ToParse[Next++];
      if (writeAll(W.FD, reinterpret_cast<const char *>(&I), sizeof I)) {
        W.Job = I;
        return;
      }
      Finish(I, crashedResult(Jobs[I], "worker lost")); // never sent
    }
  };
  auto Retire = [&](Worker &W) {
    ::close(W.FD);
    int Status = 0;
    while (::waitpid(W.Pid, &Status, 0) < 0 && errno == EINTR) {
    }
    if (W.Job != SIZE_MAX)
      Finish(W.Job, crashedResult(Jobs[W.Job], describeDeath(Status)));
    W = Worker();
  };
  auto Refill = [&](Worker &W) {
    if (Next < ToParse.size() && startWorker(W, Workers, Jobs, Cat, Opts))
      Dispatch(W);
  };

  for (Worker &W : Workers)
    Refill(W);
  for (;;) {
    std::vector<struct pollfd> Fds;
    std::vector<Worker *> Polled;
    for (Worker &W : Workers)
      if (W.FD >= 0 && W.Job != SIZE_MAX) {
        Fds.push_back({W.FD, POLLIN, 0});
        Polled.push_back(&W);
      }
    if (Fds.empty()) {
      // No worker could be started (or none is left): finish here.
      for (; Next < ToParse.size(); ++Next)
        Finish(ToParse[Next], runInProcess(Jobs[ToParse[Next]], Cat, Opts));
      break;
    }
    if (::poll(Fds.data(), Fds.size(), -1) < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    for (size_t K = 0; K < Fds.size(); ++K) {
      if (!Fds[K].revents)
        continue;
      Worker &W = *Polled[K];
      char Buf[1 << 16];
      ssize_t N = ::recv(W.FD, Buf, sizeof Buf, 0);
      if (N < 0 && errno == EINTR)
        continue;
      if (N <= 0) { // the worker died on this TU
        Retire(W);
        Refill(W);
        continue;
      }
      W.In.append(Buf, static_cast<size_t>(N));
      uint64_t Len = 0;
      if (W.In.size() < sizeof Len)
        continue;
      std::memcpy(&Len, W.In.data(), sizeof Len);
      if (W.In.size() < sizeof Len + Len)
        continue;
      TUResult R;
      if (!decodeResult(W.In.substr(sizeof Len, Len), Jobs[W.Job], R))
        R = crashedResult(Jobs[W.Job], "damaged result");
      size_t Done = W.Job;
      W.Job = SIZE_MAX;
      W.In.clear();
      Finish(Done, std::move(R));
      Dispatch(W);
    }
  }
  for (Worker &W : Workers)
    if (W.FD >= 0)
      Retire(W); // idle: the closed socket makes it exit
  for (const TUResult &R : Results)
    if (!R.CacheError.empty()) {
      WarnCache(R.CacheError);
      break;
    }
  return Results;
}

} // namespace stallscan
