#include <core.p4>
control C(inout bit<8> x, in bit<3> i) {
    apply { x = (bit<8>) x[i:0]; }
}
