// A type's width may be any constant expression.
#include <core.p4>
const bit<8> W = 4;
const bit<16> WIDE = 0x0810;
header g_t { bit<2 + 2> a; bit<W> b; bit<(W)> c; bit<W * 2> d; bit<WIDE[7:0]> e; int<W - 1> f; }
