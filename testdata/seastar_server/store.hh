// A sharded key/value cache on Seastar: the command handlers.
#pragma once
#include <seastar/core/seastar.hh>
#include <string>

namespace kv {

struct command {
  enum op_t { get, fetch, fetch_in_thread, snapshot, snapshot_dma } op;
  std::string key;
};

// The next command from this shard's connections (the socket layer is left
// out of the sample: the mock headers have none).
seastar::future<command> next_command();
// Asks the peer that owns the key; resolves when it has answered.
seastar::future<std::string> fetch_from_peer(const std::string &key);
// Loads the hot keys from the peers.
seastar::future<> warm_up();

seastar::future<> handle(command c);

} // namespace kv
