// A library whose blocking call and its asynchronous twin share one name,
// taught in the config alone with if_signature (docs/catalog.md, "Overloads
// that share a name"): the entry that matches the declaration's parameter
// and return types is the one that counts. Also a class test: only the
// methods of classes derived from kv::Plugin are framework callbacks, not
// those of any class with the same member name.
// RUN: echo '{"catalog": {"blocking": [{"names": ["kv::Client::get"], "kind": "db", "if_signature": {"params": ["const std::string &"], "returns": ["std::string"]}}], "registrations": [{"names": ["kv::Client::get"], "handlers": [-1], "library": "kv", "if_signature": {"params": ["*", "std::function<*>"]}}], "async_clients": [{"names": ["kv::Client::get"], "kind": "db", "if_signature": {"params": ["*", "kv::Done"]}}], "handler_overrides": [{"names": ["*::onKey"], "library": "kv", "if_signature": {"params": ["int", "..."], "class_derives": ["kv::Plugin"]}}]}}' > %t.json
// RUN: %exitcode %stallscan --no-snippets --config-file %t.json %s -- -std=c++17 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 \
// RUN:   | FileCheck %s --check-prefix=UNTAUGHT --implicit-check-not=warning: --implicit-check-not=note:
#include <functional>
#include <string>
#include <unistd.h>

namespace kv {
using Done = std::function<void(std::string)>;
class Client {
public:
  std::string get(const std::string &Key);
  void get(const std::string &Key, Done D);
};
struct Plugin {
  virtual ~Plugin() = default;
  virtual void onKey(int Slot, const std::string &Key) = 0;
};
struct Listener { // not a kv::Plugin: its onKey is the program's own
  virtual ~Listener() = default;
  virtual void onKey(int Slot, const std::string &Key) = 0;
};
void add(Plugin *P);
} // namespace kv

kv::Client Db;

struct CachePlugin : kv::Plugin {
  void onKey(int, const std::string &Key) override {
    std::string V = Db.get(Key);
// CHECK: teach-signature.cpp:[[@LINE-1]]:24: warning: blocking call to 'kv::Client::get' on the event loop
// CHECK-NEXT: teach-signature.cpp:[[@LINE-3]]:8: note: 'CachePlugin::onKey' overrides 'kv::Plugin::onKey', which runs on the event loop
    Db.get(Key, [](std::string) { // no-warning: the async twin
      usleep(1);
// CHECK: teach-signature.cpp:[[@LINE-1]]:7: warning: blocking call to 'usleep' on the event loop
// CHECK-NEXT: teach-signature.cpp:[[@LINE-3]]:17: note: lambda passed to 'get' runs on the event loop
    });
  }
};

struct AuditListener : kv::Listener {
  void onKey(int, const std::string &Key) override {
    std::string V = Db.get(Key); // no-warning: not a kv::Plugin, no loop
    (void)V;
  }
};

int main() {
  CachePlugin P;
  AuditListener L;
  kv::add(&P);
  (void)L;
}
// CHECK: stallscan: 2 findings in 1 file
// CHECK-NEXT: architecture: asynchronous
// CHECK-NEXT: evidence: 2 kv handlers registered on an event loop
// CHECK-NEXT: evidence: 2 synchronous client calls (db 2) and 1 asynchronous client call
// UNTAUGHT: stallscan: 0 findings
