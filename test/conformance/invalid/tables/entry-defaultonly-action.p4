// An entry whose action may only be the default action.
#include <core.p4>
control C(inout bit<8> v) {
  action a() { }
  action b() { }
  table t {
    key = { v: exact; }
    actions = { a; @defaultonly b; }
    const entries = {
      1: b();
    }
  }
  apply { t.apply(); }
}
