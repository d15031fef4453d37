// The other side of ../cross-tu.test: the helpers that block, and a function
// that locks JournalMutex around a call back into cross-tu-a.cpp.
#include "cross-tu.h"
#include <fstream>

static void writeLine(const char *Path, const char *Line) {
  std::ofstream Out(Path, std::ios::app);
  Out << Line << '\n';
}

void appendJournalDefinedInOtherTU(const char *Line) {
  writeLine("/var/lib/app/journal", Line);
}

void appendJournalUnlockedInOtherTU(const char *Line) {
  std::ofstream Out("/var/lib/app/journal.unlocked", std::ios::app);
  Out << Line << '\n';
}

void testLockInBCallsBackIntoA() {
  JournalMutex.lock();
  flushJournalDefinedInA();
  JournalMutex.unlock();
}
