#include "analysis/IncrementalLink.h"
#include <gtest/gtest.h>

using namespace stallscan;

namespace {
Loc at(const std::string &File, unsigned Line) { return {File, Line, 1}; }
FunctionFact fn(const std::string &Id, const std::string &File, unsigned Line) {
  FunctionFact F;
  F.Id = Id;
  F.Name = Id;
  F.Where = at(File, Line);
  return F;
}
CallFact call(const std::string &From, const std::string &To,
              const std::string &File, unsigned Line) {
  CallFact C;
  C.Caller = From;
  C.Callee = To;
  C.Where = at(File, Line);
  return C;
}
BlockingFact blocking(const std::string &Caller, const std::string &Api,
                      const std::string &File, unsigned Line) {
  BlockingFact B;
  B.Caller = Caller;
  B.Api = Api;
  B.Kind = "sleep";
  B.Where = at(File, Line);
  return B;
}

/// Units of a small program touching every kind of fact that links across
/// units: calls both ways, reactors named by calls and by calls through
/// pointers, exit calls, crash handlers, lock arguments, descriptors,
/// virtual calls, stored and offload parameters.
std::vector<TUSummary> program() {
  std::vector<TUSummary> U(4);
  // a.cpp: the loop; its handler calls into b.cpp and c.cpp.
  U[0].MainFile = "/p/a.cpp";
  U[0].Functions = {fn("main", "/p/a.cpp", 1), fn("onRead", "/p/a.cpp", 10),
                    fn("Base::run", "/p/a.cpp", 20)};
  RootFact R;
  R.Function = "onRead";
  R.Api = "uv_read_start";
  R.Library = "libuv";
  R.Registrar = "main";
  R.Where = at("/p/a.cpp", 3);
  U[0].Roots = {R};
  U[0].Calls = {call("onRead", "helper", "/p/a.cpp", 11),
                call("onRead", "logLine", "/p/a.cpp", 12),
                call("onRead", "strlen", "/p/a.cpp", 13)};
  CallFact V = call("onRead", "Base::run", "/p/a.cpp", 14);
  V.Virtual = true;
  U[0].Calls.push_back(V);
  CallFact Ex = call("main", "cleanup", "/p/a.cpp", 5);
  Ex.Exit = true;
  U[0].Calls.push_back(Ex);
  CallFact L = call("onRead", "takesLock", "/p/a.cpp", 15);
  L.LockArgs = {{0, "global:g_mu", "g_mu"}};
  HeldLockFact H;
  H.Lock = "global:g_mu";
  H.Name = "g_mu";
  H.Acquired = at("/p/a.cpp", 9);
  L.Held = {H};
  U[0].Calls.push_back(L);
  CallFact Cb = call("main", "onTimer", "/p/a.cpp", 6);
  Cb.Callback = true;
  Cb.PassedTo = "addTimer";
  Cb.PassedIndex = 1;
  U[0].Calls.push_back(Cb);
  U[0].CrashHandlers = {"onCrash"};
  ReactorFact Re;
  Re.Function = "main";
  Re.WaitApi = "epoll_wait";
  Re.Where = at("/p/a.cpp", 7);
  U[0].Reactors = {Re};
  CallFact InLoop = call("main", "dispatch", "/p/a.cpp", 8);
  InLoop.Reactor = 0;
  U[0].Calls.push_back(InLoop);
  IndirectCallFact I;
  I.Caller = "main";
  I.Storage = "field:Conn::cb";
  I.Where = at("/p/a.cpp", 4);
  I.Reactor = 0;
  U[0].IndirectCalls = {I};

  // b.cpp: helpers, a descriptor read, a function stored in a pointer.
  U[1].MainFile = "/p/b.cpp";
  U[1].Functions = {fn("helper", "/p/b.cpp", 1), fn("logLine", "/p/b.cpp", 5),
                    fn("cleanup", "/p/b.cpp", 9), fn("onCrash", "/p/b.cpp", 12),
                    fn("dispatch", "/p/b.cpp", 14)};
  U[1].Blocking = {blocking("helper", "usleep", "/p/b.cpp", 2)};
  BlockingFact Rd = blocking("logLine", "read", "/p/b.cpp", 6);
  Rd.RawSocket = true;
  Rd.Kind = "net";
  Rd.Fd = "local:fd:logLine";
  U[1].Blocking.push_back(Rd);
  U[1].Calls = {call("dispatch", "helper", "/p/b.cpp", 15),
                call("helper", "takesLock", "/p/b.cpp", 3)};
  AddressTakenFact At;
  At.Function = "logLine";
  At.Storage = "field:Conn::cb";
  U[1].AddressTaken = {At};

  // c.cpp: a locked helper and an overrider.
  U[2].MainFile = "/p/c.cpp";
  U[2].Functions = {fn("takesLock", "/p/c.cpp", 1),
                    fn("Derived::run", "/p/c.cpp", 8),
                    fn("addTimer", "/p/c.cpp", 12)};
  U[2].Functions[1].Overrides = {"Base::run"};
  U[2].Blocking = {blocking("Derived::run", "sleep", "/p/c.cpp", 9)};
  StoredParamFact Sp;
  Sp.Function = "addTimer";
  Sp.Index = 1;
  Sp.Storage = "field:Timer::cb";
  U[2].StoredParams = {Sp};

  // d.cpp: a timer callback, a thread, descriptors made non-blocking.
  U[3].MainFile = "/p/d.cpp";
  U[3].Functions = {fn("onTimer", "/p/d.cpp", 1), fn("worker", "/p/d.cpp", 5)};
  U[3].Calls = {call("onTimer", "helper", "/p/d.cpp", 2)};
  OffloadFact O;
  O.Caller = "onTimer";
  O.Target = "worker";
  O.Api = "std::thread";
  O.Where = at("/p/d.cpp", 3);
  O.Thread = true;
  U[3].Offloads = {O};
  U[3].NonBlockingFds = {"local:fd:logLine"};
  return U;
}

/// link({Fresh} + others) against LinkedBase(others).withUnit(Fresh).
std::string compare(const std::vector<TUSummary> &U, size_t FreshAt,
                    bool &Refused) {
  std::vector<const TUSummary *> All{&U[FreshAt]}, Others;
  for (size_t I = 0; I < U.size(); ++I)
    if (I != FreshAt) {
      All.push_back(&U[I]);
      Others.push_back(&U[I]);
    }
  LinkedBase Base(Others);
  std::string Why;
  auto Inc = Base.withUnit(U[FreshAt], &Why);
  Refused = !Inc;
  if (!Inc)
    return "";
  return programDifference(link(All, true), *Inc);
}
} // namespace

