// A sized literal wider than its width, as a keyset (a warning), next to an error.
#include <core.p4>
header h_t { bit<8> f; }
parser P(packet_in p, out h_t h) {
  state start { p.extract(h); transition select(h.f) { 8w256: accept; default: reject; } }
  state start { transition accept; }
}
