// Structs of bit-strings inside headers; zero-width types; empty stacks; arrays of data.
#include <core.p4>
struct pair_t { bit<4> hi; bit<4> lo; }
header h_t { pair_t p; bit<0> nothing; varbit<0> none; bit<8> z; }
struct S { h_t[0] empty; bit<8>[4] bytes; pair_t[2] pairs; }
