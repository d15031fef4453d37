// One side of ../cross-tu.test: JournalMutex, a guard around a call into
// cross-tu-b.cpp, and a file-writing helper that cross-tu-b.cpp calls locked.
#include "cross-tu.h"
#include <cstdio>

std::mutex JournalMutex;

void flushJournalDefinedInA() {
  std::FILE *F = std::fopen("/var/lib/app/journal.idx", "a");
  std::fclose(F);
}

void testLockHeldAcrossCallIntoOtherTU(const char *Line) {
  std::lock_guard<std::mutex> Guard(JournalMutex);
  appendJournalDefinedInOtherTU(Line);
}

void testUnlockedCallIntoOtherTU(const char *Line) {
  { std::lock_guard<std::mutex> Guard(JournalMutex); }
  appendJournalUnlockedInOtherTU(Line);
}

int main() {
  testLockHeldAcrossCallIntoOtherTU("set a 1");
  testUnlockedCallIntoOtherTU("set b 2");
  testLockInBCallsBackIntoA();
}
