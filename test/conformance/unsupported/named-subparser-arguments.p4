// A sub-parser applied with named arguments: valid P4 that p4flow cannot compile yet.
#include <core.p4>
#include <p4flow.p4>
header b_t { bit<8> v; }
struct H { b_t a; }
parser Sub(packet_in pk, out b_t x) {
  state start { pk.extract(x); transition accept; }
}
parser P(packet_in pk, out H hdr) {
  Sub() sub;
  state start { sub.apply(x = hdr.a, pk = pk); transition accept; }
}
FlowExtract(P()) main;
