// A control's actions that call each other in a cycle of three.
#include <core.p4>
control C(inout bit<8> v) {
  action a() { b(); }
  action b() { if (v == 0) { c(); } }
  action c() { a(); }
  apply { a(); }
}
