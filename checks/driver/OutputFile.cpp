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
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
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

std::string
writeOutputFile(const std::string &Path,
                llvm::function_ref<void(llvm::raw_ostream &)> Write) {
  namespace fs = llvm::sys::fs;
  if (Path == "-") {
    Write(llvm::outs());
    return flushStdout();
  }
  if (isSpecialPath(Path))
    return writeThrough(Path, Write);
  fs::file_status St;
  bool Exists = !fs::status(Path, St, /*Follow=*/true);
  if (Exists && St.type() == fs::file_type::directory_file)
    return "is a directory";
  if (Exists && St.type() != fs::file_type::regular_file)
    return writeThrough(Path, Write); // FIFO, device, socket
  std::string Target = Path;
  if (fs::is_symlink_file(Path)) {
    llvm::SmallString<256> Real;
    if (!Exists || fs::real_path(Path, Real))
      return writeThrough(Path, Write); // dangling: creates the target
    Target = std::string(Real);
    if (isSpecialPath(Target))
      return writeThrough(Path, Write);
  }

  llvm::Expected<fs::TempFile> Temp =
      fs::TempFile::create(Target + ".stallscan-tmp-%%%%%%");
  if (!Temp)
    return llvm::toString(Temp.takeError());
  std::string Why;
  {
    llvm::raw_fd_ostream OS(Temp->FD, /*shouldClose=*/false);
    Write(OS);
    OS.flush();
    Why = takeError(OS);
  }
  // A network or quota-limited file system may report ENOSPC only now.
  if (Why.empty() && ::fsync(Temp->FD) != 0)
    Why = std::error_code(errno, std::generic_category()).message();
  if (Why.empty() && Exists)
    if (std::error_code EC = fs::setPermissions(Temp->FD, St.permissions()))
      Why = EC.message();
  if (!Why.empty()) {
    llvm::consumeError(Temp->discard());
    return Why;
  }
  if (llvm::Error E = Temp->keep(Target))
    return llvm::toString(std::move(E));
  return "";
}

} // namespace stallscan
