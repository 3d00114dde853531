// Extracting into an `in` parameter.
#include <core.p4>
header h_t { bit<8> f; }
parser P(packet_in p, in h_t h) {
  state start { p.extract(h); transition accept; }
}
