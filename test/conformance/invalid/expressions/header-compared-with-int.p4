// A header compared with an integer.
#include <core.p4>
header h_t { bit<8> f; }
control C(inout h_t h, out bool b) {
  apply { b = h == 1; }
}
