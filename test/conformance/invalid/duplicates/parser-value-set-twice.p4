// A parser declares the same value_set twice.
#include <core.p4>
header h_t { bit<8> f; }
parser P(packet_in p, out h_t h) {
  value_set<bit<8>>(4) pvs;
  value_set<bit<8>>(4) pvs;
  state start { p.extract(h); transition select(h.f) { pvs: accept; default: reject; } }
}
