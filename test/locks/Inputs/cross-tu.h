// Shared declarations for cross-tu-a.cpp and cross-tu-b.cpp (see ../cross-tu.test).
#pragma once
#include <mutex>

extern std::mutex JournalMutex; // defined in cross-tu-a.cpp

void appendJournalDefinedInOtherTU(const char *Line); // cross-tu-b.cpp: file I/O
void appendJournalUnlockedInOtherTU(const char *Line); // cross-tu-b.cpp: file I/O, never under a lock
void flushJournalDefinedInA();                         // cross-tu-a.cpp: file I/O
void testLockInBCallsBackIntoA();                       // cross-tu-b.cpp
