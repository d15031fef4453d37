// Needs Clang's own resource headers, not libstdc++'s or glibc's.
#include <stdarg.h>
#include <stddef.h>
#include <stdatomic.h>
#include <immintrin.h>
struct Pair { int a; int b; };
size_t n = offsetof(Pair, b);
va_list *unused;
