// Annotations may lead parser states and apply blocks.
#include <core.p4>
header h_t { bit<8> f; }
struct H { h_t h; }
parser P(packet_in p, out H hdr) {
  @name("P.start") state start { p.extract(hdr.h); transition next; }
  @name("P.next") @priority(1) state next { transition accept; }
}
control C(inout H hdr) {
  @hidden action nop() {}
  @name("C.apply") apply { nop(); }
}
