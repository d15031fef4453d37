#include <unistd.h>
#include "helpers.h"
// Edited between the runs: saveState no longer blocks, flushNow does, so a
// finding goes away and another one appears through helpers.cpp.
void saveState() {}
void flushNow() { usleep(10); }
