// The event loop side: handlers registered with Boost.Asio, calling helpers
// defined in other TUs (helpers.cpp, store.cpp).
#include <mock_asio.hpp>
#include "helpers.h"
void arm(boost::asio::io_context &Io) {
  boost::asio::post(Io, [] { refreshConfig(); });
  boost::asio::post(Io, [] { saveState(); });
}
