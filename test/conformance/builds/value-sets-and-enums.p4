// Two value sets, serializable enum keysets and widths computed from constants.
#include <core.p4>
#include <p4flow.p4>
const bit<8> W = 8;
enum bit<16> EtherType { IPV4 = 0x0800, ARP = 0x0806 }
header eth_t { bit<W * 6> dst; bit<W * 6> src; bit<2 * W> type; }
header b_t { bit<8> v; }
struct H { eth_t eth; b_t b; }
parser P(packet_in pk, out H hdr) {
  value_set<bit<16>>(4) types;
  value_set<bit<8>>(4) bytes;
  state start {
    pk.extract(hdr.eth);
    transition select(hdr.eth.type) { EtherType.IPV4: next; EtherType.ARP: accept; types: next; default: reject; }
  }
  state next { pk.extract(hdr.b); transition select(hdr.b.v) { bytes: accept; default: reject; } }
}
FlowExtract(P()) main;
