// `_` read as a value.
#include <core.p4>
control C(inout bit<8> v) {
  apply { v = _; }
}
