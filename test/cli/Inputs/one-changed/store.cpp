#include <unistd.h>
#include "helpers.h"
void saveState() { sleep(1); }
void flushNow() {}
