#include <core.p4>
struct s_t { bit<8> a; bool a; }
