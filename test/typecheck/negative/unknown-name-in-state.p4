#include <core.p4>
header h_t { bit<8> a; }
struct hs { h_t h; }
parser P(packet_in pkt, out hs hdr) { state start { pkt.extract(hdrs.h); transition accept; } }
