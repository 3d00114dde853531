// A parser that instantiates a control, and a control that instantiates a parser.
#include <core.p4>
header H { bit<8> a; }
parser Sub(packet_in p, out H h) { state start { transition accept; } }
control Ctl(inout H h) { apply { } }
parser P(packet_in p, out H h) {
  Ctl() c;
  state start { transition accept; }
}
control D(inout H h) {
  Sub() s;
  apply { }
}
