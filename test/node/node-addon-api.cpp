// A Node.js native addon written with node-addon-api (napi.h, the C++
// wrapper of Node-API, from npm, pinned by tool/setup): functions made
// JS-callable by Napi::Function::New, an ObjectWrap's constructor, methods,
// accessors and finalizer, the module's init (NODE_API_MODULE), an
// AsyncWorker's OnOK/OnError and an AsyncProgressWorker's OnProgress, and a
// ThreadSafeFunction's call_js callback all run on the JS main thread,
// which is Node's event loop. An AsyncWorker's Execute runs on libuv's
// thread pool (checks/catalog/frameworks/node.json).
//
// REQUIRES: node-addon-api
// RUN: %exitcode %stallscan --no-snippets %s -- -std=c++17 %node-cflags %node-addon-api-cflags -DNAPI_DISABLE_CPP_EXCEPTIONS \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
//
// The same file is a real addon: built with Debian's toolchain and loaded
// by node (nothing is timed).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clangxx -shared -fPIC -std=c++17 %node-cflags %node-addon-api-cflags -DNAPI_DISABLE_CPP_EXCEPTIONS %s -o %t/addon.node
// RUN: node -e "const a = require(process.argv[1]); const c = new a.Counter(); console.log(a.readSync(), c.bump(), c.size, a.Counter.load()); a.work(() => console.log('done'))" %t/addon.node \
// RUN:   | FileCheck %s --check-prefix=RUNS
// RUNS: 1 2 3 4
// RUNS-NEXT: done
#include <napi.h>

#include <stdio.h>
#include <thread>
#include <unistd.h>

static Napi::Value testReadsFileSync(const Napi::CallbackInfo &Info) {
  FILE *F = fopen("/etc/passwd", "r");
  // CHECK: node-addon-api.cpp:[[@LINE-1]]:13: warning: blocking call to 'fopen' on the event loop
  // CHECK-NEXT: note: 'testReadsFileSync' passed to 'New' runs on the event loop
  if (F)
    fclose(F);
  // CHECK: node-addon-api.cpp:[[@LINE-1]]:5: warning: blocking call to 'fclose' on the event loop
  // CHECK-NEXT: note: 'testReadsFileSync' passed to 'New' runs on the event loop
  return Napi::Number::New(Info.Env(), 1);
}

class Counter : public Napi::ObjectWrap<Counter> {
public:
  static void define(Napi::Env Env, Napi::Object Exports) {
    Napi::Function Ctor = DefineClass(
        Env, "Counter",
        {InstanceMethod("bump", &Counter::testMethodSleeps),
         InstanceAccessor("size", &Counter::testGetterSleeps, nullptr),
         InstanceMethod<&Counter::testTemplateMethodSleeps>("slow"),
         StaticMethod("load", &Counter::testStaticReadsFile)});
    Exports.Set("Counter", Ctor);
  }

  Counter(const Napi::CallbackInfo &Info) : Napi::ObjectWrap<Counter>(Info) {
    usleep(10);
    // CHECK: node-addon-api.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
    // CHECK-NEXT: note: 'Counter::Counter' is the constructor of a subclass of 'Napi::ObjectWrap', which runs on the event loop
  }

  void Finalize(Napi::Env) override {
    usleep(10);
    // CHECK: node-addon-api.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
    // CHECK-NEXT: note: 'Counter::Finalize' overrides 'Napi::ObjectWrap::Finalize', which runs on the event loop
  }

private:
  Napi::Value testMethodSleeps(const Napi::CallbackInfo &Info) {
    usleep(10);
    // CHECK: node-addon-api.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
    // CHECK-NEXT: note: 'Counter::testMethodSleeps' passed to 'InstanceMethod' runs on the event loop
    return Napi::Number::New(Info.Env(), 2);
  }
  Napi::Value testGetterSleeps(const Napi::CallbackInfo &Info) {
    usleep(10);
    // CHECK: node-addon-api.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
    // CHECK-NEXT: note: 'Counter::testGetterSleeps' passed to 'InstanceAccessor' runs on the event loop
    return Napi::Number::New(Info.Env(), 3);
  }
  Napi::Value testTemplateMethodSleeps(const Napi::CallbackInfo &Info) {
    usleep(10);
    // CHECK: node-addon-api.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
    // CHECK-NEXT: note: 'Counter::testTemplateMethodSleeps' passed to 'InstanceMethod' runs on the event loop
    return Info.Env().Undefined();
  }
  static Napi::Value testStaticReadsFile(const Napi::CallbackInfo &Info) {
    FILE *F = fopen("/etc/hostname", "r");
    // CHECK: node-addon-api.cpp:[[@LINE-1]]:15: warning: blocking call to 'fopen' on the event loop
    // CHECK-NEXT: note: 'Counter::testStaticReadsFile' passed to 'StaticMethod' runs on the event loop
    if (F)
      fclose(F);
    // CHECK: node-addon-api.cpp:[[@LINE-1]]:7: warning: blocking call to 'fclose' on the event loop
    // CHECK-NEXT: note: 'Counter::testStaticReadsFile' passed to 'StaticMethod' runs on the event loop
    return Napi::Number::New(Info.Env(), 4);
  }
};

