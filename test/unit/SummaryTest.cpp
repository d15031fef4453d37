#include "summary/Summary.h"
#include "summary/SummaryHash.h"
#include "summary/SummaryReader.h"
#include "MovedSummary.h"
#include <functional>
#include <optional>
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

/// A summary with one fact in every list, and one in every nested list.
static TUSummary everyList() {
  TUSummary S = sample();
  S.Offloads.emplace_back();
  S.IndirectCalls.emplace_back();
  S.AddressTaken.emplace_back();
  S.StoredParams.emplace_back();
  S.StrayWaits.emplace_back();
  S.ConsoleLoops.emplace_back();
  S.Runners.emplace_back();
  S.ThreadPerConnection.emplace_back();
  S.ClientCalls.emplace_back();
  S.Suspends.emplace_back();
  S.CriticalSections.emplace_back();
  S.NonBlockingFds = {"fd"};
  S.FdFlows.emplace_back();
  S.CrashHandlers = {"h"};
  S.NoReturn = {"n"};
  S.MovedClasses = {"m"};
  S.Errors = {"e"};
  CallFact &C = S.Calls.front();
  C.Held.emplace_back();
  C.LockArgs.emplace_back();
  C.ArgObjects.emplace_back();
  C.Released = {"r"};
  S.Blocking.front().Held.emplace_back();
  S.Blocking.front().Released = {"r"};
  S.Suspends.front().Held.emplace_back();
  S.Functions.front().Overrides = {"o"};
  return S;
}

// The content hash is taken of the facts' fields directly, not of their
// JSON: every value the JSON holds must change it. Each leaf of the
// serialised summary is changed in turn (a string lengthened, a number
// incremented, a boolean flipped), read back, and hashed.
TEST(SummaryTest, ContentHashSeesEveryField) {
  const TUSummary S = everyList();
  const nlohmann::json J = S;
  const ContentHash Base = summaryHash(S);
  EXPECT_EQ(summaryHash(J.get<TUSummary>()), Base);
  size_t Leaves = 0, Fixed = 0;
  std::function<void(const nlohmann::json::json_pointer &)> Visit =
      [&](const nlohmann::json::json_pointer &At) {
        const nlohmann::json &V = J.at(At);
        if (V.is_structured()) {
          for (auto It = V.begin(); It != V.end(); ++It)
            Visit(V.is_object() ? At / It.key()
                                : At / static_cast<size_t>(
                                           std::distance(V.begin(), It)));
          return;
        }
        if (At.to_string() == "/version")
          return;
        // Other values of the leaf's type; the reader checks some strings'
        // shapes (an object's base), so those get values of each shape.
        std::vector<nlohmann::json> Others;
        if (V.is_string())
          for (const char *S : {"x", "this", "param:1", "global:g", "thread:t",
                                "frame:f", ""})
            Others.push_back(V.get<std::string>() == S
                                 ? nlohmann::json(std::string(S) + "x")
                                 : nlohmann::json(S));
        else if (V.is_boolean())
          Others.push_back(!V.get<bool>());
        else if (V.is_number_unsigned())
          Others.push_back(V.get<uint64_t>() + 1);
        else if (V.is_number_integer())
          Others.push_back(V.get<int64_t>() + 1);
        std::optional<TUSummary> Read;
        for (const nlohmann::json &O : Others) {
          nlohmann::json Changed = J;
          Changed.at(At) = O;
          try {
            Read = Changed.get<TUSummary>();
            break;
          } catch (const std::exception &) {
          }
        }
        if (!Read) { // an index into another list, an id facts refer to
          ++Fixed;
          return;
        }
        ++Leaves;
        EXPECT_NE(summaryHash(*Read), Base)
            << "changing " << At.to_string() << " kept the hash";
      };
  Visit(nlohmann::json::json_pointer());
  EXPECT_GT(Leaves, 150u);
  EXPECT_LT(Fixed, 12u);
}

