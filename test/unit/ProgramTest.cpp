#include "analysis/FunctionIds.h"
#include "analysis/Program.h"
#include "rules/Finding.h"
#include <gtest/gtest.h>

using namespace stallscan;

namespace {
Loc at(unsigned Line) { return {"/p/a.cpp", Line, 1}; }
FunctionFact fn(const std::string &Id, unsigned Line) {
  FunctionFact F;
  F.Id = Id;
  F.Name = Id;
  F.Where = at(Line);
  return F;
}
CallFact call(const std::string &From, const std::string &To, unsigned Line,
              bool Virtual = false) {
  CallFact C;
  C.Caller = From;
  C.Callee = To;
  C.Where = at(Line);
  C.Virtual = Virtual;
  return C;
}
} // namespace

TEST(ProgramTest, ShortestWitnessFromNearestRoot) {
  TUSummary S;
  for (auto [Id, Line] :
       {std::pair{"root", 1}, {"a", 10}, {"b", 20}, {"c", 30}})
    S.Functions.push_back(fn(Id, Line));
  S.Roots.push_back({"root", "async_read", "asio", "main", at(100)});
  S.Calls = {call("root", "a", 2), call("a", "b", 11), call("b", "c", 21),
             call("root", "c", 3), call("c", "a", 31)};
  Program P = link({S});
  LoopReachability R = computeLoopReachability(P, {});
  int C = P.find("c");
  ASSERT_GE(C, 0);
  EXPECT_EQ(R.Dist[C], 1); // root -> c directly, not via a -> b
  EXPECT_EQ(P.Functions[R.Pred[C]].Id, "root");
}

TEST(ProgramTest, OffloadIsNotACallEdge) {
  TUSummary S;
  S.Functions = {fn("handler", 1), fn("work", 10)};
  S.Roots.push_back({"handler", "uv_read_start", "libuv", "main", at(100)});
  S.Offloads.push_back({"handler", "work", "std::thread", at(2)});
  Program P = link({S});
  LoopReachability R = computeLoopReachability(P, {});
  EXPECT_TRUE(R.reached(P.find("handler")));
  EXPECT_FALSE(R.reached(P.find("work")));
}

TEST(ProgramTest, VirtualCallsReachEveryOverrider) {
  TUSummary A, B;
  A.Functions = {fn("root", 1), fn("Base::f", 5)};
  A.Roots.push_back({"root", "post", "asio", "main", at(100)});
  A.Calls = {call("root", "Base::f", 2, /*Virtual=*/true)};
  FunctionFact Mid = fn("Mid::f", 50), Leaf = fn("Leaf::f", 60);
  Mid.Overrides = {"Base::f"};
  Leaf.Overrides = {"Mid::f"};
  B.Functions = {Mid, Leaf};
  Program P = link({A, B});
  LoopReachability R = computeLoopReachability(P, {});
  EXPECT_TRUE(R.reached(P.find("Mid::f")));
  EXPECT_TRUE(R.reached(P.find("Leaf::f")));
}

TEST(ProgramTest, CoroutineSpawnedOnlyOnAPoolIsNotLoopContext) {
  TUSummary S;
  FunctionFact Co = fn("co", 1), Co2 = fn("co2", 20);
  Co.IsCoroutine = Co2.IsCoroutine = true;
  S.Functions = {Co, Co2, fn("main", 40)};
  S.Offloads.push_back({"main", "co", "co_spawn", at(41)});
  Program P = link({S});
  LoopReachability R = computeLoopReachability(P, {});
  EXPECT_FALSE(R.reached(P.find("co")));
  EXPECT_TRUE(R.reached(P.find("co2")));
}

TEST(ProgramTest, ReadIsFileIOOnlyForOpenedDescriptors) {
  TUSummary A, B;
  A.Functions = {fn("h", 1)};
  BlockingFact File{"h", "write", "file", "", at(2), false, "Logger::fd_", -1};
  BlockingFact Sock{"h", "read", "file", "", at(3), false, "Conn::fd_", -1};
  A.Blocking = {File, Sock};
  B.FileFds = {"Logger::fd_"}; // assigned from open() in another TU
  Program P = link({A, B});
  ASSERT_EQ(P.Blocking.size(), 2u);
  EXPECT_FALSE(P.Blocking[0].RawSocket);
  EXPECT_EQ(P.Blocking[0].Kind, "file");
  EXPECT_TRUE(P.Blocking[1].RawSocket);
  EXPECT_EQ(P.Blocking[1].Kind, "fd");
}