// Every unit added to the others gives the program a full link gives, or
// is refused: b.cpp stores a function where a.cpp calls through a pointer.
TEST(IncrementalLinkTest, SameProgramAsFullLink) {
  auto U = program();
  for (size_t I = 0; I < U.size(); ++I) {
    bool Refused = false;
    EXPECT_EQ(compare(U, I, Refused), "") << U[I].MainFile;
    EXPECT_EQ(Refused, I == 1) << U[I].MainFile;
  }
  U[1].AddressTaken.clear();
  bool Refused = true;
  EXPECT_EQ(compare(U, 1, Refused), "");
  EXPECT_FALSE(Refused);
}

// b.cpp's helper starts blocking in a second version: the handler in a.cpp
// (a base unit) reaches it only through the edge made when b.cpp is added.
TEST(IncrementalLinkTest, BaseCallsReachTheFreshUnit) {
  auto U = program();
  U[1].AddressTaken.clear();
  std::vector<const TUSummary *> Others{&U[0], &U[2], &U[3]};
  LinkedBase Base(Others);
  auto Inc = Base.withUnit(U[1]);
  ASSERT_TRUE(Inc);
  int OnRead = Inc->find("onRead"), Helper = Inc->find("helper");
  ASSERT_GE(OnRead, 0);
  ASSERT_GE(Helper, 0);
  bool Found = false;
  for (const Edge &E : Inc->Calls[OnRead])
    Found = Found || E.To == Helper;
  EXPECT_TRUE(Found);
  EXPECT_EQ(Base.program().find("helper"), -1);
  // A base call through Conn::cb would reach what the fresh unit stores
  // there: refused.
  TUSummary Other = U[1];
  AddressTakenFact At;
  At.Function = "helper";
  At.Storage = "field:Conn::cb";
  Other.AddressTaken = {At};
  std::string Why;
  EXPECT_FALSE(Base.withUnit(Other, &Why));
  EXPECT_NE(Why.find("Conn::cb"), std::string::npos) << Why;
}

// A fresh unit that defines a function the base defines is refused (the
// caller links everything).
TEST(IncrementalLinkTest, RefusesRedefinition) {
  auto U = program();
  std::vector<const TUSummary *> Others{&U[0], &U[1], &U[2]};
  LinkedBase Base(Others);
  TUSummary Fresh = U[3];
  Fresh.Functions.push_back(fn("helper", "/p/b.cpp", 1));
  std::string Why;
  EXPECT_FALSE(Base.withUnit(Fresh, &Why));
  EXPECT_NE(Why.find("helper"), std::string::npos) << Why;
}

