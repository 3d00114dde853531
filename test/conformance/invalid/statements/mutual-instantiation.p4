// Two controls that instantiate each other.
#include <core.p4>
control B(inout bit<8> v) {
  A() a;
  apply { }
}
control A(inout bit<8> v) {
  B() b;
  apply { }
}
