//===--- synth.cpp - Synthetic TU summaries for the scale benchmark -------===//
//
// Writes N per-TU summaries, as the compiler plugin would, in the shapes of a
// big server codebase, without parsing anything:
//
//   - modules of 100 TUs; each TU defines F functions and includes a few of
//     the shared headers, whose inline functions (and their calls) appear in
//     the summary of every TU that includes them, as they do for real;
//   - calls: half within the TU, a quarter into other TUs (mostly the same
//     module, some into popular "core" TUs chosen with a power-law skew, so
//     fan-in is uneven), a quarter into header functions;
//   - virtual calls into a few interfaces with overriders spread over TUs;
//   - one TU in ten registers handlers on an event loop (asio), one in 500
//     runs a reactor loop, one in 50 hands work to a thread;
//   - global locks (popular ones taken far more often) with critical
//     sections and calls made under them, and a few blocking calls.
//
// Deterministic: the same --seed and sizes write the same bytes. The facts
// are built as TUSummary structs and written by the same code as the
// plugin's, so a change of the summary format needs no change here.
//
// usage: stallscan-synth --tus N --out DIR [--functions F] [--seed S]
//
//===----------------------------------------------------------------------===//
#include "driver/SummaryFiles.h"
#include "summary/Summary.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

using namespace stallscan;

