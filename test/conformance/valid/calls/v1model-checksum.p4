// An enum argument next to an inout parameter (v1model's update_checksum).
#include <core.p4>
#include <v1model.p4>
header h_t { bit<8> f; bit<16> csum; }
struct H { h_t h; }
struct M { bit<8> x; }
parser P(packet_in p, out H hdr, inout M m, inout standard_metadata_t sm) {
  state start { p.extract(hdr.h); transition accept; }
}
control I(inout H hdr, inout M m, inout standard_metadata_t sm) { apply { } }
control V(inout H hdr, inout M m) { apply { } }
control Ck(inout H hdr, inout M m) {
  apply { update_checksum(hdr.h.isValid(), { hdr.h.f }, hdr.h.csum, HashAlgorithm.csum16); }
}
control D(packet_out p, in H hdr) { apply { p.emit(hdr.h); } }
V1Switch(P(), V(), I(), I(), Ck(), D()) main;
