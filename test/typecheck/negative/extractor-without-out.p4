#include <core.p4>
#include <p4flow.p4>
parser P(packet_in p) { state start { transition accept; } }
FlowExtract(P()) main;
