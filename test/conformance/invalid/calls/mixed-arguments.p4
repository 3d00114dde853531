// Named and positional arguments in one call.
#include <core.p4>
extern void f(in bit<8> a, in bit<8> b);
action act() { f(1, b = 2); }
