// Zero-width types, empty arrays, arrays of non-header elements and structs inside headers.
#include <core.p4>
struct pair_t { bit<4> hi; bit<4> lo; bool flag; }
header h_t { bit<0> a; varbit<0> v; pair_t p; int<0> z; }
struct s_t { h_t[0] none; bit<8>[4] bytes; pair_t[2] pairs; }
