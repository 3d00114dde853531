#include <core.p4>
header h_t { bit<8> a; }
struct hs { h_t h; }
parser P(packet_in p, out hs hdr) { state start { p.extract(hdr.h); transition select(hdr.h.a) { default: accept; default: reject; } } }
