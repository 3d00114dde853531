// A list with more values than its header has fields.
#include <core.p4>
header h_t { bit<8> f; }
control C(inout h_t h) {
  apply { h = { 1, 2 }; }
}
