//===--- Objects.h - Which objects `this` and parameters denote -*- C++ -*-===//
#ifndef STALLSCAN_ANALYSIS_OBJECTS_H
#define STALLSCAN_ANALYSIS_OBJECTS_H

#include "summary/Summary.h"
#include <map>
#include <string>
#include <vector>

namespace stallscan {

struct Program;

/// A program-wide object a function-relative ObjectRef may denote.
struct ResolvedObject {
  std::string Id;   ///< identity: "global:table.sub", "frame:reg:<main>.mu"
  std::string Name; ///< as a reader writes it: "table.sub.mu"
  /// A local object of a function that no request entry point reaches
  /// (main's server object): one object, but not a global.
  bool Setup = false;
  unsigned Depth = 0; ///< members on the path from the base object
  unsigned Hops = 0;  ///< pointers followed on that path
  /// Request entry points that reach the function through this object
  /// (capped like EntryPoints::Count).
  std::vector<int> Entries;
};

struct ObjectSet {
  std::vector<ResolvedObject> Objects; ///< by Id
  /// It may also be an object with no program-wide name (per connection,
  /// on the heap, or reached where the receiver is unknown). A per-thread
  /// object (a thread_local) is neither listed nor unknown: never shared.
  bool Unknown = false;
};

/// Per function, the program-wide objects its `this` and its reference or
/// pointer parameters may denote, found over call edges from the receivers
/// and arguments the callers name (a fixpoint; a lambda's `this` is the one
/// of the function it is written in), each with the entry points that
/// reach the function through that object. A handler registered or a
/// thread started with a bound object gets that object as its `this`.
class ObjectFlow {
public:
  ObjectFlow() = default;
  /// \p Labels: per function, the entry points that reach it; \p Entries:
  /// the entry points.
  ObjectFlow(const Program &P, const std::vector<std::vector<int>> &Labels,
             const std::vector<int> &Entries, int Cap);

  /// What \p R, named in function \p F, may denote.
  ObjectSet resolve(const ObjectRef &R, int F) const;

private:
  bool merge(int F, unsigned Slot, const ObjectSet &S,
             const std::vector<int> *Labels);
  const Program *P = nullptr;
  std::vector<std::vector<int>> Labels;
  std::vector<bool> IsEntry;
  /// Per function: slot (0: this, 1 + i: parameter i) -> objects.
  std::vector<std::map<unsigned, ObjectSet>> Slots;
  int Cap = 3;
};

/// "a" + ".b" = "a.b"; a pointee "a*" + ".b" = "a->b".
std::string joinObjectPath(const std::string &A, const std::string &B);

} // namespace stallscan

#endif
