#include <core.p4>
header h_t { bit<100000000> a; }
