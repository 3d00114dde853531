// An lpm entry whose mask is not a prefix.
#include <core.p4>
control C(inout bit<8> v) {
  action a() { }
  table t { key = { v: lpm; } actions = { a; } const entries = { 8w1 &&& 8w0x0f: a(); } }
  apply { t.apply(); }
}
