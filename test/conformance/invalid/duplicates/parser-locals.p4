// Two parser locals with one name.
#include <core.p4>
parser P(packet_in p) {
  bit<8> x = 1;
  bit<8> x = 2;
  state start { transition accept; }
}