// Fields are self-delimiting: moving a character from one string to the
// next changes the hash.
TEST(SummaryTest, ContentHashDelimitsFields) {
  TUSummary A = sample(), B = sample();
  A.Blocking.front().Api = "ab";
  A.Blocking.front().Kind = "c";
  B.Blocking.front().Api = "a";
  B.Blocking.front().Kind = "bc";
  EXPECT_NE(summaryHash(A), summaryHash(B));
  TUSummary C = sample(), D = sample();
  C.FileFds = {"a", "b"};
  D.FileFds = {"ab"};
  EXPECT_NE(summaryHash(C), summaryHash(D));
}

namespace {
/// Builds the JSON tree a SummaryValueSink is given, to compare with
/// to_json's.
class JsonSink : public SummaryValueSink {
public:
  nlohmann::json Root;
  void beginObject(size_t N) override {
    open(nlohmann::json::object(), N);
  }
  void key(std::string_view K) override { Key = std::string(K); }
  void beginArray(size_t N) override { open(nlohmann::json::array(), N); }
  void end() override {
    EXPECT_EQ(Stack.back()->size(), Counts.back())
        << "a container's count is not what followed: " << Stack.back()->dump();
    Stack.pop_back();
    Counts.pop_back();
  }
  void string(std::string_view S) override { put(std::string(S)); }
  void integer(int64_t V) override { put(V); }
  void unsignedInteger(uint64_t V) override { put(V); }
  void boolean(bool B) override { put(B); }

private:
  nlohmann::json *put(nlohmann::json V) {
    if (Stack.empty()) {
      Root = std::move(V);
      return &Root;
    }
    nlohmann::json &Top = *Stack.back();
    if (Top.is_object())
      return &(Top[Key] = std::move(V));
    Top.push_back(std::move(V));
    return &Top.back();
  }
  void open(nlohmann::json V, size_t N) {
    Stack.push_back(put(std::move(V)));
    Counts.push_back(N);
  }
  std::vector<nlohmann::json *> Stack;
  std::vector<size_t> Counts; ///< what each open container announced
  std::string Key;
};
} // namespace

// The index encoder takes a unit's values from writeSummaryValues, not from
// its JSON tree: the same values of the same kinds (a signed integer stays
// signed), in the same order, for every list and field.
TEST(SummaryTest, ValuesAreTheJsonTreesValues) {
  const TUSummary S = everyList();
  JsonSink Sink;
  writeSummaryValues(S, Sink);
  const nlohmann::json J = S;
  EXPECT_EQ(Sink.Root.dump(), J.dump());
  std::function<void(const nlohmann::json &, const nlohmann::json &)> Kinds =
      [&](const nlohmann::json &A, const nlohmann::json &B) {
        ASSERT_EQ(A.type(), B.type()) << A.dump() << " vs " << B.dump();
        if (A.is_structured()) {
          ASSERT_EQ(A.size(), B.size());
          for (auto I = A.begin(), K = B.begin(); I != A.end(); ++I, ++K)
            Kinds(*I, *K);
        }
      };
  Kinds(Sink.Root, J);
}

// The index writer leaves the facts of functions that moved to the shared
// unit out of a unit's values instead of erasing them from a copy: the
// same values, counts included, for every owned list.
TEST(SummaryTest, ValuesWithoutAFunctionAreAnErasedCopysValues) {
  const TUSummary S = everyList();
  for (std::string Gone : {"", "c:@F@a", "c:@F@b", "c:@F@none"}) {
    TUSummary Copy = S;
    size_t Erased = 0;
    forEachOwnedFactList([&](auto List, auto Owner) {
      auto &Facts = Copy.*List;
      size_t Before = Facts.size();
      Facts.erase(std::remove_if(Facts.begin(), Facts.end(),
                                 [&](const auto &F) { return F.*Owner == Gone; }),
                  Facts.end());
      Erased += Before - Facts.size();
    });
    if (Gone != "c:@F@none")
      EXPECT_GT(Erased, 0u) << Gone;
    JsonSink Sink;
    writeSummaryValues(S, Sink,
                       [&](const std::string &Id) { return Id == Gone; });
    EXPECT_EQ(Sink.Root.dump(), nlohmann::json(Copy).dump()) << Gone;
  }
}

