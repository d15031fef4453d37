#include "driver/SummaryFiles.h"
#include "driver/TUFrontEnd.h"
#include <gtest/gtest.h>

using namespace stallscan;

namespace {
FunctionFact fn(const std::string &Id, const std::string &File, unsigned Line) {
  FunctionFact F;
  F.Id = F.Name = Id;
  F.Where = {File, Line, 1};
  return F;
}
BlockingFact blocking(const std::string &Caller, const std::string &File,
                      unsigned Line) {
  BlockingFact B;
  B.Caller = Caller;
  B.Api = "sleep";
  B.Where = {File, Line, 3};
  return B;
}
} // namespace

// The TU being analysed replaces its own index entry, stale or not, and its
// facts about header functions replace the index's (the header may be the
// file being edited); other TUs are used as recorded.
TEST(FrontEndTest, FreshTUWinsOverIndex) {
  SummarySet Read;
  TUSummary OldA;
  OldA.MainFile = "/p/a.cpp";
  OldA.Functions = {fn("a_fn", "/p/a.cpp", 1)};
  OldA.Blocking = {blocking("a_fn", "/p/a.cpp", 2)};
  TUSummary B;
  B.MainFile = "/p/b.cpp";
  B.Functions = {fn("b_fn", "/p/b.cpp", 1), fn("inline_fn", "/p/h.h", 5)};
  B.Blocking = {blocking("b_fn", "/p/b.cpp", 2),
                blocking("inline_fn", "/p/h.h", 6)};
  Read.Units = {OldA, B};
  PreparedIndex Index(std::move(Read));

  TUSummary Fresh;
  Fresh.MainFile = "/p/a.cpp";
  Fresh.Functions = {fn("a_fn", "/p/a.cpp", 1), fn("inline_fn", "/p/h.h", 7)};
  auto Merged = mergeWithIndex(Fresh, &Index);
  const auto &Units = Merged.Units;
  ASSERT_EQ(Units.size(), 2u); // fresh a.cpp, then b.cpp; the old a.cpp gone
  EXPECT_EQ(Units[0], &Fresh); // referenced, not copied
  ASSERT_EQ(Units[1]->MainFile, "/p/b.cpp");
  ASSERT_EQ(Units[1]->Functions.size(), 1u);
  EXPECT_EQ(Units[1]->Functions[0].Id, "b_fn");
  ASSERT_EQ(Units[1]->Blocking.size(), 1u); // inline_fn's old sleep dropped
  EXPECT_EQ(Units[1]->Blocking[0].Caller, "b_fn");
  EXPECT_EQ(Index.Set.Units[1].Blocking.size(), 2u); // the index is untouched

  // A unit with nothing about the redefined functions is not copied.
  TUSummary Fresh2 = Fresh;
  Fresh2.Functions = {fn("a_fn", "/p/a.cpp", 1)};
  EXPECT_EQ(mergeWithIndex(Fresh2, &Index).Units[1], &Index.Set.Units[1]);

  // Without an index: the fresh TU alone.
  EXPECT_EQ(mergeWithIndex(Fresh, nullptr).Units.size(), 1u);
}

// A finding in another file moves onto the last call of its path in the
// main file; several moved onto one call become one finding with notes.
TEST(FrontEndTest, FindingsMoveOntoTheCallIntoAnotherFile) {
  auto Make = [](unsigned Line, const char *Api) {
    Finding F;
    F.Check = "stallscan-blocking-in-event-loop";
    F.Where = {"/p/b.cpp", Line, 3};
    F.Api = Api;
    F.Function = "helper";
    F.Message = std::string("blocking call to '") + Api + "'";
    F.Trace = {{{"/p/a.cpp", 10, 5}, "handler registered here"},
               {{"/p/a.cpp", 12, 7}, "'h' calls 'helper' here"},
               {{"/p/b.cpp", 1, 1}, "'helper' calls 'inner' here"}};
    return F;
  };
  Finding Elsewhere = Make(5, "sleep");
  Elsewhere.Trace.erase(Elsewhere.Trace.begin(), Elsewhere.Trace.end() - 1);
  auto InA = [](const std::string &F) { return F == "/p/a.cpp"; };
  auto Out = placeFindingsInTU({Make(2, "sleep"), Make(3, "usleep"), Elsewhere},
                               "/p/a.cpp", InA);
  ASSERT_EQ(Out.size(), 1u); // the third never passes through a.cpp
  const Finding &F = Out[0];
  EXPECT_EQ(F.Where, (Loc{"/p/a.cpp", 12, 7}));
  EXPECT_EQ(F.Message, "through this call, in 'helper' (b.cpp:2:3): blocking "
                       "call to 'sleep' (and 1 more, in notes)");
  ASSERT_EQ(F.Trace.size(), 5u);
  EXPECT_EQ(F.Trace[3].Message, "the call to 'sleep' is here");
  EXPECT_EQ(F.Trace[4].Where, (Loc{"/p/b.cpp", 3, 3}));
  EXPECT_EQ(F.Trace[4].Message, "also through this call, in 'helper' "
                                "(b.cpp:3:3): blocking call to 'usleep'");
  EXPECT_EQ(F.Metrics.count("also_reached"), 1u);

  // Findings in files the TU read stay where they are.
  auto All = [](const std::string &) { return true; };
  auto Kept = placeFindingsInTU({Make(2, "sleep")}, "/p/a.cpp", All);
  ASSERT_EQ(Kept.size(), 1u);
  EXPECT_EQ(Kept[0].Where.File, "/p/b.cpp");
}

