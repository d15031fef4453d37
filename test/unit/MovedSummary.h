//===--- MovedSummary.h - A TU's summary with its code moved ----*- C++ -*-===//
//
// For the tests and stallscan-frontend-sim: what a TU's summary becomes
// when its code moves (lines added, code moved along a line) without
// changing: its main file's locations and lambda ids moved by a function.
//
//===----------------------------------------------------------------------===//
#ifndef STALLSCAN_TEST_MOVEDSUMMARY_H
#define STALLSCAN_TEST_MOVEDSUMMARY_H

#include "summary/Summary.h"
#include "summary/SummaryHash.h"
#include <functional>
#include <nlohmann/json.hpp>

namespace stallscan {

/// \p S with every place of its main file moved by \p Move (its JSON's
/// locations and lambda ids), read back.
inline TUSummary movedSummary(const TUSummary &S,
                              const std::function<Place(Place)> &Move) {
  std::function<void(nlohmann::json &)> Walk = [&](nlohmann::json &J) {
    if (J.is_array() && J.size() == 3 && J[0].is_string() &&
        J[0] == S.MainFile && J[1].is_number_unsigned()) {
      Place P = Move({J[1].get<unsigned>(), J[2].get<unsigned>()});
      J[1] = P.first;
      J[2] = P.second;
    } else if (J.is_string()) {
      J = *rewriteLambdaIds(J.get<std::string>(), S.MainFile,
                            [&](Place P) { return Move(P); });
    } else if (J.is_structured()) {
      for (auto &C : J)
        Walk(C);
    }
  };
  nlohmann::json J = S;
  Walk(J);
  return J.get<TUSummary>();
}

} // namespace stallscan

#endif
