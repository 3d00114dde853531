// An implementation whose parameter has another direction.
#include <core.p4>
extern Virt {
  Virt();
  abstract bit<16> f(in bit<16> ix);
  abstract void g(inout bit<8> y);
}
control C() {
  Virt() v = {
    bit<16> f(in bit<16> ix) { return ix; }
    void g(in bit<8> y) { }
  };
  apply { }
}
