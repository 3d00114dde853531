// A serializable enum's members match keys of the enum's underlying type.
#include <core.p4>
enum bit<8> Proto { TCP = 6, UDP = 17 }
header h_t { bit<8> proto; }
struct H { h_t h; }
parser P(packet_in p, out H hdr) {
  state start {
    p.extract(hdr.h);
    transition select(hdr.h.proto) { Proto.TCP: accept; Proto.UDP &&& 0xff: accept; default: reject; }
  }
}
