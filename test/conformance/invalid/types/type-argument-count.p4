// A generic struct given the wrong number of type arguments.
#include <core.p4>
struct G<T> { T x; }
struct S { G<bit<8>, bit<8>> g; }
