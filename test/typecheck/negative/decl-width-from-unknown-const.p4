#include <core.p4>
header h_t { bit<W> a; }
