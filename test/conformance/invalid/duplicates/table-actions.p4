// A table lists the same action twice.
#include <core.p4>
control C(inout bit<8> v) {
  action a() { }
  table t { key = { v: exact; } actions = { a; a; } }
  apply { t.apply(); }
}
