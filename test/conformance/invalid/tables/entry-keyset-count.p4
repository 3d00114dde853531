// An entry with fewer keysets than the key has elements.
#include <core.p4>
control C(inout bit<8> v, inout bit<8> w) {
  action a() { }
  table t { key = { v: exact; w: exact; } actions = { a; } const entries = { 1: a(); } }
  apply { t.apply(); }
}
