// `return` in a parser state.
#include <core.p4>
parser P(packet_in p) {
  state start { return; }
}
