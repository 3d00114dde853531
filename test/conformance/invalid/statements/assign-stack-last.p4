// Assigning to a stack's `last`.
#include <core.p4>
header h_t { bit<8> f; }
control C(inout h_t[2] s) {
  apply { s.last.f = 1; }
}