// c.cpp's overrider is a new target of a.cpp's virtual call, and its stored
// parameter makes a.cpp's callback to onTimer (d.cpp) a registration.
TEST(IncrementalLinkTest, FreshOverriderAndStoredParameter) {
  auto U = program();
  std::vector<const TUSummary *> Others{&U[0], &U[1], &U[3]};
  LinkedBase Base(Others);
  auto Inc = Base.withUnit(U[2]);
  ASSERT_TRUE(Inc);
  int OnRead = Inc->find("onRead"), Derived = Inc->find("Derived::run"),
      Main = Inc->find("main"), OnTimer = Inc->find("onTimer");
  bool Dispatch = false, Registered = false;
  for (const Edge &E : Inc->Calls[OnRead])
    Dispatch = Dispatch || E.To == Derived;
  for (const Edge &E : Inc->Calls[Main])
    Registered = Registered || (E.To == OnTimer && E.Registration);
  EXPECT_TRUE(Dispatch);
  EXPECT_TRUE(Registered);
  const Program &B = Base.program();
  for (const Edge &E : B.Calls[B.find("main")])
    EXPECT_FALSE(E.To == B.find("onTimer") && E.Registration);
}

// Malformed input (the reader fuzzer's index case 2750): a base unit holds
// facts owned by a function only the fresh unit defines. link() gives
// those facts their caller's edges; the incremental link must give the same
// program or refuse, never a program without them.
TEST(IncrementalLinkTest, BaseFactsOfAFreshFunction) {
  auto U = program();
  U[1].AddressTaken.clear();
  // b.cpp (the fresh unit) defines 'helper'; d.cpp records a call, an exit
  // call and a call through a pointer made by it.
  U[3].Calls.push_back(call("helper", "onTimer", "/p/d.cpp", 40));
  CallFact Exit = call("helper", "onTimer", "/p/d.cpp", 41);
  Exit.Exit = true;
  U[3].Calls.push_back(Exit);
  for (int Variant = 0; Variant < 3; ++Variant) {
    auto V = U;
    if (Variant == 1) // only the exit call
      V[3].Calls.erase(V[3].Calls.end() - 2);
    if (Variant == 2) { // only a call through a pointer
      V[3].Calls.resize(V[3].Calls.size() - 2);
      IndirectCallFact I;
      I.Caller = "helper";
      I.Storage = "global:handlers";
      I.Where = at("/p/d.cpp", 42);
      V[3].IndirectCalls.push_back(I);
      AddressTakenFact A;
      A.Function = "onTimer";
      A.Storage = "global:handlers";
      V[3].AddressTaken.push_back(A);
    }
    bool Refused = false;
    EXPECT_EQ(compare(V, 1, Refused), "") << "variant " << Variant;
    std::vector<const TUSummary *> Others{&V[0], &V[2], &V[3]};
    std::string Why;
    if (!LinkedBase(Others).withUnit(V[1], &Why))
      EXPECT_NE(Why.find("helper"), std::string::npos) << Why;
  }
}

// A function passed to a parameter its callee only stores (a.cpp's
// `addTimer(..., onTimer)`, c.cpp storing it in Timer::cb) is in that
// storage: a call through Timer::cb reaches it, as it reaches a function
// stored there by name. Adding the unit that registers it, the one that
// stores the parameter or the one that defines it to a base that calls
// through the storage is refused; another unit gives the full link's
// program.
TEST(IncrementalLinkTest, RegistrationsFillStorages) {
  auto U = program();
  U[1].AddressTaken.clear();
  U[2].Functions.push_back(fn("fireTimers", "/p/c.cpp", 20));
  IndirectCallFact Fire;
  Fire.Caller = "fireTimers";
  Fire.Storage = "field:Timer::cb";
  Fire.Where = at("/p/c.cpp", 21);
  U[2].IndirectCalls = {Fire};
  std::vector<const TUSummary *> All{&U[0], &U[1], &U[2], &U[3]};
  Program P = link(All, true);
  int From = P.find("fireTimers"), To = P.find("onTimer");
  ASSERT_GE(From, 0);
  ASSERT_GE(To, 0);
  bool Reached = false;
  for (const Edge &E : P.Calls[From])
    Reached = Reached || (E.To == To && E.Indirect);
  EXPECT_TRUE(Reached);
  const char *Reasons[] = {"passes a function to 'addTimer'",
                           nullptr,
                           "stores parameter 1 of 'addTimer'",
                           "defines 'onTimer', stored in 'field:Timer::cb'"};
  for (size_t I = 0; I < U.size(); ++I) {
    bool Refused = false;
    EXPECT_EQ(compare(U, I, Refused), "") << U[I].MainFile;
    EXPECT_EQ(Refused, Reasons[I] != nullptr) << U[I].MainFile;
    std::vector<const TUSummary *> Others;
    for (size_t J = 0; J < U.size(); ++J)
      if (J != I)
        Others.push_back(&U[J]);
    std::string Why;
    LinkedBase(Others).withUnit(U[I], &Why);
    if (Reasons[I])
      EXPECT_NE(Why.find(Reasons[I]), std::string::npos) << Why;
  }
}
