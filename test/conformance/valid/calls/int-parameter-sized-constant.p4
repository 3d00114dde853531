// An `int` parameter given sized constants (a literal, a constant, an expression of them).
#include <core.p4>
extern void f(in int x);
extern E {
  E(int size);
}
const bit<16> N = 16w256;
control C() {
  E(32w1024) e;
  apply {
    f(8w3);
    f(N);
    f(N + 16w1);
  }
}
