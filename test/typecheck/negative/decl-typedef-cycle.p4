#include <core.p4>
typedef a_t b_t;
typedef b_t a_t;
