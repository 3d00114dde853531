// An action called from a parser state.
#include <core.p4>
header H { bit<8> a; }
action set(inout bit<8> x) { x = 1; }
parser P(packet_in p, out H h) {
  state start {
    p.extract(h);
    set(h.a);
    transition accept;
  }
}
