// Modulo of a negative constant.
#include <core.p4>
const int X = -7 % 3;
