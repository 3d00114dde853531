// `break` outside a loop.
#include <core.p4>
action a() { break; }
