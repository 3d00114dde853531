// Two functions that call each other, one inside an expression.
#include <core.p4>
bit<8> f(in bit<8> x) { return 1 + g(x); }
bit<8> g(in bit<8> x) { return f(x); }
