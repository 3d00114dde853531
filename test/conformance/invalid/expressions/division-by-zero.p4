// Division by a constant zero.
#include <core.p4>
control C(inout bit<8> v) {
  apply { v = v / 0; }
}
