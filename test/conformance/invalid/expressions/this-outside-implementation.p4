// `this` outside the implementation of an abstract method.
#include <core.p4>
extern E {
  E();
  void f(in E e);
}
control C() {
  E() e;
  apply { e.f(this); }
}