// Execute runs on libuv's thread pool; OnOK and OnError back on the loop.
class Reader : public Napi::AsyncWorker {
public:
  explicit Reader(const Napi::Function &Cb) : Napi::AsyncWorker(Cb) {}
  void Execute() override {
    usleep(1000); // no-warning: libuv's thread pool
    FILE *F = fopen("/etc/passwd", "r"); // no-warning
    if (F)
      fclose(F); // no-warning
  }
  void OnOK() override {
    usleep(10);
    // CHECK: node-addon-api.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
    // CHECK-NEXT: note: 'Reader::OnOK' overrides 'Napi::AsyncWorker::OnOK', which runs on the event loop
    Callback().Call({});
  }
  void OnError(const Napi::Error &) override {
    sleep(1);
    // CHECK: node-addon-api.cpp:[[@LINE-1]]:5: warning: blocking call to 'sleep' on the event loop
    // CHECK-NEXT: note: 'Reader::OnError' overrides 'Napi::AsyncWorker::OnError', which runs on the event loop
  }
};

class Progress : public Napi::AsyncProgressWorker<int> {
public:
  explicit Progress(const Napi::Function &Cb)
      : Napi::AsyncProgressWorker<int>(Cb) {}
  void Execute(const ExecutionProgress &P) override {
    usleep(1000); // no-warning: libuv's thread pool
    int N = 1;
    P.Send(&N, 1);
  }
  void OnProgress(const int *, size_t) override {
    usleep(10);
    // CHECK: node-addon-api.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
    // CHECK-NEXT: note: 'Progress::OnProgress' overrides 'Napi::AsyncProgressWorker::OnProgress', which runs on the event loop
  }
};

static Napi::ThreadSafeFunction Tsfn;

static void testProducerThread() {
  usleep(1000); // no-warning: a thread of its own
  Tsfn.BlockingCall([](Napi::Env, Napi::Function Js) {
    usleep(10);
    // CHECK: node-addon-api.cpp:[[@LINE-1]]:5: warning: blocking call to 'usleep' on the event loop
    // CHECK-NEXT: note: lambda passed to 'BlockingCall' runs on the event loop
    Js.Call({});
  });
  Tsfn.Release();
}

static Napi::Value testWork(const Napi::CallbackInfo &Info) {
  Napi::Function Cb = Info[0].As<Napi::Function>();
  (new Reader(Cb))->Queue();
  if (Info.Length() > 1) {
    (new Progress(Cb))->Queue();
    Tsfn = Napi::ThreadSafeFunction::New(Info.Env(), Cb, "tsfn", 0, 1);
    std::thread(testProducerThread).detach();
  }
  return Info.Env().Undefined();
}

/* Never made callable from JS: not on the loop. */
void notExported() { usleep(1000); /* no-warning */ }

static Napi::Object Init(Napi::Env Env, Napi::Object Exports) {
  usleep(1);
  // CHECK: node-addon-api.cpp:[[@LINE-1]]:3: warning: blocking call to 'usleep' on the event loop
  // CHECK-NEXT: note: 'Init' passed to 'RegisterModule' runs on the event loop
  Exports.Set("readSync", Napi::Function::New(Env, testReadsFileSync));
  Exports.Set("work", Napi::Function::New(Env, testWork));
  Exports.Set("lambda", Napi::Function::New(Env, [](const Napi::CallbackInfo &) {
                sleep(1);
                // CHECK: node-addon-api.cpp:[[@LINE-1]]:17: warning: blocking call to 'sleep' on the event loop
                // CHECK-NEXT: note: lambda passed to 'New' runs on the event loop
              }));
  Counter::define(Env, Exports);
  return Exports;
}

NODE_API_MODULE(NODE_GYP_MODULE_NAME, Init)
