// An entry whose value has another type than its key.
#include <core.p4>
control C(inout bit<8> v, inout bit<16> w) {
  action a() { }
  table t {
    key = { v: exact; w: ternary; }
    actions = { a; }
    const entries = {
      (true, 16w1 &&& 8w1): a();
    }
  }
  apply { t.apply(); }
}
