// Calls with as many type arguments as type parameters, or none (inferred).
#include <core.p4>
extern void log<T>(in T x);
extern E<T> {
  E();
  void f<U>(in U x);
  T get();
}
bit<8> id<T>(in T x) { return 1; }
control C(inout bit<8> v) {
  E<bit<8>>() e;
  apply {
    log<bit<8>>(v);
    log(v);
    v = id<bit<8>>(v) + id(true);
    e.f<bool>(true);
    e.f(v);
    v = e.get();
  }
}
