// A `for` loop in a parser state: valid P4 that p4flow cannot compile (a located P4F3001).
#include <core.p4>
#include <p4flow.p4>
header b_t { bit<8> v; }
struct H { b_t b; }
struct M { bit<8> sum; }
parser P(packet_in pk, out H hdr, inout M meta) {
  state start {
    pk.extract(hdr.b);
    for (bit<8> i = 0; i < 4; i = i + 1) { meta.sum = meta.sum + i; }
    transition accept;
  }
}
FlowExtract(P()) main;
