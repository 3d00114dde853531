// An `int` parameter takes constants only, not a run-time bit<8>.
#include <core.p4>
extern void f(in int x);
control C(in bit<8> v) {
  apply {
    f(v);
  }
}
