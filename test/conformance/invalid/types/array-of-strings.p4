// Arrays cannot hold strings.
#include <core.p4>
struct S { string[2] texts; }
