#include <unistd.h>
static inline void helperSleeps(void) { usleep(20); }
