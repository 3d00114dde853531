// A default action that may only be used in entries.
#include <core.p4>
control C(inout bit<8> v) {
  action a() { }
  action b() { }
  table t {
    key = { v: exact; }
    actions = { a; @tableonly b; }
    default_action = b();
  }
  apply { t.apply(); }
}
