// A control local named like a parameter.
#include <core.p4>
control C(inout bit<8> v) {
  bit<8> v = 1;
  apply { }
}
