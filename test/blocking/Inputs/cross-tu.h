// Shared declarations for cross-tu-a.cpp and cross-tu-b.cpp (see ../cross-tu.test).
#pragma once
#include <cstddef>
#include <unistd.h>

void helperDefinedInOtherTUSleeps();      // defined in cross-tu-b.cpp: sleeps
void helperDefinedInOtherTUDoesNotBlock(); // defined in cross-tu-b.cpp
void setupOnlyHelperSleeps();              // defined in cross-tu-b.cpp: only called before the loop

// Compiled into both TUs, called from the handler in each: one finding.
inline void inlineHeaderHelperSleeps() {
  usleep(1); // BLOCKING
}

// fd_ is assigned from open() in the constructor, in cross-tu-b.cpp.
class Logger {
public:
  explicit Logger(const char *Path);
  void log(const char *Msg, std::size_t Len); // defined in cross-tu-a.cpp
private:
  int fd_;
};

// fd_ is a socket (assigned from socket() in cross-tu-b.cpp), never from open().
class Conn {
public:
  explicit Conn(int Port);
  void sendRaw(const char *Msg, std::size_t Len); // defined in cross-tu-a.cpp
private:
  int fd_;
};
