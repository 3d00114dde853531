// Generic headers and structs, specialized field by field.
#include <core.p4>
header G<T> { T x; bit<8> y; }
struct GS<T, U> { T a; U b; }
struct U { G<bit<16>> g; GS<bit<8>, bool> s; }
control C(inout U u) {
  apply {
    u.g.x = 16w1;
    u.s.b = true;
    u.s.a = 8w2;
  }
}
