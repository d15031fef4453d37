//===--- Objects.cpp - Which objects `this` and parameters denote ---------===//
//
// A member lock is shared by every request when its object is: `mu_` locked
// in SessionTable::touch is one lock if every connection calls
// `table.touch()` on `static SessionTable table;`, and one lock per
// connection if each calls it on its own session. The extractor names the
// receiver of each member call and the objects passed by reference relative
// to the caller (ObjectRef); here those names are resolved program-wide.
//
// Per function and slot (its `this`, each reference or pointer parameter):
// the set of program-wide objects it may denote (globals, statics, members of
// those, locals of functions no request reaches), found by a worklist
// fixpoint over call edges: a receiver naming a global gives that global, one
// naming the caller's `this` (or a member of it) forwards the caller's set.
// Each object carries the request entry points that reach the function
// through it, so "reached from two entry points" is counted per object. A
// slot is also Unknown when some caller passes an object with no program-wide
// name, or the function is an entry point itself (a framework calls it).
//
//===----------------------------------------------------------------------===//
#include "analysis/Objects.h"
#include "analysis/Program.h"

#include <algorithm>
#include <deque>

namespace stallscan {

namespace {
/// Slots with more objects than this are not told apart (Unknown).
constexpr size_t MaxObjects = 8;
/// Paths with more members than this are not followed.
constexpr unsigned MaxSegments = 6;

/// Pointers followed on a path: "->" or a trailing "*". A global's pointer
/// member (`settings.slab_rebal->lock`) names one object at a time; a chain
/// of them (`mod.c->thread->queue->lock`) names whatever the pointers
/// happen to hold: more than one hop is not a program-wide name.
constexpr unsigned MaxHops = 1;

unsigned hops(const std::string &Path) {
  unsigned N = 0;
  for (size_t I = 0; I < Path.size(); ++I)
    N += Path[I] == '*' || (Path[I] == '-' && I + 1 < Path.size() &&
                            Path[I + 1] == '>');
  return N;
}

unsigned segments(const std::string &Path) {
  unsigned N = 0;
  for (char C : Path)
    N += C == '.' || C == '>';
  return N;
}

bool addLabels(std::vector<int> &To, const std::vector<int> &From, int Cap) {
  bool Changed = false;
  for (int L : From) {
    if (static_cast<int>(To.size()) >= Cap)
      break;
    if (std::find(To.begin(), To.end(), L) == To.end()) {
      To.push_back(L);
      Changed = true;
    }
  }
  return Changed;
}

unsigned paramSlot(const std::string &Base) {
  return 1 + static_cast<unsigned>(std::stoul(Base.substr(6)));
}
} // namespace

std::string joinObjectPath(const std::string &A, const std::string &B) {
  if (!A.empty() && A.back() == '*' && !B.empty() && B.front() == '.')
    return A.substr(0, A.size() - 1) + "->" + B.substr(1);
  return A + B;
}

ObjectFlow::ObjectFlow(const Program &Prog,
                       const std::vector<std::vector<int>> &FunctionLabels,
                       const std::vector<int> &Entries, int EntryCap)
    : P(&Prog), Labels(FunctionLabels), Cap(EntryCap) {
  const int NF = static_cast<int>(P->Functions.size());
  Slots.resize(NF);
  IsEntry.assign(NF, false);
  for (int E : Entries)
    IsEntry[E] = true;
  // Slots some caller does not name, or that nobody in the program binds.
  std::vector<int> Incoming(NF, 0);
  std::vector<std::map<unsigned, int>> Bound(NF);
  for (int F = 0; F < NF; ++F)
    for (const Edge &E : P->Calls[F]) {
      ++Incoming[E.To];
      if (E.Binding < 0 || E.Indirect)
        continue;
      const CallBinding &B = P->Bindings[E.Binding];
      if (B.Receiver.known())
        ++Bound[E.To][0];
      for (const ArgObjectFact &A : B.Args)
        ++Bound[E.To][1 + A.Index];
    }
  // Handlers registered or threads started with a bound object
  // (`std::bind(&S::onMessage, this, _1)`, `std::thread(&S::run, &s)`):
  // their `this` is that object, named in the registering function.
  struct Handed {
    int Handler;
    const ObjectRef *Receiver;
  };
  std::vector<std::vector<Handed>> HandedBy(NF);
  auto Hand = [&](const std::string &Handler, const std::string &By,
                  const ObjectRef &Receiver) {
    int H = P->find(Handler), From = P->find(By);
    if (H < 0)
      return;
    ++Incoming[H];
    if (!Receiver.known() || From < 0)
      return;
    ++Bound[H][0];
    HandedBy[From].push_back({H, &Receiver});
  };
  for (const RootFact &R : P->Roots)
    Hand(R.Function, R.Registrar, R.Receiver);
  for (const OffloadFact &O : P->Offloads)
    Hand(O.Target, O.Caller, O.Receiver);
  std::vector<std::vector<int>> Lambdas(NF); ///< by the function they are in
  std::vector<int> ThisOf(NF, -1);
  for (int F = 0; F < NF; ++F)
    if (!P->Functions[F].ThisOf.empty())
      if (int O = P->find(P->Functions[F].ThisOf); O >= 0 && O != F) {
        Lambdas[O].push_back(F);
        ThisOf[F] = O;
      }
  for (int F = 0; F < NF; ++F)
    for (const auto &[Slot, N] : Bound[F])
      if (Slot != 0 || ThisOf[F] < 0)
        Slots[F][Slot].Unknown = N < Incoming[F];

  std::deque<int> Work;
  std::vector<bool> Queued(NF, true);
  for (int F = 0; F < NF; ++F)
    Work.push_back(F);
  auto Push = [&](int F) {
    if (!Queued[F]) {
      Queued[F] = true;
      Work.push_back(F);
    }
  };
  while (!Work.empty()) {
    int F = Work.front();
    Work.pop_front();
    Queued[F] = false;
    for (const Edge &E : P->Calls[F]) {
      if (E.Binding < 0 || E.Indirect)
        continue;
      const CallBinding &B = P->Bindings[E.Binding];
      bool Changed = false;
      if (B.Receiver.known() && ThisOf[E.To] < 0)
        Changed |= merge(E.To, 0, resolve(B.Receiver, F), nullptr);
      for (const ArgObjectFact &A : B.Args)
        Changed |= merge(E.To, 1 + A.Index, resolve(A.Object, F), nullptr);
      if (Changed)
        Push(E.To);
    }
    // A handler or thread body runs as its own entry point: through the
    // object it is bound to, only it reaches itself (other callers of the
    // same method pass their own objects).
    for (const Handed &H : HandedBy[F]) {
      const std::vector<int> Self{H.Handler};
      if (ThisOf[H.Handler] < 0 &&
          merge(H.Handler, 0, resolve(*H.Receiver, F), &Self))
        Push(H.Handler);
    }
    // A lambda's `this` is this function's; whoever runs the lambda reaches
    // it through that object.
    if (auto It = Slots[F].find(0); It != Slots[F].end())
      for (int L : Lambdas[F])
        if (merge(L, 0, It->second, &Labels[L]))
          Push(L);
  }
}

bool ObjectFlow::merge(int F, unsigned Slot, const ObjectSet &S,
                       const std::vector<int> *Override) {
  ObjectSet &To = Slots[F][Slot];
  bool Changed = false;
  if (S.Unknown && !To.Unknown)
    To.Unknown = Changed = true;
  for (const ResolvedObject &O : S.Objects) {
    auto It = std::lower_bound(
        To.Objects.begin(), To.Objects.end(), O.Id,
        [](const ResolvedObject &A, const std::string &Id) { return A.Id < Id; });
    if (It == To.Objects.end() || It->Id != O.Id) {
      if (To.Objects.size() >= MaxObjects) {
        Changed |= !To.Unknown;
        To.Unknown = true;
        continue;
      }
      ResolvedObject New = O;
      New.Entries.clear();
      It = To.Objects.insert(It, std::move(New));
      Changed = true;
    }
    Changed |= addLabels(It->Entries, Override ? *Override : O.Entries, Cap);
    // Calling a coroutine starts it as an entry point of its own (spawned
    // with main's `app`): it reaches the object itself. A thread body or
    // handler called as a plain function does not run as its entry there.
    if (!Override && IsEntry[F] && P->Functions[F].IsCoroutine)
      Changed |= addLabels(It->Entries, {F}, Cap);
  }
  return Changed;
}

ObjectSet ObjectFlow::resolve(const ObjectRef &R, int F) const {
  ObjectSet Out;
  if (!P || F < 0 || !R.known()) {
    Out.Unknown = true;
    return Out;
  }
  const std::string &B = R.Base;
  if ((B.rfind("global:", 0) == 0 || B.rfind("frame:", 0) == 0) &&
      hops(R.Path) > MaxHops) {
    Out.Unknown = true;
    return Out;
  }
  if (B.rfind("global:", 0) == 0) {
    Out.Objects.push_back({B + R.Path, joinObjectPath(R.Name, R.Path), false,
                           segments(R.Path), hops(R.Path), Labels[F]});
    return Out;
  }
  if (B.rfind("frame:", 0) == 0) {
    size_t Colon = B.find(':', 6);
    int Owner = Colon == std::string::npos ? -1 : P->find(B.substr(Colon + 1));
    // A local of a function that requests run (a thread body's session) is
    // one object per run; one of setup code (main's server) is one object.
    if (Owner < 0 || !Labels[Owner].empty()) {
      Out.Unknown = true;
      return Out;
    }
    Out.Objects.push_back({B + R.Path, joinObjectPath(R.Name, R.Path), true,
                           segments(R.Path), hops(R.Path), Labels[F]});
    return Out;
  }
  unsigned Slot;
  if (B == "this")
    Slot = 0;
  else if (B.rfind("param:", 0) == 0)
    Slot = paramSlot(B);
  else
    return Out; // "thread:": one object per thread, known not to be shared
  auto It = Slots[F].find(Slot);
  if (It == Slots[F].end()) {
    Out.Unknown = true;
    return Out;
  }
  Out.Unknown = It->second.Unknown;
  for (const ResolvedObject &O : It->second.Objects) {
    unsigned Depth = O.Depth + segments(R.Path);
    // "g*" joined with ".mu" is "g->mu": the pointee's hop, counted once.
    unsigned Hops = O.Hops + hops(R.Path);
    if (Depth > MaxSegments || Hops > MaxHops) {
      Out.Unknown = true;
      continue;
    }
    Out.Objects.push_back({joinObjectPath(O.Id, R.Path),
                           joinObjectPath(O.Name, R.Path), O.Setup, Depth,
                           Hops, O.Entries});
  }
  std::sort(Out.Objects.begin(), Out.Objects.end(),
            [](const ResolvedObject &A, const ResolvedObject &B) {
              return A.Id < B.Id;
            });
  return Out;
}

} // namespace stallscan
