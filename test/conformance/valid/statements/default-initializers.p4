// `...` stands for the remaining fields in struct and header expressions.
#include <core.p4>
header h_t { bit<8> f; bit<8> g; }
struct S { bit<8> a; bit<8> b; }
const S s0 = { a = 1, ... };
control C(inout h_t h) {
  apply {
    S x = { a = 2, ... };
    h_t y = { ... };
    h = { f = 1, ... };
  }
}
