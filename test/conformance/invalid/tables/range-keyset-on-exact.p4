// A range entry for an exact key.
#include <core.p4>
control C(inout bit<8> v) {
  action a() { }
  table t { key = { v: exact; } actions = { a; } const entries = { 1 .. 5: a(); } }
  apply { t.apply(); }
}
