#include <core.p4>
parser P(packet_in p) { bit<8> a = 0; state start { transition select(a) { default: accept; 1: reject; } } }
