// A function with a result returns nothing.
#include <core.p4>
bit<8> f(in bit<8> x) { return; }
