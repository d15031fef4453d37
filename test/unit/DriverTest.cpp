#include "driver/Driver.h"
#include "catalog/Catalog.h"
#include "driver/Config.h"
#include "driver/OutputFile.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace stallscan;

static bool has(const std::vector<std::string> &V, const std::string &S) {
  return std::find(V.begin(), V.end(), S) != V.end();
}

TEST(DriverTest, StripsPluginsOutputsAndDependencyFiles) {
  auto Out = sanitizeCommand({"/usr/bin/g++",
                              "-fplugin=evil.so",
                              "-fpass-plugin=p.so",
                              "-Xclang",
                              "-load",
                              "-Xclang",
                              "lib.so",
                              "-Xclang",
                              "-add-plugin",
                              "-Xclang",
                              "x",
                              "-MD",
                              "-MF",
                              "dep.d",
                              "-c",
                              "-o",
                              "a.o",
                              "-Iinc",
                              "-DX=1",
                              "-std=c++17",
                              "a.cpp"},
                             false);
  EXPECT_EQ(Out.front(), "clang++");
  for (const char *Gone :
       {"-fplugin=evil.so", "-fpass-plugin=p.so", "-load", "lib.so",
        "-add-plugin", "-MD", "dep.d", "-c", "a.o"})
    EXPECT_FALSE(has(Out, Gone)) << Gone;
  for (const char *Kept : {"-Iinc", "-DX=1", "-std=c++17", "a.cpp"})
    EXPECT_TRUE(has(Out, Kept)) << Kept;
}

TEST(DriverTest, KeepsPluginsWhenAllowed) {
  auto Out = sanitizeCommand({"clang", "-fplugin=p.so", "a.c"}, true);
  EXPECT_TRUE(has(Out, "-fplugin=p.so"));
  EXPECT_EQ(Out.front(), "clang");
}

TEST(DriverTest, DropsUnknownGccFlags) {
  auto Out = sanitizeCommand({"gcc", "-fno-this-flag-does-not-exist",
                              "-fconcepts-diagnostics-depth=3", "-O2", "a.c"},
                             false);
  EXPECT_FALSE(has(Out, "-fno-this-flag-does-not-exist"));
  EXPECT_TRUE(has(Out, "-O2"));
  EXPECT_TRUE(has(Out, "a.c"));
}

TEST(DriverTest, StripsEverySpellingOfGpuDetectionAndToolSelection) {
  auto Out = sanitizeCommand(
      {"clang++", "-x", "cuda", "--offload-arch=native",
       "--cuda-gpu-arch=sm_80", "--nvptx-arch-tool=/x/t", "-fopenmp",
       "-fopenmp-targets=nvptx64", "-Xopenmp-target=nvptx64", "-march=native",
       "-Xarch_device", "-DDEV", "-Xarch_host", "-DHOST", "-Xarch_host",
       "--offload-arch=native", "-ccc-install-dir", "/x", "--config=a.cfg",
       "-###", "-MJ", "cdb.json", "-B/b", "--gcc-toolchain=/g", "a.cu"},
      false);
  for (const char *Gone :
       {"--offload-arch=native", "--cuda-gpu-arch=sm_80",
        "--nvptx-arch-tool=/x/t", "-fopenmp-targets=nvptx64", "-Xopenmp-target=nvptx64", "-Xarch_device",
        "-DDEV", "-ccc-install-dir", "/x", "--config=a.cfg", "-###", "-MJ",
        "cdb.json", "-march=native" /* the value of -Xopenmp-target= */})
    EXPECT_FALSE(has(Out, Gone)) << Gone;
  // Host code keeps what it needs; tool and GCC directories run nothing
  // under -fsyntax-only and choose headers.
  for (const char *Kept :
       {"-x", "cuda", "-fopenmp", "-DHOST", "-B/b", "--gcc-toolchain=/g",
        "a.cu", "--offload-host-only", "--no-default-config"})
    EXPECT_TRUE(has(Out, Kept)) << Kept;
  EXPECT_EQ(std::count(Out.begin(), Out.end(), "-Xarch_host"), 1);
}

TEST(DriverTest, NativeCpuOfAGpuTargetIsDropped) {
  auto Gpu = sanitizeCommand(
      {"clang", "--target=amdgcn-amd-amdhsa", "-mcpu=native", "a.c"}, false);
  EXPECT_FALSE(has(Gpu, "-mcpu=native"));
  auto Host = sanitizeCommand({"clang", "-march=native", "a.c"}, false);
  EXPECT_TRUE(has(Host, "-march=native"));
}

TEST(DriverTest, ExpandsResponseFilesRelativeToTheirNamer) {
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("rsp", Dir));
  auto Write = [&](const char *Name, const char *Text) {
    llvm::SmallString<128> P(Dir);
    llvm::sys::path::append(P, Name);
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(P));
    std::error_code EC;
    llvm::raw_fd_ostream(P, EC) << Text;
  };
  Write("a.rsp", "-DA '-DB=x y' @sub/b.rsp\n");
  Write("sub/b.rsp", "@c.rsp"); // beside b.rsp, not in the entry's folder
  Write("sub/c.rsp", "-DC");
  std::vector<std::string> Args = {"clang", "@a.rsp", "main.c"};
  std::string Error;
  ASSERT_TRUE(expandResponseFiles(Args, std::string(Dir), Error)) << Error;
  EXPECT_EQ(Args, (std::vector<std::string>{"clang", "-DA", "-DB=x y", "-DC",
                                            "main.c"}));

  std::vector<std::string> Missing = {"clang", "@nope.rsp", "main.c"};
  EXPECT_FALSE(expandResponseFiles(Missing, std::string(Dir), Error));
  EXPECT_NE(Error.find("cannot read response file"), std::string::npos);
  llvm::sys::fs::remove_directories(Dir);
}

