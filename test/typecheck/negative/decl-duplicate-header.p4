#include <core.p4>
header h_t { bit<8> a; }
header h_t { bit<16> b; }
