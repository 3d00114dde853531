// Entries of each form each match kind allows, priorities and a listed default_action.
#include <core.p4>
match_kind { range, optional }
control C(inout bit<8> v, inout bit<8> w, inout bit<8> x, inout bit<8> y, inout bit<8> z) {
  action a() { }
  action b(bit<8> p) { }
  table t {
    key = { v: exact; w: ternary; x: lpm; y: range; z: optional; }
    actions = { a; b; }
    const entries = {
      (1, 2 &&& 3, 8w0xf0 &&& 8w0xf0, 1 .. 5, _): a();
      priority = 10: (2, _, 4, 6, 7): b(1);
      (_, _, _, _, _): a();
    }
    largest_priority_wins = false;
    priority_delta = 10;
    default_action = b(2);
  }
  apply { t.apply(); }
}
