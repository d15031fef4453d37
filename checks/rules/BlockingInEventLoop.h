//===--- BlockingInEventLoop.h ----------------------------------*- C++ -*-===//
#ifndef STALLSCAN_RULES_BLOCKINGINEVENTLOOP_H
#define STALLSCAN_RULES_BLOCKINGINEVENTLOOP_H

#include "rules/Finding.h"

namespace stallscan {

/// A blocking call can run on an event-loop thread, stalling every connection
/// that loop serves.
///
/// Options: report-raw-socket-io (default "false"): also report recv/send/
/// accept/connect and read/write on descriptors not known to be files.
class BlockingInEventLoop {
public:
  static constexpr const char *Id = "stallscan-blocking-in-event-loop";
  static void run(const AnalysisInput &In, std::vector<Finding> &Out);
};

} // namespace stallscan

#endif
