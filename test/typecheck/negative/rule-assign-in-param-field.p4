#include <core.p4>
header h_t { bit<8> a; bit<16> b; int<8> c; bool f; }
header v_t { bit<8> len; varbit<64> data; }
struct hs { h_t h; h_t[2] st; v_t v; }
struct m_t { bit<8> x; bit<16> y; int<8> z; bool flag; }
parser P(packet_in p, out hs hdr, inout m_t meta, in m_t seed) {
  state start {
    p.extract(hdr.h);
    seed.x = 3;
    transition accept;
  }
}
