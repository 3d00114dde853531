// Named arguments to packet_in and a sub-parser, and annotations everywhere.
#include <core.p4>
#include <p4flow.p4>
header b_t { bit<8> v; }
struct H { b_t a; b_t b; }
parser Sub(packet_in pk, out b_t x) {
  state start { pk.extract(hdr = x); transition accept; }
}
parser P(packet_in pk, out H hdr) {
  Sub() sub;
  @name("P.start") state start { sub.apply(pk, hdr.a); pk.extract(hdr.b); transition accept; }
}
FlowExtract(P()) main;
