#include <core.p4>
parser P(packet_in p) {
    bit<8> a = 0; bit<8> b = 0;
    state start { transition select(a, b) { (1, 2, 3): accept; 4: reject; default: accept; } }
}
