// Both forms of `for`: three-part and for-in over a range.
#include <core.p4>
header h_t { bit<8> f; bit<8> g; }
struct H { h_t h; }
control C(inout H hdr) {
  apply {
    for (bit<8> i = 0; i < 4; i = i + 1) { hdr.h.f = hdr.h.f + i; }
    for (bit<8> j in 0 .. 3) { hdr.h.g = hdr.h.g ^ j; }
    for (bit<8> k = 0, bit<8> m = 1; k < 8; k = k + 1, m = m << 1) { if (k == 3) { continue; } if (k == 6) { break; } }
  }
}
