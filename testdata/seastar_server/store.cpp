#include "store.hh"

#include <fstream>
#include <map>
#include <string>

namespace kv {
namespace {

std::map<std::string, std::string> cache;

void write_snapshot_now() {
  std::ofstream out("/var/lib/kv/snapshot", std::ios::trunc); // BLOCKING: file
  for (const auto &[k, v] : cache)
    out << k << ' ' << v << '\n';
}

// The fixed twin: Seastar's DMA file API, one future per step.
seastar::future<> write_snapshot_dma() {
  return seastar::open_file_dma("/var/lib/kv/snapshot",
                                seastar::open_flags::wo | seastar::open_flags::create |
                                    seastar::open_flags::truncate)
      .then([](seastar::file f) {
        static const char header[] = "kv-snapshot\n";
        return f.dma_write(0, header, sizeof header - 1).then([f](size_t) mutable { // OK: a future
          return f.close();
        });
      });
}

} // namespace

seastar::future<> handle(command c) {
  switch (c.op) {
  case command::get:
    return seastar::make_ready_future<>();
  case command::fetch:
    // A miss asks the owner, and waits for it inside the continuation.
    return seastar::make_ready_future<>().then([c] {
      if (cache.count(c.key) == 0)
        cache[c.key] = fetch_from_peer(c.key).get(); // BLOCKING: sync-wait
    });
  case command::fetch_in_thread:
    // The fixed twin: a seastar::thread may wait for a future.
    return seastar::async([c] {
      if (cache.count(c.key) == 0)
        cache[c.key] = fetch_from_peer(c.key).get(); // OK: inside seastar::async
    });
  case command::snapshot:
    // Shard 0 owns the snapshot file.
    return seastar::smp::submit_to(0, [] { write_snapshot_now(); });
  case command::snapshot_dma:
    return seastar::smp::submit_to(0, [] { return write_snapshot_dma(); });
  }
  return seastar::make_ready_future<>();
}

} // namespace kv
