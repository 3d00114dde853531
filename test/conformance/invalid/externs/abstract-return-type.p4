// An implementation whose return type differs from the abstract declaration's.
#include <core.p4>
extern Virt {
  Virt();
  abstract bit<16> f(in bit<16> ix);
  abstract void g(inout bit<8> y);
}
control C() {
  Virt() v = {
    bit<8> f(in bit<16> ix) { return 1; }
    void g(inout bit<8> y) { }
  };
  apply { }
}
