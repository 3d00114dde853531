// A generic function and an extern function called with too many type arguments.
#include <core.p4>
extern void log<T>(in T x);
bit<8> id<T>(in T x) { return 1; }
control C(inout bit<8> v) {
  apply {
    log<bit<8>, bool>(v);
    v = id<bit<8>, bit<8>>(v);
  }
}
