#include <unistd.h>
void helper() { usleep(100); }
