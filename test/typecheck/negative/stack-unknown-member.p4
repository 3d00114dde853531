#include <core.p4>
header h_t { bit<8> v; }
struct hs { h_t[2] s; }
control C(inout hs h, inout bit<32> x) {
    apply { x = h.s.lastIdx; }
}