TEST(ProgramTest, FingerprintsIgnoreLineMoves) {
  auto Run = [](unsigned Shift) {
    TUSummary S;
    S.Functions = {fn("h", 1 + Shift)};
    S.Roots.push_back({"h", "async_read", "asio", "main", at(100 + Shift)});
    S.Blocking = {{"h", "sleep", "sleep", "", at(5 + Shift), false, "", -1}};
    Program P = link({S});
    LoopReachability R = computeLoopReachability(P, {});
    LockReachability LR = computeLockReachability(P);
    EntryPoints EP = computeEntryPoints(P, R);
    AnalysisInput In{P, R, LR, EP, {}};
    auto Fs = runChecks(In, {"stallscan-blocking-in-event-loop"}, "/p");
    return Fs.at(0).Fingerprint;
  };
  EXPECT_EQ(Run(0), Run(7));
}

TEST(ProgramTest, SameFunctionDefinedByTwoProgramsIsSplit) {
  // examples/a.cc and examples/b.cc are two programs, each with its own
  // Server::onMessage; only b's blocks, only a's is registered on a loop.
  TUSummary A, B;
  A.MainFile = "/p/a.cc";
  B.MainFile = "/p/b.cc";
  FunctionFact OnA = fn("Server::onMessage", 10),
               OnB = fn("Server::onMessage", 20);
  OnA.Where.File = "/p/a.cc";
  OnB.Where.File = "/p/b.cc";
  A.Functions = {OnA, fn("mainA", 1)};
  A.Roots.push_back(
      {"Server::onMessage", "setMessageCallback", "muduo", "mainA", at(2)});
  B.Functions = {OnB};
  B.Blocking = {{"Server::onMessage",
                 "sleep",
                 "sleep",
                 "",
                 {"/p/b.cc", 21, 3},
                 false,
                 "",
                 -1}};
  Program P = link({A, B});
  LoopReachability R = computeLoopReachability(P, {});
  EXPECT_TRUE(R.reached(P.find("Server::onMessage#/p/a.cc")));
  EXPECT_FALSE(R.reached(P.find("Server::onMessage#/p/b.cc")));
  LockReachability LR = computeLockReachability(P);
  EntryPoints EP = computeEntryPoints(P, R);
  AnalysisInput In{P, R, LR, EP, {}};
  EXPECT_TRUE(
      runChecks(In, {"stallscan-blocking-in-event-loop"}, "/p").empty());
}

TEST(ProgramTest, InlineDefinitionsSeenByManyTUsAreOneFunction) {
  TUSummary A, B;
  A.MainFile = "/p/a.cc";
  B.MainFile = "/p/b.cc";
  A.Functions = {fn("inlineHelper", 5)}; // same place: a header
  B.Functions = {fn("inlineHelper", 5)};
  Program P = link({A, B});
  EXPECT_EQ(P.Functions.size(), 1u);
  EXPECT_GE(P.find("inlineHelper"), 0);
}

TEST(ProgramTest, SplitDefinitionsKeepTheirCriticalSections) {
  // Two programs define Server::onMessage; each TU's lock facts stay with
  // its own definition after the split.
  TUSummary A, B;
  A.MainFile = "/p/a.cc";
  B.MainFile = "/p/b.cc";
  FunctionFact OnA = fn("Server::onMessage", 10), OnB = fn("Server::onMessage", 20);
  OnA.Where.File = "/p/a.cc";
  OnB.Where.File = "/p/b.cc";
  A.Functions = {OnA};
  B.Functions = {OnB};
  CriticalSectionFact C;
  C.Function = "Server::onMessage";
  C.Lock = {"global:g_mu", "g_mu", {"/p/b.cc", 21, 3}, false};
  B.CriticalSections = {C};
  B.ClientCalls = {{"Server::onMessage", "PQexec", "db", false, {"/p/b.cc", 22, 3}}};
  Program P = link({A, B});
  ASSERT_EQ(P.CriticalSections.size(), 1u);
  EXPECT_EQ(P.CriticalSections[0].Function, "Server::onMessage#/p/b.cc");
  ASSERT_EQ(P.ClientCalls.size(), 1u);
  EXPECT_EQ(P.ClientCalls[0].Function, "Server::onMessage#/p/b.cc");
}

