// A control that instantiates itself.
#include <core.p4>
control C(inout bit<8> v) {
  C() inner;
  apply { }
}
