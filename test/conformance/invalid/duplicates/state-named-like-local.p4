// A state named like a local variable.
#include <core.p4>
parser P(packet_in p) {
  bit<8> next = 1;
  state start { transition next; }
  state next { transition accept; }
}
