// Casts between types no cast converts: a header to a struct, bit<8> to bool, an enum without
// an underlying type to bits.
#include <core.p4>
header H { bit<8> a; }
struct S { bit<8> a; }
enum E { A, B }
control C(inout H h, inout S s, in E e) {
  apply {
    s = (S)h;
    bool b = (bool)h.a;
    h.a = (bit<8>)e;
  }
}
