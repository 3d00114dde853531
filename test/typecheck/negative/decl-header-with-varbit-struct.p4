#include <core.p4>
struct in_t { bool b; varbit<8> v; }
header h_t { in_t inner; }
