// A shift by a negative amount.
#include <core.p4>
control C(inout bit<8> v) {
  apply { v = v << -1; }
}
