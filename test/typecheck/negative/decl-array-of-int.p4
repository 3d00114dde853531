#include <core.p4>
struct s_t { int[4] numbers; }
