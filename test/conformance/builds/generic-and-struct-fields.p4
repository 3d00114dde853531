// Generic headers, structs inside headers and zero-width fields, extracted and matched.
#include <core.p4>
#include <p4flow.p4>
struct pair_t { bit<4> hi; bit<4> lo; }
header G<T> { T x; bit<8> y; }
header h_t { pair_t p; bit<0> nothing; bit<8> z; }
struct H { G<bit<16>> g; h_t h; }
parser P(packet_in pk, out H hdr) {
  @name("P.start") state start {
    pk.extract(hdr.g);
    transition select(hdr.g.x) { 1: more; default: accept; }
  }
  @name("P.more") state more { pk.extract(hdr.h); transition accept; }
}
FlowExtract(P()) main;
