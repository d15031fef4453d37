#include <mock_asio.hpp>
#include <unistd.h>
#include "config.h"
void onTick();
void arm(boost::asio::io_context &Io) {
  boost::asio::post(Io, [] { onTick(); });
}
void onTick() { sleep(kTickSeconds); }
