// Entries for a table without a key.
#include <core.p4>
control C(inout bit<8> v) {
  action a() { }
  table t { actions = { a; } const entries = { 1: a(); } }
  apply { t.apply(); }
}
