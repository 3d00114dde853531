// A switch on a table's action_run with a label that is an action, but not one of the table's.
#include <core.p4>
control C(inout bit<8> v) {
  action a() { }
  action b() { }
  table t {
    key = { v: exact; }
    actions = { a; }
  }
  apply {
    switch (t.apply().action_run) {
      a: { }
      b: { }
    }
  }
}
