// `_` as a type argument of a call and of an instantiation: the checker infers it.
#include <core.p4>
extern E<T> {
  E(T init);
  T get();
}
extern void f<T>(in T x);
control C(inout bit<8> v) {
  E<_>(8w1) e;
  apply {
    f<_>(8w1);
    v = e.get();
  }
}
