// Named arguments that leave out a required parameter.
#include <core.p4>
extern void f(in bit<8> a, in bit<8> b);
action act() { f(a = 1); }
