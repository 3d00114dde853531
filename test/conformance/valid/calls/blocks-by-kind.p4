// Parsers instantiate parsers and externs, controls instantiate controls and externs, functions
// are called from parsers, `this` inside an abstract method's implementation.
#include <core.p4>
header H { bit<8> a; }
extern Counter {
  Counter();
  abstract bit<8> step(in bit<8> x);
  void touch();
}
extern void note(in Counter c);
bit<8> inc(in bit<8> x) { return x + 1; }
parser Sub(packet_in p, out H h) { state start { p.extract(h); transition accept; } }
parser P(packet_in p, out H h) {
  Sub() sub;
  state start {
    sub.apply(p, h);
    h.a = inc(h.a);
    transition accept;
  }
}
control Inner(inout H h) { apply { h.a = inc(h.a); } }
control Outer(inout H h) {
  Inner() inner;
  Counter() c = {
    bit<8> step(in bit<8> x) {
      note(this);
      return x + 1;
    }
  };
  apply { inner.apply(h); }
}
