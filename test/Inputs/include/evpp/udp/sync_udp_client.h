// A minimal evpp::udp::sync::Client of stallscan's own (evpp's blocking UDP
// client), written from evpp's public API for the tests in test/frameworks/.
#pragma once
#include <cstdint>
#include <string>

namespace evpp {
namespace udp {
namespace sync {
class Client {
public:
  Client();
  ~Client();
  bool Connect(const char *host, int port);
  bool Send(const std::string &msg);
  std::string DoRequest(const std::string &udp_package_data, uint32_t timeout_ms);
  static std::string DoRequest(const std::string &remote_ip, int port,
                               const std::string &udp_package_data,
                               uint32_t timeout_ms);
};
} // namespace sync
} // namespace udp
} // namespace evpp
