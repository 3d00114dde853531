#include <core.p4>
struct in_t { bool b; }
header h_t { in_t inner; }
