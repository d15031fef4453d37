#include <unistd.h>
inline void slowInHeader() { usleep(10); }
