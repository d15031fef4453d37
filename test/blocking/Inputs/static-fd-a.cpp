// Input of ../cross-tu-currently-false-positive.test: this TU's static Fd is a file.
#include <fcntl.h>
#include <unistd.h>

static int Fd;

void openJournal() { Fd = open("/var/lib/app/journal", O_WRONLY | O_APPEND); }

void appendJournal(const char *B) { write(Fd, B, 1); } // a file, but only called before the loop
