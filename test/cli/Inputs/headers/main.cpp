#include <mock_asio.hpp>
#include <unistd.h>
#include "net/slow.h"
void onTick() { sleep(1); }
void arm(boost::asio::io_context &Io) {
  boost::asio::post(Io, [] {
    onTick();
    slowInHeader();
  });
}
