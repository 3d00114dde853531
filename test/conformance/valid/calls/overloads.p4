// Extern functions overloaded by parameter count or parameter names; `int` parameters take
// sized constants.
#include <core.p4>
extern void o(in bit<8> x);
extern void o(in bit<16> y);
extern void o(in bit<8> x, in bit<8> z);
extern void q(int a);
control C(inout bit<8> v) {
  apply {
    o(x = 1);
    o(y = 2);
    o(1, 2);
    q(8w3);
    q(3);
  }
}
