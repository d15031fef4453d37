// The helpers of ../cross-tu.test, in a TU of their own.
#include "cross-tu.h"
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

void helperDefinedInOtherTUSleeps() {
  sleep(1); // BLOCKING: reached from the handler in cross-tu-a.cpp
}

// Internal linkage: not the same function as cross-tu-a.cpp's localHelper.
static void localHelper() {}
namespace {
void anonymousHelper() {}
} // namespace

void helperDefinedInOtherTUDoesNotBlock() {
  localHelper();
  anonymousHelper();
  inlineHeaderHelperSleeps();
}

void setupOnlyHelperSleeps() {
  sleep(2); // OK: only called from main() before the loop runs
}

Logger::Logger(const char *Path) {
  fd_ = open(Path, O_WRONLY | O_APPEND | O_CREAT, 0644); // OK: constructed in main()
}

Conn::Conn(int Port) {
  (void)Port;
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
}
