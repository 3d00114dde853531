// A generic extern method and an action given the wrong number of type arguments.
#include <core.p4>
extern E {
  E();
  void f<U>(in U x);
}
action a() { }
control C(inout bit<8> v) {
  E() e;
  apply {
    e.f<bit<8>, bool>(v);
    a<bit<8>>();
  }
}
