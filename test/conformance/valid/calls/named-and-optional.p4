// Named arguments, default and @optional parameters.
#include <core.p4>
extern void f(in bit<8> a, in bit<8> b);
extern void g(in bit<8> a, in bit<8> b = 2);
extern void h(in bit<8> a, @optional in bit<8> b);
action act(bit<8> a, bit<8> b) {}
control C(inout bit<8> v) {
  apply {
    f(b = 1, a = 2);
    g(1);
    g(a = 3);
    h(1);
    h(1, 2);
    act(b = 1, a = v);
  }
}
