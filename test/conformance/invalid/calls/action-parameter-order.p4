// An action with a directional parameter after a directionless one, and a default value for an
// out parameter.
#include <core.p4>
action a1(bit<8> x, inout bit<8> y) { y = x; }
action a2(out bit<8> z = 3) { z = 1; }