TEST(ProgramTest, LockReleasedByCalleeStopsThere) {
  // caller holds G and passes it to helper's parameter 0; helper releases
  // that parameter, then calls sleeper: sleeper does not run under G, but
  // other (a call before the release) does; a second lock H, not passed,
  // stays held everywhere.
  TUSummary S;
  for (auto [Id, Line] : {std::pair{"caller", 1}, {"helper", 10},
                          {"other", 20}, {"sleeper", 30}})
    S.Functions.push_back(fn(Id, Line));
  CallFact Seed = call("caller", "helper", 2);
  Seed.Held = {{"global:G", "G", at(1), false}};
  Seed.LockArgs = {{0, "global:G", "G"}};
  CallFact Before = call("helper", "other", 11);
  CallFact After = call("helper", "sleeper", 12);
  After.Released = {"param:helper:0"};
  S.Calls = {Seed, Before, After};
  Program P = link({S});
  LockReachability L = computeLockReachability(P);
  int Helper = P.find("helper"), Other = P.find("other"),
      Sleeper = P.find("sleeper");
  ASSERT_TRUE(L.reached(Helper));
  const LockReach &R = L.Reached[Helper].front();
  EXPECT_EQ(R.Lock.Lock, "global:G");
  EXPECT_EQ(R.Aliases,
            (std::vector<std::string>{"global:G", "param:helper:0"}));
  EXPECT_TRUE(R.releasedBy({"param:helper:0"}));
  EXPECT_FALSE(R.releasedBy({"param:helper:1"}));
  EXPECT_TRUE(L.reached(Other));
  EXPECT_FALSE(L.reached(Sleeper));
}

TEST(ProgramTest, FunctionIdsNumberATableByItsIds) {
  std::vector<FunctionFact> Table{fn("c:@F@a#", 1), fn("c:@F@b#", 2),
                                  fn("", 3), fn("c:@F@a#", 4)};
  FunctionIds Ids(Table);
  EXPECT_EQ(Ids.size(), 3u); // a repeated id keeps its first number
  EXPECT_EQ(Ids.find("c:@F@a#"), 0);
  EXPECT_EQ(Ids.find("c:@F@b#"), 1);
  EXPECT_EQ(Ids.find(""), 2);
  // A lookup by another string with the same characters finds it.
  std::string Copy = std::string("c:@F@") + "b#";
  EXPECT_EQ(Ids.find(Copy), 1);
  EXPECT_EQ(Ids.find("c:@F@c#"), -1);
  EXPECT_EQ(Ids.find("c:@F@a"), -1); // a prefix is another id
  EXPECT_EQ(FunctionIds().find("c:@F@a#"), -1);
}

TEST(ProgramTest, LinkNumbersFunctionsAsItsIndexSays) {
  // Program::Index and the link's own lookups agree: every call edge goes
  // where the ids say, whatever the units' order.
  TUSummary A, B;
  A.MainFile = "/p/a.cpp";
  B.MainFile = "/p/b.cpp";
  A.Functions = {fn("z", 5), fn("m", 1)};
  B.Functions = {fn("m", 1), fn("k", 3)};
  A.Calls = {call("z", "m", 6), call("z", "k", 7), call("z", "outside", 8)};
  B.Calls = {call("k", "z", 4), call("k", "z", 4)}; // a repeated call: one edge
  for (const auto &Units : {std::vector<TUSummary>{A, B},
                            std::vector<TUSummary>{B, A}}) {
    Program P = link(Units);
    ASSERT_EQ(P.Functions.size(), 3u);
    ASSERT_EQ(P.Index.size(), 3u);
    for (size_t I = 0; I < P.Functions.size(); ++I)
      EXPECT_EQ(P.find(P.Functions[I].Id), static_cast<int>(I));
    EXPECT_EQ(P.Functions[0].Id, "m"); // by place: line 1, 3, 5
    EXPECT_EQ(P.Functions[1].Id, "k");
    EXPECT_EQ(P.Functions[2].Id, "z");
    const auto &Z = P.Calls[P.find("z")];
    ASSERT_EQ(Z.size(), 2u);
    EXPECT_EQ(Z[0].To, P.find("m"));
    EXPECT_EQ(Z[1].To, P.find("k"));
    ASSERT_EQ(P.Calls[P.find("k")].size(), 1u);
    EXPECT_EQ(P.Calls[P.find("k")][0].To, P.find("z"));
    EXPECT_EQ(P.CallsOutside, std::vector<int>{P.find("z")});
  }
}
