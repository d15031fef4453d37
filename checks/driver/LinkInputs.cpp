//===--- LinkInputs.cpp - What `stallscan link` reads ---------------------===//
//
// Collects the inputs (folders walked in sorted order, so the result does
// not depend on the file system's), reads them in parallel, then drops
// exact duplicates: in a build tree the same object's record sits in the
// object, in the archive made of it and in every binary linked from that.
// Object files are opened with LLVM's Object library (ObjectFile, Archive),
// which parses headers and section tables out of the mapped bytes only.
//
//===----------------------------------------------------------------------===//
#include "driver/LinkInputs.h"
#include "driver/Config.h"
#include "driver/SummaryFiles.h"
#include "driver/SummaryFrame.h"

#include "llvm/BinaryFormat/Magic.h"
#include "llvm/Object/Archive.h"
#include "llvm/Object/Binary.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/xxhash.h"
#include <algorithm>
#include <atomic>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

namespace stallscan {

namespace {

struct Input {
  std::string Path;
  bool Object = false; ///< an object, archive or binary; else JSON
  bool Named = false;  ///< given on the command line, not found in a folder
  size_t Origin = 0;   ///< index of the command-line path it came from
};

bool isObjectMagic(llvm::file_magic M) {
  using llvm::file_magic;
  return M == file_magic::elf_relocatable || M == file_magic::elf_executable ||
         M == file_magic::elf_shared_object || M == file_magic::archive;
}

/// What one input file gave.
struct FileResult {
  std::vector<TUSummary> Units;
  std::vector<TUError> Unreadable;
  std::string Failure; ///< a named file that could not be used at all
};

/// The records of every `.stallscan` section of \p Obj (a relocatable
/// object made by `ld -r` may hold several sections of that name).
/// Returns whether there was a section.
bool readSections(const llvm::object::ObjectFile &Obj, const std::string &Name,
                  FileResult &R) {
  bool Found = false;
  for (const llvm::object::SectionRef &Sec : Obj.sections()) {
    llvm::Expected<llvm::StringRef> SecName = Sec.getName();
    if (!SecName) {
      llvm::consumeError(SecName.takeError());
      continue;
    }
    if (*SecName != SummarySectionName)
      continue;
    Found = true;
    llvm::Expected<llvm::StringRef> Bytes = Sec.getContents();
    if (!Bytes) {
      R.Unreadable.push_back(
          {Name, "cannot read the " + std::string(SummarySectionName) +
                     " section: " + llvm::toString(Bytes.takeError())});
      continue;
    }
    splitSummaryRecords(
        *Bytes,
        [&](std::string Json) {
          try {
            for (TUSummary &U : readSummaryText(Json, Name).Units)
              R.Units.push_back(std::move(U));
          } catch (const ConfigError &E) {
            R.Unreadable.push_back({Name, E.what()});
          }
        },
        [&](uint64_t Offset, std::string Why) {
          R.Unreadable.push_back({Name, std::string(SummarySectionName) +
                                            " section, offset " +
                                            std::to_string(Offset) + ": " +
                                            Why});
        });
  }
  return Found;
}

FileResult readObjectInput(const Input &In) {
  FileResult R;
  auto Fail = [&](const std::string &Why) {
    if (In.Named)
      R.Failure = "'" + In.Path + "': " + Why;
    return R;
  };
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buf =
      llvm::MemoryBuffer::getFile(In.Path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!Buf)
    return Fail("cannot read: " + Buf.getError().message());
  llvm::Expected<std::unique_ptr<llvm::object::Binary>> Bin =
      llvm::object::createBinary((*Buf)->getMemBufferRef());
  if (!Bin)
    return Fail("not a readable object file: " +
                llvm::toString(Bin.takeError()));
  bool Found = false;
  if (auto *Obj = llvm::dyn_cast<llvm::object::ObjectFile>(Bin->get())) {
    Found = readSections(*Obj, In.Path, R);
  } else if (auto *Ar = llvm::dyn_cast<llvm::object::Archive>(Bin->get())) {
    llvm::Error Err = llvm::Error::success();
    for (const llvm::object::Archive::Child &C : Ar->children(Err)) {
      llvm::Expected<llvm::StringRef> MemberName = C.getName();
      std::string Name =
          In.Path + "(" + (MemberName ? MemberName->str() : "?") + ")";
      if (!MemberName)
        llvm::consumeError(MemberName.takeError());
      llvm::Expected<std::unique_ptr<llvm::object::Binary>> Member =
          C.getAsBinary();
      if (!Member) {
        llvm::consumeError(Member.takeError()); // not an object: no summary
        continue;
      }
      if (auto *Obj = llvm::dyn_cast<llvm::object::ObjectFile>(Member->get()))
        Found |= readSections(*Obj, Name, R);
    }
    if (Err)
      R.Unreadable.push_back(
          {In.Path, "malformed archive: " + llvm::toString(std::move(Err))});
  }
  if (!Found && R.Unreadable.empty())
    return Fail(std::string("no stallscan summary in it (no ") +
                SummarySectionName +
                " section: compiled without -fplugin-arg-stallscan-embed?)");
  return R;
}

FileResult readInput(const Input &In) {
  if (In.Object)
    return readObjectInput(In);
  FileResult R;
  try {
    R.Units = readSummarySet(In.Path).Units;
  } catch (const ConfigError &E) {
    R.Failure = E.what();
  } catch (const std::exception &E) {
    R.Failure = In.Path + ": " + E.what();
  }
  return R;
}

std::vector<Input> collectInputs(const std::vector<std::string> &Paths) {
  std::vector<Input> Inputs;
  for (size_t Origin = 0; Origin < Paths.size(); ++Origin) {
    const std::string &P = Paths[Origin];
    if (!llvm::sys::fs::is_directory(P)) {
      llvm::file_magic M = llvm::file_magic::unknown;
      bool Known = !llvm::identify_magic(P, M);
      if (Known && M == llvm::file_magic::bitcode)
        throw ConfigError("'" + P + "': LLVM bitcode (an -flto object): the "
                          "link-time compile writes its summary into the "
                          "linked binary; read that");
      bool Object = Known && isObjectMagic(M);
      Inputs.push_back({P, Object, /*Named=*/true, Origin});
      continue;
    }
    std::vector<Input> Found;
    std::error_code EC;
    for (llvm::sys::fs::recursive_directory_iterator It(P, EC, false), End;
         It != End && !EC; It.increment(EC)) {
      if (It->type() != llvm::sys::fs::file_type::regular_file)
        continue;
      const std::string &F = It->path();
      if (llvm::StringRef(F).ends_with(".stallscan.json")) {
        Found.push_back({F, false, false, Origin});
        continue;
      }
      llvm::file_magic M = llvm::file_magic::unknown;
      if (!llvm::identify_magic(F, M) && isObjectMagic(M))
        Found.push_back({F, true, false, Origin});
    }
    if (EC)
      throw ConfigError("cannot read folder '" + P + "': " + EC.message());
    std::sort(Found.begin(), Found.end(),
              [](const Input &A, const Input &B) { return A.Path < B.Path; });
    Inputs.insert(Inputs.end(), Found.begin(), Found.end());
  }
  return Inputs;
}

} // namespace

LinkInputs readLinkInputs(const std::vector<std::string> &Paths,
                          unsigned Jobs) {
  std::vector<Input> Inputs = collectInputs(Paths);
  // Reading is most of a link's time (JSON into facts), and files are
  // independent: read them on Jobs threads. The first failing file in
  // order is the one reported, as it would be reading them one by one.
  std::vector<FileResult> Results(Inputs.size());
  std::atomic<size_t> Next{0};
  auto Work = [&] {
    for (size_t I; (I = Next++) < Inputs.size();)
      Results[I] = readInput(Inputs[I]);
  };
  if (Jobs == 0)
    Jobs = std::max(1u, std::thread::hardware_concurrency());
  Jobs = static_cast<unsigned>(
      std::max<size_t>(1, std::min<size_t>(Jobs, Inputs.size())));
  std::vector<std::thread> Threads;
  for (unsigned T = 1; T < Jobs; ++T)
    Threads.emplace_back(Work);
  Work();
  for (std::thread &T : Threads)
    T.join();
  for (const FileResult &R : Results)
    if (!R.Failure.empty())
      throw ConfigError(R.Failure);

  // A folder that gave nothing at all is a mistake worth a word.
  for (size_t Origin = 0; Origin < Paths.size(); ++Origin) {
    const std::string &P = Paths[Origin];
    if (!llvm::sys::fs::is_directory(P))
      continue;
    bool Any = false;
    for (size_t I = 0; I < Inputs.size() && !Any; ++I)
      Any = Inputs[I].Origin == Origin &&
            (!Results[I].Units.empty() || !Results[I].Unreadable.empty());
    if (!Any)
      throw ConfigError("no summaries in '" + P +
                        "' (no *.stallscan.json files, no objects with a " +
                        SummarySectionName + " section)");
  }

  LinkInputs Out;
  for (FileResult &R : Results) {
    for (TUSummary &U : R.Units)
      Out.Units.push_back(std::move(U));
    for (TUError &E : R.Unreadable)
      Out.Unreadable.push_back(std::move(E));
  }
  std::stable_sort(Out.Units.begin(), Out.Units.end(),
                   [](const TUSummary &A, const TUSummary &B) {
                     return A.MainFile < B.MainFile;
                   });
  // Exact duplicates: compared as their serialised text, only among units
  // of one main file (a source compiled twice with other flags differs and
  // stays). The first in input order is kept.
  std::vector<TUSummary> Kept;
  Kept.reserve(Out.Units.size());
  for (size_t I = 0; I < Out.Units.size();) {
    size_t J = I;
    while (J < Out.Units.size() && Out.Units[J].MainFile == Out.Units[I].MainFile)
      ++J;
    if (J - I == 1 || Out.Units[I].MainFile.empty()) {
      for (size_t K = I; K < J; ++K)
        Kept.push_back(std::move(Out.Units[K]));
    } else {
      std::map<uint64_t, std::vector<std::string>> Seen;
      for (size_t K = I; K < J; ++K) {
        std::string Text = nlohmann::json(Out.Units[K]).dump();
        auto &Same = Seen[llvm::xxh3_64bits(llvm::StringRef(Text))];
        if (std::find(Same.begin(), Same.end(), Text) != Same.end()) {
          ++Out.Duplicates;
          continue;
        }
        Same.push_back(std::move(Text));
        Kept.push_back(std::move(Out.Units[K]));
      }
    }
    I = J;
  }
  Out.Units = std::move(Kept);
  return Out;
}

} // namespace stallscan
