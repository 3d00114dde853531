// Table keys of each allowed type: bits, ints, bool, an enum, a serializable enum, error, a
// newtype and a header's validity.
#include <core.p4>
enum Color { Red, Green }
enum bit<8> Proto { TCP = 6 }
type bit<16> Port;
header H { bit<8> a; }
control C(in H h, in int<8> i, in bool b, in Color c, in Proto p, in error e, in Port port) {
  action a(bit<8> x, @optional bit<8> y) { }
  table t {
    key = {
      h.a: exact;
      i: exact;
      b: exact;
      c: exact;
      p: exact;
      e: exact;
      port: exact;
      h.isValid(): exact;
    }
    actions = { a; }
  }
  apply { t.apply(); }
}
