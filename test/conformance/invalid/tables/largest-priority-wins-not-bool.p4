// largest_priority_wins must be a bool.
#include <core.p4>
control C(inout bit<8> v) {
  action a() { }
  table t { key = { v: ternary; } actions = { a; } largest_priority_wins = 1; }
  apply { t.apply(); }
}
