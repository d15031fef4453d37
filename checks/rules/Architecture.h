//===--- Architecture.h - Synchronous / asynchronous verdict ----*- C++ -*-===//
#ifndef STALLSCAN_RULES_ARCHITECTURE_H
#define STALLSCAN_RULES_ARCHITECTURE_H

#include "summary/Summary.h"
#include <map>
#include <string>
#include <vector>

namespace stallscan {
struct Program;
struct LoopReachability;

struct Evidence {
  std::string Kind; ///< loop-runner, handlers, coroutines, reactor, thread-per-connection, blocking-worker
  std::string Message;
  Loc Where; ///< a representative location, when there is one
};

struct ArchitectureVerdict {
  std::string Verdict; ///< synchronous, asynchronous, hybrid, unknown
  std::string Reason;  ///< one sentence
  std::vector<Evidence> Items;
  std::map<std::string, int> Counts;
};

ArchitectureVerdict classifyArchitecture(const Program &P,
                                         const LoopReachability &R);

} // namespace stallscan

#endif
