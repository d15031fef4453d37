//===--- FunctionIds.h - Function ids to node numbers, for hot lookups -*- C++ -*-===//
#ifndef STALLSCAN_ANALYSIS_FUNCTIONIDS_H
#define STALLSCAN_ANALYSIS_FUNCTIONIDS_H

#include "summary/Summary.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include <vector>

namespace stallscan {

/// Function ids (USRs) to their node numbers in a function table, for the
/// lookups a link makes per call fact (hundreds of thousands of ids in a
/// 10k-TU program, millions of lookups). The keys are views of the table's
/// own ids, not copies: the table must outlive this map and its ids must
/// not move. Open addressing: a lookup hashes once and probes a flat array,
/// where Program::Index (std::unordered_map<std::string, int>) walks a
/// bucket's chain of separately allocated nodes. The first of equal ids
/// keeps its number.
class FunctionIds {
public:
  FunctionIds() = default;
  explicit FunctionIds(const std::vector<FunctionFact> &Table) {
    Map.reserve(Table.size());
    for (size_t I = 0; I < Table.size(); ++I)
      Map.try_emplace(Table[I].Id, static_cast<int>(I));
  }
  /// The node number of \p Id, or -1.
  int find(llvm::StringRef Id) const {
    auto It = Map.find(Id);
    return It == Map.end() ? -1 : It->second;
  }
  size_t size() const { return Map.size(); }

private:
  llvm::DenseMap<llvm::StringRef, int> Map;
};

} // namespace stallscan

#endif
