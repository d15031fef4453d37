#include <mutex>
#include <unistd.h>
std::mutex m;
void f() { std::lock_guard<std::mutex> g(m); sleep(1); }
