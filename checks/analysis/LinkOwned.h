//===--- LinkOwned.h - Linking summaries the caller gives up ----*- C++ -*-===//
//
// The CLI links every summary of a program once and never reads them again.
// Beside Program.h's link(), which leaves its input alone, this one frees
// each summary's facts as soon as they are in the program: on a big program
// the summaries outweigh the program, and the peak is then the program plus
// the facts not linked yet, not the program plus every summary.
//
//===----------------------------------------------------------------------===//
#ifndef STALLSCAN_ANALYSIS_LINKOWNED_H
#define STALLSCAN_ANALYSIS_LINKOWNED_H

#include "analysis/Program.h"

namespace stallscan {

/// link(\p Summaries), leaving \p Summaries empty.
Program linkOwned(std::vector<TUSummary> &&Summaries);

} // namespace stallscan

#endif
