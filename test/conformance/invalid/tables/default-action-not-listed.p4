// A default_action that is not one of the table's actions.
#include <core.p4>
control C(inout bit<8> v) {
  action a() { }
  action b() { }
  table t { key = { v: exact; } actions = { a; } default_action = b(); }
  apply { t.apply(); }
}
