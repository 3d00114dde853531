#include <core.p4>
header h_t { bit<8> a; bit<8> b; }
struct hs { h_t h; }
parser P(packet_in p, out hs hdr) { state start { p.extract(hdr.h); transition select(hdr.h.a, hdr.h.b) { (1, 2, 3): accept; default: reject; } } }
