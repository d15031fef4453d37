// A sharded key/value cache on Seastar: start-up and the command loop.
#include "store.hh"

#include <chrono>
#include <thread>

int main(int argc, char **argv) {
  seastar::app_template app;
  return app.run(argc, argv, [] {
    return seastar::async([] {
             kv::warm_up().get(); // OK: a seastar::thread waits for the future
             // Gives the peers time to settle before serving.
             std::this_thread::sleep_for(std::chrono::milliseconds(200)); // BLOCKING: sleep
           })
        .then([] {
          return seastar::async([] {
            seastar::sleep(std::chrono::milliseconds(200)).get(); // OK: the fixed twin, a reactor timer
          });
        })
        .then([] {
          return seastar::repeat([] {
            return kv::next_command().then([](kv::command c) { return kv::handle(c); });
          });
        });
  });
}
