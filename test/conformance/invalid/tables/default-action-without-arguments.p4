// A default action named without the arguments its parameters need.
#include <core.p4>
control C(inout bit<8> v) {
  action b(bit<8> x) { v = x; }
  table t {
    key = { v: exact; }
    actions = { b; }
    default_action = b;
  }
  apply { t.apply(); }
}
