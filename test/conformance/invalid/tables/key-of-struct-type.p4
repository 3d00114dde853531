// A table keyed on a whole struct.
#include <core.p4>
struct S { bit<8> a; }
control C(in S s) {
  action a() { }
  table t {
    key = { s: exact; }
    actions = { a; }
  }
  apply { t.apply(); }
}
