// An action that calls itself.
#include <core.p4>
action a() { a(); }
