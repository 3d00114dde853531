#include <core.p4>
header h_t { bit<8> a; bit<16> b; int<8> c; bool f; }
struct hs { h_t h; h_t[2] st; }
struct m_t { bit<8> x; bit<16> y; int<8> z; bool flag; }
control C(inout hs hdr, inout m_t meta) {
  action bump() { meta.x = meta.x + 1; }
  apply { bump(1); }
}
