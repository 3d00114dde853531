#include <core.p4>
header h_t { bit<8> a; bit<16> b; int<8> c; bool f; }
struct hs { h_t h; h_t[2] st; }
struct m_t { bit<8> x; bit<16> y; int<8> z; bool flag; }
parser Sub(packet_in p, out bit<8> v) { state start { v = 1; transition accept; } }
parser P(packet_in p, out hs hdr, inout m_t meta) {
  Sub() sub;
  state start { sub.apply(p, meta.x + 1); transition accept; }
}
