// A table size that is not an integer, and an entry with a negative priority.
#include <core.p4>
control C(inout bit<8> v) {
  action a() { }
  table t {
    key = { v: exact; }
    actions = { a; }
    size = true;
    const entries = {
      priority = -3: 1: a();
    }
  }
  apply { t.apply(); }
}
