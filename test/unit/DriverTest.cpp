#include "driver/Driver.h"
#include "catalog/Catalog.h"
#include "driver/Config.h"
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
