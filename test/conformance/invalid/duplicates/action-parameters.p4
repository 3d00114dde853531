// An action with two parameters of one name.
#include <core.p4>
action a(bit<8> x, bit<16> x) { }
