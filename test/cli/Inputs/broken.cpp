void f() { this is not C++; }
