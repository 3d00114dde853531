// Constants from other constants, from constructor parameters, enum members and expressions
// of them.
#include <core.p4>
enum bit<8> Proto { TCP = 6 }
const bit<8> BASE = 4;
control C(inout bit<8> v)(bit<8> limit) {
  const bit<8> K = BASE * 2;
  const bit<8> L = limit + K;
  const Proto P = Proto.TCP;
  const bool B = K > BASE;
  apply {
    if (B) { v = L + (bit<8>)P; }
  }
}
