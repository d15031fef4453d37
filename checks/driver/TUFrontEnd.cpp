//===--- TUFrontEnd.cpp - What every per-TU front end shares --------------===//
#include "driver/TUFrontEnd.h"
#include "extract/Names.h"
#include "clang/Basic/SourceManagerInternals.h"
#include "analysis/IncrementalLink.h"
#include "analysis/Program.h"
#include "driver/FileCache.h"
#include "driver/StoredResults.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <cstdlib>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <set>
#include <type_traits>

namespace stallscan {

namespace {

/// A config and the catalog it extends.
struct LoadedConfig {
  std::shared_ptr<const Config> Conf;
  std::shared_ptr<const Catalog> Cat;
};

LoadedConfig readConfig(const std::string &Path) {
  auto Conf = std::make_shared<Config>(loadConfig(Path));
  auto Cat = std::make_shared<Catalog>(Catalog::builtinCopy());
  if (!Conf->Catalog.empty())
    Cat->merge(Conf->Catalog, Conf->Path + ": catalog");
  return {std::move(Conf), std::move(Cat)};
}

/// Functions \p Fresh defines in headers: mergeWithIndex() drops the
/// index's facts about them.
std::set<std::string> redefinedInHeaders(const TUSummary &Fresh) {
  std::set<std::string> Out;
  for (const auto &F : Fresh.Functions)
    if (F.Where.File != Fresh.MainFile)
      Out.insert(F.Id);
  return Out;
}

/// The index's units other than a main file's, linked, for the last few
/// main files analysed: what an edit links its fresh TU into. The base
/// depends on the index, the main file (its own units are left out) and the
/// header functions the TU defines (their facts are left out of the others).
class LinkedBases {
public:
  /// \p Merge gives the units (mergeWithIndex), asked for only when the
  /// base is not kept already: on an edit the merge is work for nothing
  /// (it copies the units holding facts of the header functions the TU
  /// defines: with a shared index, all of the program's header facts).
  std::shared_ptr<const LinkedBase>
  get(const std::shared_ptr<const PreparedIndex> &Index,
      const TUSummary &Fresh,
      const std::function<const MergedUnits &()> &Merge) {
    std::set<std::string> Redefined = redefinedInHeaders(Fresh);
    std::lock_guard<std::mutex> Lock(M);
    for (auto It = Entries.begin(); It != Entries.end(); ++It)
      if (It->Index == Index && It->MainFile == Fresh.MainFile &&
          It->Redefined == Redefined) {
        Entries.splice(Entries.begin(), Entries, It);
        return It->Base;
      }
    const MergedUnits &Units = Merge();
    std::vector<const TUSummary *> Others(Units.Units.begin() + 1,
                                          Units.Units.end());
    Entries.push_front({Index, Fresh.MainFile, std::move(Redefined),
                        std::make_shared<const LinkedBase>(Others)});
    if (Entries.size() > MaxEntries)
      Entries.pop_back();
    return Entries.front().Base;
  }

private:
  struct Entry {
    std::shared_ptr<const PreparedIndex> Index;
    std::string MainFile;
    std::set<std::string> Redefined;
    std::shared_ptr<const LinkedBase> Base;
  };
  static constexpr size_t MaxEntries = 4;
  std::mutex M;
  std::list<Entry> Entries;
};

bool envSet(const char *Name) {
  const char *V = std::getenv(Name);
  return V && *V && std::string(V) != "0";
}

/// STALLSCAN_VERIFY_RESULTS=1: findings served from the index's stored
/// results are compared with a full load's (a difference aborts), and the
/// outcome written on stderr; STALLSCAN_EXPLAIN_RESULTS=1: one line per TU
/// on stderr, saying whether its findings came from the stored results or
/// from a full load, and why. STALLSCAN_NO_STORED_RESULTS=1: always a
/// full load.
bool verifyResults() {
  static const bool On = envSet("STALLSCAN_VERIFY_RESULTS");
  return On;
}
bool explainResults() {
  static const bool On = envSet("STALLSCAN_EXPLAIN_RESULTS") || verifyResults();
  return On;
}
bool noStoredResults() {
  static const bool On = envSet("STALLSCAN_NO_STORED_RESULTS");
  return On;
}

FileCache<PreparedIndex> &indexCache() {
  static FileCache<PreparedIndex> Indexes;
  return Indexes;
}

/// The index's results section, mapped, or why it cannot be used.
struct ResultsEntry {
  std::shared_ptr<const MappedResults> Mapped;
  std::string Error;
};

bool verifyIncremental() {
  static const bool On = envSet("STALLSCAN_VERIFY_INCREMENTAL");
  return On;
}

} // namespace

PreparedIndex::PreparedIndex(SummarySet Read) : Set(std::move(Read)) {
  for (const TUSummary &U : Set.Units)
    Units.push_back(&U);
  Split = findConflictingDefinitions(Units);
  Split.applyTo(Units, Renamed);
}

MergedUnits mergeWithIndex(const TUSummary &Fresh, const PreparedIndex *Index) {
  MergedUnits Out;
  Out.Units.push_back(&Fresh);
  if (!Index)
    return Out;
  // Functions the fresh TU defines in headers: their facts come from it.
  std::set<std::string> Redefined = redefinedInHeaders(Fresh);
  auto Owned = [&](const auto &F, auto Owner) {
    return Redefined.count(F.*Owner) != 0;
  };
  auto Mentions = [&](const TUSummary &U) {
    bool Any = false;
    forEachOwnedFactList([&](auto List, auto Owner) {
      for (const auto &F : U.*List)
        Any = Any || Owned(F, Owner);
    });
    return Any;
  };
  for (const TUSummary *U : Index->Units) {
    if (U->MainFile == Fresh.MainFile)
      continue;
    if (Redefined.empty() || !Mentions(*U)) {
      Out.Units.push_back(U);
      continue;
    }
    TUSummary &Copy = Out.Owned.emplace_back(*U);
    forEachOwnedFactList([&](auto List, auto Owner) {
      // Reactors stay: other facts of the unit index them by position.
      if constexpr (std::is_same_v<decltype(List),
                                   std::vector<ReactorFact> TUSummary::*>)
        return;
      auto &Facts = Copy.*List;
      Facts.erase(
          std::remove_if(Facts.begin(), Facts.end(),
                         [&](const auto &F) { return Owned(F, Owner); }),
          Facts.end());
    });
    Out.Units.push_back(&Copy);
  }
  return Out;
}

FrontEndSetup loadFrontEndSetup(const std::string &IndexPath,
                                const std::string &ConfigPath,
                                const std::string &SearchFrom) {
  FrontEndSetup Setup;
  Setup.IndexPath = IndexPath;
  // With stored results, the index itself is read only for a TU they
  // cannot serve (ensureIndex).
  if (!IndexPath.empty() && !noStoredResults()) {
    static FileCache<ResultsEntry> Results;
    try {
      auto R = Results.get(
          IndexPath,
          [](const std::string &P) {
            ResultsEntry E;
            try {
              E.Mapped = mapStoredResults(P);
            } catch (const StoredResultsError &Err) {
              E.Error = Err.what();
            }
            return E;
          },
          [](const std::string &P) {
            return ConfigError("index '" + P + "' does not exist");
          });
      Setup.Results = R->Mapped;
      Setup.ResultsError = R->Error;
    } catch (const ConfigError &) {
      // Missing: said below, as without stored results.
    }
  } else if (!IndexPath.empty())
    Setup.ResultsError = "STALLSCAN_NO_STORED_RESULTS is set";
  if (!Setup.Results)
    ensureIndex(Setup);
  std::string ConfPath = ConfigPath;
  if (ConfPath.empty() && Setup.Results)
    ConfPath = resultsOf(*Setup.Results).configPath();
  if (ConfPath.empty() && Setup.Index)
    ConfPath = Setup.Index->Set.ConfigPath;
  if (ConfPath.empty() && !SearchFrom.empty())
    ConfPath = findConfig(SearchFrom).value_or("");
  static FileCache<LoadedConfig> Configs;
  if (!ConfPath.empty()) {
    auto Loaded = Configs.get(ConfPath, readConfig, [](const std::string &P) {
      return ConfigError("config file '" + P + "' does not exist");
    });
    Setup.Conf = Loaded->Conf;
    Setup.Cat = Loaded->Cat;
  } else
    Setup.Cat = std::shared_ptr<const Catalog>(&Catalog::builtin(),
                                               [](const Catalog *) {});
  return Setup;
}

void ensureIndex(FrontEndSetup &Setup) {
  // An index is extra knowledge: without it (not written yet, as in the
  // build that first configures a project) the TU is checked on its own.
  if (Setup.Index || Setup.IndexPath.empty() || !Setup.IndexError.empty())
    return;
  try {
    Setup.Index = indexCache().get(
        Setup.IndexPath,
        [](const std::string &P) { return PreparedIndex(readSummarySet(P)); },
        [](const std::string &P) {
          return ConfigError("index '" + P + "' does not exist");
        });
  } catch (const ConfigError &E) {
    Setup.IndexError = E.what();
  }
}

FrontEndSetup loadFrontEndSetup(const clang::SourceManager &SM,
                                const std::string &IndexFile,
                                const std::string &ConfigFile) {
  return loadFrontEndSetup(
      absolutePath(SM, IndexFile), absolutePath(SM, ConfigFile),
      llvm::sys::path::parent_path(mainFilePath(SM)).str());
}

std::vector<Finding>
findingsInTU(const TUSummary &S, const clang::SourceManager &SM,
             FrontEndSetup &Setup, const std::vector<std::string> &Enabled,
             const std::map<std::string, std::string> &Options,
             const clang::Preprocessor *PP) {
  // The whole program's findings are asked about, many in the same file.
  std::map<std::string, bool, std::less<>> Known;
  auto InTU = [&](const std::string &File) {
    auto It = Known.find(File);
    if (It == Known.end())
      It = Known.emplace(File, fileInTU(SM, File, PP)).first;
    return It->second;
  };
  return findingsInTU(S, Setup, Enabled, Options, InTU, nullptr);
}

std::vector<Finding>
findingsInTU(const TUSummary &S, FrontEndSetup &Setup,
             const std::vector<std::string> &Enabled,
             const std::map<std::string, std::string> &Options,
             const std::function<bool(const std::string &)> &InTU,
             std::string *Source) {
  auto Explain = [&](const std::string &What) {
    if (explainResults())
      llvm::errs() << "stallscan: " << S.MainFile << ": " << What << "\n";
  };
  auto FullLoad = [&](const std::string &Why) {
    Explain("full load (" + Why + ")");
    if (Source)
      *Source = Why;
    ensureIndex(Setup);
    return placeFindingsInTU(analyseFreshTU(S, Setup, Enabled, Options),
                             S.MainFile, InTU);
  };
  if (Source)
    Source->clear();
  if (Setup.Results) {
    std::string Why;
    std::optional<std::vector<Finding>> Stored;
    try {
      Stored = resultsOf(*Setup.Results)
                   .findingsFor(S, analysisKey(Setup.Conf.get(), Options),
                                Enabled, InTU, Why);
    } catch (const StoredResultsError &E) {
      Why = E.what();
    }
    if (Stored) {
      std::vector<Finding> Out =
          placeFindingsInTU(std::move(*Stored), S.MainFile, InTU);
      std::string From = "findings from the index's stored results";
      if (!Why.empty())
        From += " (" + Why + ")";
      if (!verifyResults()) {
        Explain(From);
        return Out;
      }
      ensureIndex(Setup);
      if (!Setup.IndexError.empty()) {
        Explain(From + ", not verified: " + Setup.IndexError);
        return Out;
      }
      std::string Served = findingsText(Out);
      std::string Full = findingsText(placeFindingsInTU(
          analyseFreshTU(S, Setup, Enabled, Options), S.MainFile, InTU));
      if (Served != Full)
        llvm::report_fatal_error(
            llvm::Twine("stallscan: the stored results of ") + S.MainFile +
            " differ from a full load:\nstored:\n" + Served + "full:\n" +
            Full);
      Explain(From + ", the same as a full load's");
      return Out;
    }
    return FullLoad(Why);
  }
  if (Setup.IndexPath.empty()) { // no index: the TU on its own
    if (Source)
      *Source = "no index";
    return placeFindingsInTU(analyseFreshTU(S, Setup, Enabled, Options),
                             S.MainFile, InTU);
  }
  return FullLoad(Setup.ResultsError.empty() ? "the index has no stored results"
                                             : Setup.ResultsError);
}

std::vector<Finding>
analyseFreshTU(const TUSummary &Fresh, const FrontEndSetup &Setup,
               const std::vector<std::string> &Enabled,
               const std::map<std::string, std::string> &Options) {
  // The index's definitions are split already: the fresh TU's must match.
  const TUSummary *Own = &Fresh;
  TUSummary Renamed;
  if (Setup.Index && Setup.Index->Split.mentionedBy(Fresh)) {
    Renamed = Fresh;
    Setup.Index->Split.apply(Renamed);
    Own = &Renamed;
  }
  std::optional<MergedUnits> Merged;
  auto Units = [&]() -> const MergedUnits & {
    if (!Merged)
      Merged = mergeWithIndex(*Own, Setup.Index.get());
    return *Merged;
  };
  std::optional<Program> Linked;
  if (Setup.Index && (Setup.ReuseLink || verifyIncremental())) {
    static LinkedBases Bases;
    std::string Why;
    Linked = Bases.get(Setup.Index, *Own, Units)->withUnit(*Own, &Why);
    if (verifyIncremental()) {
      std::string Diff;
      if (Linked)
        Diff = programDifference(link(Units().Units, /*AlreadySplit=*/true),
                                 *Linked);
      if (!Diff.empty())
        llvm::report_fatal_error(
            llvm::Twine("stallscan: incremental link of ") + Fresh.MainFile +
            " differs from a full link: " + Diff);
      llvm::errs() << "stallscan: incremental link of " << Fresh.MainFile
                   << (Linked ? ": same program as a full link"
                              : ": refused (" + Why + ")")
                   << "\n";
    }
  }
  Program P = Linked ? std::move(*Linked)
                     : link(Units().Units,
                            /*AlreadySplit=*/Setup.Index != nullptr);
  LoopOptions LoopOpts = loopOptions(Setup.Conf.get());
  std::map<std::string, std::string> AllOptions;
  if (Setup.Conf)
    AllOptions = Setup.Conf->CheckOptions;
  for (const auto &[Key, Value] : Options)
    AllOptions[Key] = Value;
  LoopReachability Loop = computeLoopReachability(P, LoopOpts);
  EntryPoints Entries = computeEntryPoints(P, Loop);
  LockReachability Locks = computeLockReachability(P, &Entries);
  AnalysisInput In{P, Loop, Locks, Entries, AllOptions};
  return runChecks(In, Enabled, "");
}

std::vector<Finding>
placeFindingsInTU(std::vector<Finding> All, const std::string &MainFile,
                  const std::function<bool(const std::string &)> &InTU) {
  std::vector<Finding> Out;
  // Findings moved onto one call (a dispatch reaching several blocking
  // helpers) become one diagnostic: the nearest, with the others as notes.
  std::map<std::pair<std::string, Loc>, size_t> Moved;
  for (Finding &F : All) {
    if (InTU(F.Where.File)) {
      Out.push_back(std::move(F));
      continue;
    }
    auto Last =
        std::find_if(F.Trace.rbegin(), F.Trace.rend(),
                     [&](const Note &N) { return N.Where.File == MainFile; });
    if (Last == F.Trace.rend())
      continue; // another TU's finding: its own compile shows it
    Loc Anchor = Last->Where;
    std::string Site = llvm::sys::path::filename(F.Where.File.str()).str() + ":" +
                       std::to_string(F.Where.Line) + ":" +
                       std::to_string(F.Where.Col);
    std::string In = F.Function.empty() ? "" : "in '" + F.Function + "' ";
    Note Real{F.Where, F.Api.empty() ? "reported here"
                                     : "the call to '" + F.Api + "' is here"};
    auto [It, New] = Moved.try_emplace({F.Check, Anchor}, Out.size());
    if (!New) {
      Finding &First = Out[It->second];
      First.Trace.push_back({Real.Where, "also through this call, " + In + "(" +
                                             Site + "): " + F.Message});
      First.Metrics["also_reached"] += 1;
      continue;
    }
    F.Trace.push_back(std::move(Real));
    F.Message = "through this call, " + In + "(" + Site + "): " + F.Message;
    F.Where = Anchor;
    Out.push_back(std::move(F));
  }
  for (const auto &[Key, Index] : Moved)
    if (long More = Out[Index].Metrics["also_reached"])
      Out[Index].Message +=
          " (and " + std::to_string(More) + " more, in notes)";
    else
      Out[Index].Metrics.erase("also_reached");
  return Out;
}

namespace {

std::string normalisedPath(const clang::SourceManager &SM,
                           llvm::StringRef Name) {
  llvm::SmallString<256> P(Name);
  if (!Name.starts_with("<"))
    SM.getFileManager().makeAbsolutePath(P);
  llvm::sys::path::remove_dots(P, true);
  return std::string(P);
}

/// In a preprocessed TU (Names.h), the place of \p L in the main file, from
/// the line markers that name L's file: the physical line after a marker
/// `# N "file"` is line N of that file.
clang::SourceLocation presumedToSourceLocation(clang::SourceManager &SM,
                                               const Loc &L) {
  if (!isPreprocessedInput(SM) || !SM.hasLineTable())
    return {};
  clang::FileID Main = SM.getMainFileID();
  clang::LineTableInfo &Table = SM.getLineTable();
  for (auto &[FID, Entries] : Table) {
    if (FID != Main)
      continue;
    for (size_t I = 0; I < Entries.size(); ++I) {
      const clang::LineEntry &E = Entries[I];
      if (E.FilenameID < 0 || L.Line < E.LineNo ||
          normalisedPath(SM, Table.getFilename(E.FilenameID)) != L.File.str())
        continue;
      unsigned Marker = SM.getLineNumber(Main, E.FileOffset);
      unsigned Physical = Marker + 1 + (L.Line - E.LineNo);
      if (I + 1 < Entries.size() &&
          Physical > SM.getLineNumber(Main, Entries[I + 1].FileOffset))
        continue;
      return SM.translateLineCol(Main, Physical, L.Col);
    }
  }
  return {};
}

} // namespace

clang::SourceLocation toSourceLocation(clang::SourceManager &SM, const Loc &L,
                                       bool LoadOtherFiles) {
  if (!L.valid())
    return {};
  if (clang::SourceLocation P = presumedToSourceLocation(SM, L); P.isValid())
    return P;
  auto File = SM.getFileManager().getOptionalFileRef(L.File.str());
  if (!File)
    return {};
  clang::FileID FID = LoadOtherFiles
                          ? SM.getOrCreateFileID(*File, clang::SrcMgr::C_User)
                          : SM.translateFile(*File);
  return FID.isValid() ? SM.translateLineCol(FID, L.Line, L.Col)
                       : clang::SourceLocation();
}

std::string absolutePath(const clang::SourceManager &SM,
                         const std::string &Path) {
  llvm::SmallString<256> S(Path);
  if (!Path.empty())
    SM.getFileManager().makeAbsolutePath(S);
  return std::string(S);
}

std::string mainFilePath(const clang::SourceManager &SM) {
  if (isPreprocessedInput(SM))
    if (std::string Source = preprocessedSource(SM); !Source.empty())
      return normalisedPath(SM, Source);
  auto Main = SM.getFileEntryRefForID(SM.getMainFileID());
  if (!Main)
    return "";
  llvm::SmallString<256> P(Main->getName());
  SM.getFileManager().makeAbsolutePath(P);
  llvm::sys::path::remove_dots(P, true);
  return std::string(P);
}

bool fileInTU(const clang::SourceManager &SM, const std::string &File,
              const clang::Preprocessor *PP) {
  if (PP && !isPreprocessedInput(SM)) {
    auto Ref = SM.getFileManager().getOptionalFileRef(File);
    if (!Ref)
      return false;
    auto Main = SM.getFileEntryRefForID(SM.getMainFileID());
    return (Main && *Main == *Ref) || PP->alreadyIncluded(*Ref);
  }
  if (isPreprocessedInput(SM) && SM.hasLineTable()) {
    auto &Table = const_cast<clang::SourceManager &>(SM).getLineTable();
    for (auto &[FID, Entries] : Table)
      for (const clang::LineEntry &E : Entries)
        if (E.FilenameID >= 0 &&
            normalisedPath(SM, Table.getFilename(E.FilenameID)) == File)
          return true;
  }
  auto Ref = SM.getFileManager().getOptionalFileRef(File);
  return Ref && SM.translateFile(*Ref).isValid();
}

} // namespace stallscan