TEST(CatalogTest, BuiltinMatchesMembersThroughTheObjectType) {
  const Catalog &C = Catalog::builtin();
  EXPECT_FALSE(C.lookup(Section::Blocking,
                        {"std::__basic_future::wait", "std::future::wait"})
                   .empty());
  EXPECT_TRUE(C.lookup(Section::Blocking, {"std::vector::push_back"}).empty());
  EXPECT_FALSE(C.lookup(Section::Offload, {"app::ThreadPool::submit"}).empty());
}

TEST(CatalogTest, SchemaErrorsNameThePlace) {
  Catalog C;
  try {
    C.merge(nlohmann::json::parse(R"({"blocking": [{"names": ["x"]}]})"),
            "cfg");
    FAIL() << "expected an error";
  } catch (const std::runtime_error &E) {
    EXPECT_NE(std::string(E.what()).find("cfg.blocking[0]"), std::string::npos);
  }
}

TEST(ConfigTest, SelectChecksLikeClangTidy) {
  EXPECT_EQ(selectChecks({"-*"}).size(), 0u);
  EXPECT_EQ(selectChecks({"-*", "stallscan-blocking-*"}).size(), 1u);
  EXPECT_THROW(selectChecks({"stallscan-no-such-check"}), ConfigError);
  EXPECT_NO_THROW(selectChecks({"stallscan-nomatch-*"}));
}

TEST(CatalogTest, Globs) {
  EXPECT_TRUE(globMatch("*Pool::submit", "ns::ThreadPool::submit"));
  EXPECT_FALSE(globMatch("*Pool::submit", "ns::ThreadPool::submitted"));
  EXPECT_TRUE(globMatch("on_?", "on_x"));
}

namespace {
std::string readAll(const std::string &Path) {
  auto B = llvm::MemoryBuffer::getFile(Path);
  return B ? std::string((*B)->getBuffer()) : std::string("<missing>");
}
void writeOld(const std::string &Path) {
  std::error_code EC;
  llvm::raw_fd_ostream Old(Path, EC);
  ASSERT_FALSE(EC);
  Old << "old";
}
/// Entries of Dir whose path contains Part.
int entries(const std::string &Dir, llvm::StringRef Part = "") {
  std::error_code EC;
  int N = 0;
  for (llvm::sys::fs::directory_iterator I(Dir, EC), E; I != E && !EC;
       I.increment(EC))
    N += llvm::StringRef(I->path()).contains(Part);
  return N;
}
std::string tempDir() {
  llvm::SmallString<128> D;
  EXPECT_FALSE(llvm::sys::fs::createUniqueDirectory("staged", D));
  return std::string(D);
}
} // namespace

TEST(StagedOutputFileTest, FirstPartOnDiskBeforeCommitThenBothInPlace) {
  std::string Dir = tempDir(), Path = Dir + "/index";
  writeOld(Path);
  StagedOutputFile Out(Path);
  ASSERT_EQ(Out.writeFirst([](llvm::raw_ostream &OS) { OS << "index|"; }), "");
  // Before the commit the old output is intact, the first part is in a
  // temporary beside it.
  EXPECT_EQ(readAll(Path), "old");
  EXPECT_EQ(entries(Dir, ".stallscan-tmp-"), 1);
  ASSERT_EQ(Out.commit([](llvm::raw_ostream &OS) { OS << "results"; }), "");
  EXPECT_EQ(readAll(Path), "index|results");
  llvm::sys::fs::remove_directories(Dir);
}

TEST(StagedOutputFileTest, UncommittedLeavesTheOldOutputAndNoTemporary) {
  std::string Dir = tempDir(), Path = Dir + "/index";
  writeOld(Path);
  {
    StagedOutputFile Out(Path);
    ASSERT_EQ(Out.writeFirst([](llvm::raw_ostream &OS) { OS << "new"; }), "");
  }
  EXPECT_EQ(readAll(Path), "old");
  EXPECT_EQ(entries(Dir), 1);
  llvm::sys::fs::remove_directories(Dir);
}

TEST(StagedOutputFileTest, ADirectoryIsRefusedAtOnce) {
  std::string Dir = tempDir();
  StagedOutputFile Out(Dir);
  EXPECT_EQ(Out.writeFirst([](llvm::raw_ostream &OS) { OS << "x"; }),
            "is a directory");
  EXPECT_NE(Out.commit([](llvm::raw_ostream &) {}), "");
  llvm::sys::fs::remove_directories(Dir);
}

TEST(StagedOutputFileTest, ASpecialFileGetsBothPartsAtCommit) {
  std::string Dir = tempDir(), Link = Dir + "/null";
  ASSERT_FALSE(llvm::sys::fs::create_link("/dev/null", Link));
  StagedOutputFile Out(Link);
  ASSERT_EQ(Out.writeFirst([](llvm::raw_ostream &OS) { OS << "index"; }), "");
  EXPECT_EQ(Out.commit([](llvm::raw_ostream &OS) { OS << "results"; }), "");
  // Still a link to the device, not replaced by a file.
  EXPECT_TRUE(llvm::sys::fs::is_symlink_file(Link));
  llvm::sys::fs::remove_directories(Dir);
}
