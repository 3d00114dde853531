// Keysets wider than their key: `check` reports the IR phase's keyset-too-wide (P4F3003) and the
// literal overflow of 8w256, in source order, as a compile would.
#include <core.p4>
#include <p4flow.p4>
header h_t { bit<8> f; }
struct H { h_t h; }
parser Prs(packet_in pk, out H h) {
  state start {
    pk.extract(h.h);
    transition select(h.h.f) { 8w256: accept; 0x1ff: accept; default: reject; }
  }
}
FlowExtract(Prs()) main;
