// A mistyped state name gets a suggestion, also when it is part of the state's name.
#include <core.p4>
parser P(packet_in p) {
  state start { transition ipv4; }
  state parse_ipv4 { transition accept; }
}
