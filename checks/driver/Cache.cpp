//===--- Cache.cpp - The summary cache of the driver ----------------------===//
//
// An entry holds a TU's summary and what it was derived from: each file read
// (size, mtime in nanoseconds, content hash) and each path looked up that did
// not exist. A warm hit re-stats the files and re-hashes one when its size or
// mtime moved, or when its mtime is within two seconds of the parse (a file
// edited again within the same timestamp tick would otherwise look
// unchanged: the "racy clean" case git also guards against). Any absent
// path that now exists (a new header shadowing one on the include path) is a
// miss.
//
// The parent process looks every job up before it starts a worker
// (Driver.cpp), with one FileStates for the run: each path the entries name
// is stat'ed once and each file hashed at most once, however many TUs read
// it, and an entry is read with the fast summary reader, which reads the
// summary only once the recorded files have been found unchanged.
//
// Writing is best effort: a full or read-only cache only means the result is
// not cached; the reason goes back to the caller, which warns once.
//
//===----------------------------------------------------------------------===//
#include "driver/Cache.h"
#include "catalog/Catalog.h"
#include "summary/SummaryReader.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include <chrono>
#include <nlohmann/json.hpp>

namespace stallscan {

namespace {
/// Entries of another layout have another key, so they are never read.
constexpr int CacheFormatVersion = 2;
/// How close to the parse an mtime must be for the file to be re-hashed on
/// every hit: more than any file system's timestamp granularity.
constexpr int64_t RacyWindowNs = 2'000'000'000;

bool isMissing(std::error_code EC) {
  return EC == std::errc::no_such_file_or_directory ||
         EC == std::errc::not_a_directory;
}
} // namespace

int64_t nanoseconds(llvm::sys::TimePoint<> T) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             T.time_since_epoch())
      .count();
}

std::string RecordingFileSystem::absolute(const llvm::Twine &Path) {
  llvm::SmallString<256> P;
  Path.toVector(P);
  makeAbsolute(P);
  return std::string(P);
}

llvm::ErrorOr<llvm::vfs::Status>
RecordingFileSystem::status(const llvm::Twine &Path) {
  auto S = ProxyFileSystem::status(Path);
  if (!S && isMissing(S.getError()))
    Absent.insert(absolute(Path));
  return S;
}

bool RecordingFileSystem::exists(const llvm::Twine &Path) {
  bool E = ProxyFileSystem::exists(Path);
  if (!E)
    Absent.insert(absolute(Path));
  return E;
}

llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>>
RecordingFileSystem::openFileForRead(const llvm::Twine &Path) {
  auto F = ProxyFileSystem::openFileForRead(Path);
  if (!F) {
    if (isMissing(F.getError()))
      Absent.insert(absolute(Path));
  } else if (auto S = (*F)->status()) {
    Opened.emplace(absolute(Path), *S);
  }
  return F;
}

std::string cachePath(const std::string &Dir, const std::string &Key) {
  llvm::SmallString<256> P(Dir);
  llvm::sys::path::append(P, Key + ".json");
  return std::string(P);
}

/// A hash of the running executable: a rebuilt stallscan (same version
/// string, different extractor) must not reuse summaries of the old one.
static uint64_t toolFingerprint() {
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
                     std::to_string(CacheFormatVersion) + "\n" +
                     std::to_string(Cat.fingerprint()) + "\n" + Job.Directory +
                     "\n" + Job.File + "\n";
  for (const auto &A : Args)
    Blob += A + '\0';
  return llvm::utohexstr(llvm::xxh3_64bits(llvm::StringRef(Blob)), true, 16);
}

FileStates::State &FileStates::stat(const std::string &Path) {
  auto [It, New] = States.try_emplace(Path);
  if (New) {
    llvm::sys::fs::file_status St;
    if (!llvm::sys::fs::status(Path, St)) {
      It->second.Exists = true;
      It->second.Size = St.getSize();
      It->second.MTimeNs = nanoseconds(St.getLastModificationTime());
    }
  }
  return It->second;
}

bool FileStates::unchanged(const std::string &Path, uint64_t Size,
                           int64_t MTimeNs, uint64_t Hash,
                           int64_t ParsedAtNs) {
  State &S = stat(Path);
  if (!S.Exists)
    return false;
  if (S.Size == Size && S.MTimeNs == MTimeNs &&
      MTimeNs < ParsedAtNs - RacyWindowNs)
    return true;
  if (!S.Hashed) {
    S.Hashed = true;
    if (auto Content = llvm::MemoryBuffer::getFile(Path)) {
      S.Readable = true;
      S.Hash = llvm::xxh3_64bits((*Content)->getBuffer());
    }
  }
  return S.Readable && S.Hash == Hash;
}

bool FileStates::stillAbsent(const std::string &Path) {
  return !stat(Path).Exists; // it appeared: the include search may find it now
}

bool loadCached(const std::string &Path, TUSummary &Out, FileStates &Files) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return false;
  CacheEntryCheck Check;
  Check.Dep = [&](const std::string &File, uint64_t Size, int64_t MTimeNs,
                  uint64_t Hash, int64_t ParsedAtNs) {
    return Files.unchanged(File, Size, MTimeNs, Hash, ParsedAtNs);
  };
  Check.Absent = [&](const std::string &File) {
    return Files.stillAbsent(File);
  };
  // A damaged or old entry is a miss, never an error.
  std::optional<TUSummary> S =
      readCacheEntryFast((*Buf)->getBuffer(), Check);
  if (!S)
    return false;
  Out = std::move(*S);
  return true;
}

std::string storeCached(const std::string &Path, const TUSummary &S,
                        const std::vector<Dependency> &Deps,
                        const std::set<std::string> &Absent,
                        llvm::sys::TimePoint<> ParsedAt) {
  nlohmann::json D = nlohmann::json::array();
  for (const auto &Dep : Deps)
    D.push_back({Dep.Path, Dep.Size, Dep.MTimeNs, Dep.Hash});
  nlohmann::json J{{"parsed_at", nanoseconds(ParsedAt)},
                   {"deps", std::move(D)},
                   {"absent", Absent},
                   {"summary", S}};
  // JSON holds UTF-8 only: a summary with other bytes (a file name in
  // Latin-1) is not cached rather than cached altered, so that a warm run
  // reports exactly what the cold one did.
  std::string Text;
  try {
    Text = J.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  } catch (const nlohmann::json::type_error &) {
    return "";
  }
  llvm::SmallString<256> Tmp;
  int FD;
  if (std::error_code EC =
          llvm::sys::fs::createUniqueFile(Path + ".tmp-%%%%%%", FD, Tmp))
    return EC.message();
  std::error_code EC;
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Text;
    OS.close(); // a full disk shows here, at the last flush
    if (OS.has_error()) {
      EC = OS.error();
      OS.clear_error(); // else the destructor calls report_fatal_error
    }
  }
  if (!EC)
    EC = llvm::sys::fs::rename(Tmp, Path);
  if (EC) {
    llvm::sys::fs::remove(Tmp);
    return EC.message();
  }
  return "";
}

} // namespace stallscan
