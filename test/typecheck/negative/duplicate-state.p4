#include <core.p4>
parser P(packet_in p) { state start { transition s; } state s { transition accept; } state s { transition reject; } }
