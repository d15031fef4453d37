#include "object-table.h"

void SessionTable::touch(int Fd) {
  std::lock_guard<std::mutex> Guard(mu_);
  Last[Fd] = Fd;
}

// `this` forwarded to a method defined in this file, called from the other.
void SessionTable::touchAll(int Fd) { touch(Fd + 1); }

void LocalTable::touch(int Fd) {
  std::lock_guard<std::mutex> Guard(mu_);
  Last[Fd] = Fd;
}
