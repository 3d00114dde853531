#include <core.p4>
header h_t { mystery_t m; }
