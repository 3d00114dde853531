#include <core.p4>
#include <p4flow.p4>
control C() { apply { } }
FlowExtract(C()) main;
