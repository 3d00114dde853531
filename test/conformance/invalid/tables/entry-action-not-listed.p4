// An entry whose action is declared but not one of the table's actions.
#include <core.p4>
control C(inout bit<8> v) {
  action a() { }
  action b() { }
  table t {
    key = { v: exact; }
    actions = { a; }
    const entries = {
      1: b();
    }
  }
  apply { t.apply(); }
}
