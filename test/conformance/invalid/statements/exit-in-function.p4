// `exit` in a function.
#include <core.p4>
bit<8> f(in bit<8> x) { exit; }