// Two programs in one index each define onMessage (same id, different
// places); a.cpp's is called from c.cpp of the same program. Linked with a
// fresh a.cpp, a.cpp's definition must take the name the index gave it, or
// c.cpp's call would miss it (and reach only b.cpp's).
TEST(FrontEndTest, FreshTUJoinsTheIndexDefinitionSplit) {
  auto Unit = [](const std::string &Main) {
    TUSummary S;
    S.MainFile = Main;
    return S;
  };
  TUSummary A = Unit("/p/a.cpp"); // program 1: onMessage blocks
  A.Functions = {fn("onMessage", "/p/a.cpp", 5)};
  A.Blocking = {blocking("onMessage", "/p/a.cpp", 6)};
  TUSummary C = Unit("/p/c.cpp"); // program 1: a handler calls onMessage
  C.Functions = {fn("handler", "/p/c.cpp", 1)};
  RootFact R;
  R.Function = "handler";
  R.Api = "uv_read_start";
  R.Where = {"/p/c.cpp", 9, 3};
  C.Roots = {R};
  CallFact Call;
  Call.Caller = "handler";
  Call.Callee = "onMessage";
  Call.Where = {"/p/c.cpp", 2, 3};
  C.Calls = {Call};
  TUSummary B = Unit("/p/b.cpp"); // program 2: its own onMessage
  B.Functions = {fn("onMessage", "/p/b.cpp", 5)};
  SummarySet Read;
  Read.Units = {A, B, C};
  auto Index = std::make_shared<const PreparedIndex>(std::move(Read));
  ASSERT_EQ(Index->Split.Variants.count("onMessage"), 1u);

  FrontEndSetup Setup = loadFrontEndSetup("", "", "");
  Setup.Index = Index;
  auto Found =
      analyseFreshTU(A, Setup, {"stallscan-blocking-in-event-loop"}, {});
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_EQ(Found[0].Where, (Loc{"/p/a.cpp", 6, 3}));
  EXPECT_EQ(Found[0].Trace.front().Where, (Loc{"/p/c.cpp", 9, 3}));
}

// An index stores what headers repeat once; linking gives the same program.
TEST(FrontEndTest, IndexSharesHeaderFactsOnce) {
  auto Unit = [](const std::string &Main) {
    TUSummary S;
    S.MainFile = Main;
    S.Functions = {fn("main", Main, 1), fn("onMessage", Main, 3),
                   fn("inlineHelper", "/p/h.h", 5),
                   fn("callsOnMessage", "/p/h.h", 9)};
    S.Blocking = {blocking("inlineHelper", "/p/h.h", 6)};
    CallFact C;
    C.Caller = "callsOnMessage";
    C.Callee = "onMessage"; // defined by both programs: resolved per unit
    C.Where = {"/p/h.h", 10, 3};
    S.Calls = {C};
    return S;
  };
  std::vector<TUSummary> Units = {Unit("/p/a.cpp"), Unit("/p/b.cpp")};
  auto Shared = shareHeaderFacts(Units);
  ASSERT_EQ(Shared.size(), 3u);
  EXPECT_EQ(Shared[2].MainFile, "");
  ASSERT_EQ(Shared[2].Functions.size(), 1u); // inlineHelper, once
  EXPECT_EQ(Shared[2].Functions[0].Id, "inlineHelper");
  EXPECT_EQ(Shared[2].Blocking.size(), 1u);
  for (int I : {0, 1}) {
    EXPECT_TRUE(Shared[I].Blocking.empty());
    EXPECT_EQ(Shared[I].Calls.size(), 1u); // callsOnMessage stays
  }
  Program Before = link(Units), After = link(Shared);
  EXPECT_EQ(Before.Functions.size(), After.Functions.size());
  EXPECT_EQ(Before.CallEdgeCount, After.CallEdgeCount);
  EXPECT_EQ(Before.Blocking.size(), After.Blocking.size());
}
