// A control's constant initialized from a parameter's field.
#include <core.p4>
header H { bit<8> a; }
control C(inout H h) {
  const bit<8> K = h.a + 1;
  apply { }
}
