// A cast that changes both the width and the signedness of a value.
#include <core.p4>
control C(in bit<16> v, out int<8> w) {
  apply {
    w = (int<8>)v;
  }
}