namespace {

/// splitmix64: tiny, fast and the same on every platform (std::
/// distributions are not).
struct Rng {
  uint64_t S;
  uint64_t next() {
    uint64_t Z = (S += 0x9e3779b97f4a7c15ULL);
    Z = (Z ^ (Z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    Z = (Z ^ (Z >> 27)) * 0x94d049bb133111ebULL;
    return Z ^ (Z >> 31);
  }
  double unit() { return (next() >> 11) * (1.0 / 9007199254740992.0); }
  unsigned below(unsigned N) { return N ? static_cast<unsigned>(unit() * N) : 0; }
  /// Skewed towards 0: index I has weight ~ 1/(I+1)^(1-1/K).
  unsigned skewed(unsigned N, int K) {
    double U = unit();
    double P = U;
    for (int I = 1; I < K; ++I)
      P *= U;
    return static_cast<unsigned>(P * N);
  }
  bool chance(double P) { return unit() < P; }
};

struct Params {
  unsigned TUs = 1000;
  unsigned Functions = 25;
  unsigned HeaderFunctions = 8;
  uint64_t Seed = 1;
};

std::string fnId(unsigned TU, unsigned K) {
  return "c:@F@t" + std::to_string(TU) + "_f" + std::to_string(K) + "#";
}
std::string fnName(unsigned TU, unsigned K) {
  return "t" + std::to_string(TU) + "_f" + std::to_string(K);
}
std::string hdrId(unsigned H, unsigned K) {
  return "c:@F@h" + std::to_string(H) + "_inline" + std::to_string(K) + "#";
}
std::string srcPath(unsigned TU) {
  return "/synth/src/m" + std::to_string(TU / 100) + "/f" + std::to_string(TU) +
         ".cpp";
}
std::string hdrPath(unsigned H) {
  return "/synth/include/h" + std::to_string(H) + ".h";
}
std::string ifaceMethod(unsigned I) {
  return "c:@S@Handler" + std::to_string(I) + "@F@handle#";
}
std::string overrider(unsigned TU) {
  return "c:@S@Impl" + std::to_string(TU) + "@F@handle#";
}

class Generator {
public:
  explicit Generator(const Params &P)
      : P(P), Headers(P.TUs / 50 + 20), Interfaces(P.TUs / 200 + 4),
        Locks(P.TUs / 20 + 1) {}

  TUSummary tu(unsigned T) {
    Rng R{P.Seed * 1000003ULL + T};
    TUSummary S;
    S.MainFile = srcPath(T);
    const std::string File = S.MainFile;
    const unsigned Module = T / 100;
    const unsigned ModuleSize =
        std::min(100u, P.TUs - Module * 100); // the last module may be short

    // Shared headers: popular ones are included nearly everywhere.
    std::vector<unsigned> Included;
    for (unsigned I = 0; I < 4; ++I)
      Included.push_back(R.skewed(Headers, 2));
    Included.push_back(Headers - 1 - (T % (Headers / 2))); // a local header
    for (unsigned H : Included)
      addHeader(S, H);

    // Interfaces and their overriders.
    bool Implements = R.chance(0.05);
    unsigned Iface = R.below(Interfaces);
    if (Implements) {
      FunctionFact F;
      F.Id = overrider(T);
      F.Name = "Impl" + std::to_string(T) + "::handle";
      F.Where = {File, 2, 1};
      F.Overrides.push_back(ifaceMethod(Iface));
      S.Functions.push_back(F);
      S.Calls.push_back(call(F.Id, fnId(T, 0), {File, 3, 5}));
    }

    for (unsigned K = 0; K < P.Functions; ++K) {
      FunctionFact F;
      F.Id = fnId(T, K);
      F.Name = fnName(T, K);
      unsigned Line = 10 + K * 20;
      F.Where = {File, Line, 1};
      S.Functions.push_back(F);
      const std::string &Id = S.Functions.back().Id;

      // A critical section on a global lock in one function in twenty.
      std::vector<HeldLockFact> Held;
      if (R.chance(0.05)) {
        unsigned L = R.skewed(Locks, 3);
        HeldLockFact H{"global:lock" + std::to_string(L),
                       "lock" + std::to_string(L), {File, Line + 1, 3}, false};
        CriticalSectionFact C;
        C.Function = Id;
        C.Lock = H;
        C.Api = "std::lock_guard";
        C.Statements = 2 + R.below(10);
        C.Calls = 1 + R.below(4);
        C.UserCalls = R.below(2);
        C.Loops = R.chance(0.3);
        C.Allocations = R.below(2);
        S.CriticalSections.push_back(C);
        Held.push_back(H);
      }

      for (unsigned C = 0; C < 3; ++C) {
        Loc W{File, Line + 2 + C, 5};
        double Kind = R.unit();
        std::string Callee;
        if (Kind < 0.5) {
          if (K + 1 < P.Functions)
            Callee = fnId(T, K + 1 + R.below(P.Functions - K - 1));
          else
            Callee = fnId(T, R.below(P.Functions));
        } else if (Kind < 0.75) {
          unsigned To;
          if (R.chance(0.8))
            To = Module * 100 + R.below(ModuleSize);
          else
            To = R.skewed(P.TUs, 3); // core libraries: heavy fan-in
          Callee = fnId(To, R.skewed(P.Functions, 2));
        } else {
          unsigned H = Included[R.below(Included.size())];
          Callee = hdrId(H, R.below(P.HeaderFunctions));
        }
        CallFact CF = call(Id, Callee, W);
        if (C == 0)
          CF.Held = Held;
        S.Calls.push_back(CF);
      }
      if (R.chance(0.02)) {
        CallFact V = call(Id, ifaceMethod(R.below(Interfaces)),
                          {File, Line + 6, 5});
        V.Virtual = true;
        S.Calls.push_back(V);
      }
      if (R.chance(0.03)) {
        BlockingFact B;
        B.Caller = Id;
        bool Sleep = R.chance(0.3);
        B.Api = Sleep ? "usleep" : "fopen";
        B.Kind = Sleep ? "sleep" : "file";
        B.Alternative = Sleep ? "use a timer" : "move file I/O to a worker pool";
        B.Where = {File, Line + 7, 5};
        B.Held = Held;
        S.Blocking.push_back(B);
      }
    }

    // Event-loop handlers, registered by f0.
    if (T % 10 == 3)
      for (unsigned K = 1; K <= 3 && K < P.Functions; ++K)
        S.Roots.push_back({fnId(T, K), "async_read_some", "asio", fnId(T, 0),
                           {File, 12, 20 + K}});
    if (T % 500 == 7) {
      // A reactor loop in f0: its calls are tagged with the reactor.
      S.Reactors.push_back({fnId(T, 0), "epoll_wait", {File, 11, 9}});
      for (CallFact &C : S.Calls)
        if (C.Caller == fnId(T, 0))
          C.Reactor = 0;
      S.Runners.push_back({fnId(T, 0), "epoll_wait", "", {File, 11, 9}});
    }
    if (T % 50 == 11 && P.Functions > 2)
      S.Offloads.push_back(
          {fnId(T, 0), fnId(T, 2), "std::thread::thread", {File, 13, 7}});
    if (T == 0)
      S.Runners.push_back(
          {fnId(0, 0), "boost::asio::io_context::run", "asio", {File, 14, 5}});
    S.normalise();
    return S;
  }

private:
  static CallFact call(const std::string &From, const std::string &To, Loc W) {
    CallFact C;
    C.Caller = From;
    C.Callee = To;
    C.Where = std::move(W);
    return C;
  }

  void addHeader(TUSummary &S, unsigned H) {
    Rng R{P.Seed * 7919ULL + H};
    const std::string File = hdrPath(H);
    if (H < Interfaces) {
      FunctionFact Base;
      Base.Id = ifaceMethod(H);
      Base.Name = "Handler" + std::to_string(H) + "::handle";
      Base.Where = {File, 1, 1};
      S.Functions.push_back(Base);
    }
    for (unsigned K = 0; K < P.HeaderFunctions; ++K) {
      FunctionFact F;
      F.Id = hdrId(H, K);
      F.Name = "h" + std::to_string(H) + "_inline" + std::to_string(K);
      F.Where = {File, 10 + K * 10, 1};
      S.Functions.push_back(F);
      if (K + 1 < P.HeaderFunctions)
        S.Calls.push_back(call(F.Id, hdrId(H, K + 1 + R.below(
                                                       P.HeaderFunctions - K - 1)),
                               {File, 12 + K * 10, 5}));
    }
  }

  Params P;
  unsigned Headers, Interfaces, Locks;
};

int usage() {
  std::fprintf(stderr, "usage: stallscan-synth --tus N --out DIR "
                       "[--functions F] [--seed S]\n");
  return 2;
}

} // namespace

int main(int argc, char **argv) {
  Params P;
  std::string Out;
  for (int I = 1; I < argc; ++I) {
    auto Value = [&](const char *Flag) -> const char * {
      if (std::strcmp(argv[I], Flag) != 0 || I + 1 >= argc)
        return nullptr;
      return argv[++I];
    };
    if (const char *V = Value("--tus"))
      P.TUs = static_cast<unsigned>(std::strtoul(V, nullptr, 10));
    else if (const char *V = Value("--functions"))
      P.Functions = static_cast<unsigned>(std::strtoul(V, nullptr, 10));
    else if (const char *V = Value("--seed"))
      P.Seed = std::strtoull(V, nullptr, 10);
    else if (const char *V = Value("--out"))
      Out = V;
    else
      return usage();
  }
  if (Out.empty() || P.TUs == 0 || P.Functions == 0)
    return usage();
  std::error_code EC;
  std::filesystem::create_directories(Out, EC);
  if (EC) {
    std::fprintf(stderr, "stallscan-synth: cannot create '%s': %s\n",
                 Out.c_str(), EC.message().c_str());
    return 1;
  }
  Generator G(P);
  try {
    for (unsigned T = 0; T < P.TUs; ++T)
      writeSummaryFile(Out + "/f" + std::to_string(T) + ".cpp.stallscan.json",
                       G.tu(T));
  } catch (const std::exception &E) {
    std::fprintf(stderr, "stallscan-synth: %s\n", E.what());
    return 1;
  }
  return 0;
}
