#include <core.p4>
const int N = -3;
header h_t { bit<N> a; }
