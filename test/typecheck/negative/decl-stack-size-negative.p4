#include <core.p4>
header h_t { bit<8> a; }
struct s_t { h_t[-1] st; }