namespace {
TUSummary withLambda() {
  TUSummary S = everyList();
  std::string L = "lambda:/src/a.cpp:12:7";
  S.Functions.push_back({L, "lambda in a", {"/src/a.cpp", 12, 9}, false,
                         false, {}});
  S.Calls.push_back({L, "c:@F@b", {"/src/a.cpp", 13, 5}, false, false, -1});
  S.Calls.back().Held.push_back(
      {"param:" + L + ":0", "mu", {"/src/a.cpp", 12, 20}, false, {}, false});
  S.Functions.push_back(
      {"c:@F@h", "h", {"/src/common.h", 3, 1}, false, false, {}});
  S.normalise();
  return S;
}
} // namespace

// An edit that moves code without changing it keeps the shape hash (and
// the places correspond in order); any other change does not.
TEST(SummaryTest, ShapeHashIgnoresWhereCodeMoved) {
  const TUSummary S = withLambda();
  std::vector<Place> Before, After;
  ContentHash Content;
  ContentHash Shape = shapeHash(S, Before, &Content);
  EXPECT_EQ(Content, summaryHash(S)) << "the content hash of the same walk";
  ASSERT_GT(Before.size(), 8u);
  EXPECT_TRUE(std::count(Before.begin(), Before.end(), Place{12, 7}))
      << "a lambda id's place is a place";
  // Lines added above everything, and more below line 10.
  TUSummary Down = movedSummary(S, [](Place P) {
    return Place{P.first + 3 + (P.first > 10 ? 5 : 0), P.second};
  });
  EXPECT_NE(summaryHash(Down), summaryHash(S));
  EXPECT_EQ(shapeHash(Down, After), Shape);
  ASSERT_EQ(After.size(), Before.size());
  EXPECT_EQ(After.front().first, Before.front().first + 3);
  EXPECT_TRUE(std::count(After.begin(), After.end(), Place{20, 7}));
  // Code moved along line 12 (columns kept in order).
  TUSummary Along = movedSummary(S, [](Place P) {
    return P.first == 12 ? Place{12, P.second * 2} : P;
  });
  EXPECT_EQ(shapeHash(Along, After), Shape);

  // Not the same shape: two places that shared line 12 no longer do.
  TUSummary Split = movedSummary(S, [](Place P) {
    return P.first == 12 && P.second > 10 ? Place{P.first + 1, P.second} : P;
  });
  EXPECT_NE(shapeHash(Split, After), Shape);
  // A header's location moved.
  TUSummary Header = S;
  Header.Functions.back().Where.Line = 4;
  EXPECT_NE(shapeHash(Header, After), Shape);
  // A call added (at a new place), or a fact's field changed.
  TUSummary Call = S;
  Call.Calls.push_back(
      {"c:@F@a", "c:@F@h", {"/src/a.cpp", 4, 9}, false, false, -1});
  Call.normalise();
  EXPECT_NE(shapeHash(Call, After), Shape);
  TUSummary Api = S;
  Api.Blocking.front().Api = "usleep";
  EXPECT_NE(shapeHash(Api, After), Shape);
  // Two places swapped: the order changed.
  TUSummary Swap = movedSummary(S, [](Place P) {
    return P == Place{12, 7} ? Place{12, 20} : P == Place{12, 20} ? Place{12, 7} : P;
  });
  EXPECT_NE(shapeHash(Swap, After), Shape);
}

TEST(SummaryTest, RewritesLambdaIdsOfTheMainFileOnly) {
  auto To = [](Place P) -> std::optional<Place> {
    return Place{P.first + 1, P.second};
  };
  EXPECT_EQ(*rewriteLambdaIds("param:lambda:/a.cpp:3:4:0", "/a.cpp", To),
            "param:lambda:/a.cpp:4:4:0");
  EXPECT_EQ(*rewriteLambdaIds("lambda:/a.cpp:3:4 lambda:/b.h:3:4 "
                              "lambda:/a.cpp:9:1#2:2",
                              "/a.cpp", To),
            "lambda:/a.cpp:4:4 lambda:/b.h:3:4 lambda:/a.cpp:10:1#2:2");
  EXPECT_EQ(*rewriteLambdaIds("lambda:/a.cpp:x", "/a.cpp", To),
            "lambda:/a.cpp:x");
  EXPECT_FALSE(rewriteLambdaIds("lambda:/a.cpp:3:4", "/a.cpp",
                                [](Place) { return std::nullopt; }));
}
