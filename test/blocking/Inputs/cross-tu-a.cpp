// The event-loop side of ../cross-tu.test: the handler and the write()s.
#include "cross-tu.h"
#include <mock_asio.hpp>
#include <unistd.h>

namespace asio = boost::asio;

void Logger::log(const char *Msg, std::size_t Len) {
  write(fd_, Msg, Len); // BLOCKING: fd_ came from open() in cross-tu-b.cpp
}

void Conn::sendRaw(const char *Msg, std::size_t Len) {
  write(fd_, Msg, Len); // OK: fd_ is a socket
}

// Internal linkage: not the same function as cross-tu-b.cpp's localHelper.
static void localHelper() {
  sleep(3); // OK: this TU's localHelper is only called before the loop
}

void testHandlerCallsHelpersInOtherTU(Logger &Log, Conn &C) {
  helperDefinedInOtherTUSleeps();
  helperDefinedInOtherTUDoesNotBlock();
  inlineHeaderHelperSleeps();
  Log.log("request\n", 8);
  C.sendRaw("pong\n", 5);
}

int main() {
  asio::io_context Io;
  setupOnlyHelperSleeps(); // OK: before the loop runs
  localHelper();           // OK: before the loop runs
  Logger Log("/var/log/app.log");
  Conn C(8080);
  asio::post(Io, [&] { testHandlerCallsHelpersInOtherTU(Log, C); });
  Io.run();
}
