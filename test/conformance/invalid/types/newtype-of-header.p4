// A `type` cannot be a header.
#include <core.p4>
header h_t { bit<8> x; }
type h_t T;
