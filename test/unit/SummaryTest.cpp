#include "summary/Summary.h"
#include "summary/SummaryReader.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace stallscan;

static TUSummary sample() {
  TUSummary S;
  S.MainFile = "/src/a.cpp";
  S.Functions.push_back(
      {"c:@F@b", "b", {"/src/a.cpp", 9, 1}, false, false, {}});
  S.Functions.push_back(
      {"c:@F@a", "a", {"/src/a.cpp", 3, 1}, true, true, {"c:@F@base"}});
  S.Calls.push_back(
      {"c:@F@a", "c:@F@b", {"/src/a.cpp", 4, 3}, false, false, 0});
  S.Blocking.push_back({"c:@F@b",
                        "sleep",
                        "sleep",
                        "use a timer",
                        {"/src/a.cpp", 10, 3},
                        false,
                        "",
                        -1});
  S.Reactors.push_back({"c:@F@a", "epoll_wait", {"/src/a.cpp", 5, 5}});
  S.Roots.push_back(
      {"c:@F@b", "uv_read_start", "libuv", "c:@F@a", {"/src/a.cpp", 6, 2}});
  S.EntryLocks.push_back({"c:@F@b", "global:@the Python GIL", "the Python GIL",
                          "PyMethodDef::ml_meth", "fetch", "c:@F@a",
                          {"/src/a.cpp", 7, 4}});
  S.FileFds = {"x", "a", "x"};
  return S;
}

TEST(SummaryTest, RoundTripIsLossless) {
  TUSummary S = sample();
  S.normalise();
  nlohmann::json J = S;
  TUSummary Back = J.get<TUSummary>();
  EXPECT_EQ(nlohmann::json(Back).dump(), J.dump());
  ASSERT_EQ(Back.Functions.size(), 2u);
  EXPECT_EQ(Back.Functions[0].Id, "c:@F@a");
  EXPECT_TRUE(Back.Functions[0].IsCoroutine);
  EXPECT_EQ(Back.Functions[0].Overrides, std::vector<std::string>{"c:@F@base"});
  EXPECT_EQ(Back.Blocking[0].Where.Line, 10u);
}

TEST(SummaryTest, NormaliseSortsAndDeduplicates) {
  TUSummary A = sample(), B = sample();
  std::reverse(B.Functions.begin(), B.Functions.end());
  B.Calls.push_back(B.Calls.front());
  A.normalise();
  B.normalise();
  EXPECT_EQ(nlohmann::json(A).dump(), nlohmann::json(B).dump());
  EXPECT_EQ(A.FileFds, (std::vector<std::string>{"a", "x"}));
  EXPECT_EQ(A.Calls.size(), 1u);
}

TEST(SummaryTest, ReactorIndicesFollowSorting) {
  TUSummary S;
  S.Reactors.push_back({"f", "poll", {"/a.cpp", 20, 1}});
  S.Reactors.push_back({"f", "epoll_wait", {"/a.cpp", 10, 1}});
  S.Calls.push_back({"f", "g", {"/a.cpp", 21, 1}, false, false, 0});
  S.normalise();
  EXPECT_EQ(S.Reactors[1].WaitApi, "poll");
  EXPECT_EQ(S.Calls[0].Reactor, 1);
}

TEST(SummaryTest, RejectsOtherVersions) {
  nlohmann::json J = sample();
  J["version"] = SummaryFormatVersion + 1;
  EXPECT_THROW(J.get<TUSummary>(), nlohmann::json::exception);
  EXPECT_THROW(readSummary(J), SummaryFormatError);
}
