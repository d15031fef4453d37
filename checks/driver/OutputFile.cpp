//===--- OutputFile.cpp - Writing reports and indexes safely --------------===//
//
// A report or an index replaced by a truncated one is lost work: a CI job
// that hits a full disk must keep the previous file and fail, not publish
// half a report. So a regular file is written to a temporary file beside it,
// flushed and fsync'ed, and renamed over it only when no write failed
// (llvm::writeToOutput checks none of this). The temporary goes beside the
// resolved target of a symlink, so the link itself stays a link. What is not
// a regular file (a FIFO, /dev/stdout, /dev/null, a tty) cannot be replaced
// by a rename and is written through instead.
//
//===----------------------------------------------------------------------===//
#include "driver/OutputFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <unistd.h>

namespace stallscan {

namespace {

/// The stream's error, cleared (a raw_fd_ostream destroyed with an error
/// pending aborts the process).
std::string takeError(llvm::raw_fd_ostream &OS) {
  if (!OS.has_error())
    return "";
  std::string Why = OS.error().message();
  OS.clear_error();
  return Why;
}

std::string writeThrough(const std::string &Path,
                         llvm::function_ref<void(llvm::raw_ostream &)> Write) {
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_None);
  if (EC)
    return EC.message();
  Write(OS);
  OS.close(); // flushes; close errors land in error() too
  return takeError(OS);
}

bool isSpecialPath(llvm::StringRef P) {
  return P.starts_with("/dev/") || P.starts_with("/proc/");
}

} // namespace

std::string flushStdout() {
  llvm::outs().flush();
  return takeError(llvm::outs());
}

namespace {
/// Where an output goes: written through (standard output, a special file,
/// a dangling symlink), or replaced by renaming a temporary over Target.
struct Destination {
  enum Kind { Stdout, Through, Replace } K = Replace;
  std::string Target;
  bool Exists = false;
  llvm::sys::fs::file_status St;
  std::string Error; ///< a destination that cannot be written
};

Destination destinationOf(const std::string &Path) {
  namespace fs = llvm::sys::fs;
  Destination D;
  if (Path == "-") {
    D.K = Destination::Stdout;
    return D;
  }
  D.Target = Path;
  if (isSpecialPath(Path)) {
    D.K = Destination::Through;
    return D;
  }
  D.Exists = !fs::status(Path, D.St, /*Follow=*/true);
  if (D.Exists && D.St.type() == fs::file_type::directory_file) {
    D.Error = "is a directory";
    return D;
  }
  if (D.Exists && D.St.type() != fs::file_type::regular_file) {
    D.K = Destination::Through; // FIFO, device, socket
    return D;
  }
  if (fs::is_symlink_file(Path)) {
    llvm::SmallString<256> Real;
    if (!D.Exists || fs::real_path(Path, Real)) {
      D.K = Destination::Through; // dangling: creates the target
      return D;
    }
    D.Target = std::string(Real);
    if (isSpecialPath(D.Target)) {
      D.K = Destination::Through;
      D.Target = Path;
    }
  }
  return D;
}

/// Appends what Write produces to the temporary's descriptor.
std::string appendTo(llvm::sys::fs::TempFile &Temp,
                     llvm::function_ref<void(llvm::raw_pwrite_stream &)> Write) {
  llvm::raw_fd_ostream OS(Temp.FD, /*shouldClose=*/false);
  Write(OS);
  OS.flush();
  return takeError(OS);
}

/// Puts a fully written temporary in place of the destination.
std::string keep(llvm::sys::fs::TempFile &Temp, const Destination &D) {
  std::string Why;
  // A network or quota-limited file system may report ENOSPC only now.
  if (::fsync(Temp.FD) != 0)
    Why = std::error_code(errno, std::generic_category()).message();
  if (Why.empty() && D.Exists)
    if (std::error_code EC =
            llvm::sys::fs::setPermissions(Temp.FD, D.St.permissions()))
      Why = EC.message();
  if (!Why.empty()) {
    llvm::consumeError(Temp.discard());
    return Why;
  }
  if (llvm::Error E = Temp.keep(D.Target))
    return llvm::toString(std::move(E));
  return "";
}
} // namespace

std::string
writeOutputFile(const std::string &Path,
                llvm::function_ref<void(llvm::raw_ostream &)> Write) {
  StagedOutputFile Out(Path);
  if (std::string Why = Out.writeFirst(Write); !Why.empty())
    return Why;
  return Out.commit([](llvm::raw_ostream &) {});
}

struct StagedOutputFile::Impl {
  std::string Path;
  Destination D;
  std::optional<llvm::sys::fs::TempFile> Temp;
  /// The first part, when written through at commit.
  llvm::SmallVector<char, 0> Held;
  bool Failed = false;
};

StagedOutputFile::StagedOutputFile(std::string Path)
    : P(std::make_unique<Impl>()) {
  P->Path = std::move(Path);
  P->D = destinationOf(P->Path);
}

StagedOutputFile::~StagedOutputFile() {
  if (P && P->Temp)
    llvm::consumeError(P->Temp->discard());
}

std::string StagedOutputFile::writeFirst(
    llvm::function_ref<void(llvm::raw_pwrite_stream &)> Write) {
  if (!P->D.Error.empty())
    return P->Failed = true, P->D.Error;
  if (P->D.K != Destination::Replace) {
    llvm::raw_svector_ostream OS(P->Held);
    Write(OS);
    return "";
  }
  llvm::Expected<llvm::sys::fs::TempFile> Temp =
      llvm::sys::fs::TempFile::create(P->D.Target + ".stallscan-tmp-%%%%%%");
  if (!Temp)
    return P->Failed = true, llvm::toString(Temp.takeError());
  P->Temp.emplace(std::move(*Temp));
  std::string Why = appendTo(*P->Temp, Write);
  if (!Why.empty()) {
    llvm::consumeError(P->Temp->discard());
    P->Temp.reset();
    P->Failed = true;
  }
  return Why;
}

std::string
StagedOutputFile::commit(llvm::function_ref<void(llvm::raw_ostream &)> Write) {
  if (P->Failed)
    return "the first part was not written";
  auto All = [&](llvm::raw_ostream &OS) {
    OS << llvm::StringRef(P->Held.data(), P->Held.size());
    Write(OS);
  };
  switch (P->D.K) {
  case Destination::Stdout:
    All(llvm::outs());
    return flushStdout();
  case Destination::Through:
    return writeThrough(P->Path, All);
  case Destination::Replace:
    break;
  }
  std::string Why = appendTo(*P->Temp, Write);
  if (!Why.empty()) {
    llvm::consumeError(P->Temp->discard());
    P->Temp.reset();
    return Why;
  }
  Why = keep(*P->Temp, P->D);
  P->Temp.reset();
  return Why;
}

std::string StagedOutputFile::folder() const {
  llvm::StringRef Parent = llvm::sys::path::parent_path(P->Path);
  return Parent.empty() ? "." : Parent.str();
}

} // namespace stallscan
