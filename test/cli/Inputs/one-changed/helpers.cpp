#include <unistd.h>
#include "helpers.h"
void refreshConfig() { flushNow(); }
