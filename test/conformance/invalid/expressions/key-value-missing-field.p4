// A key-value list that leaves out a field of its struct.
#include <core.p4>
struct S { bit<8> a; bit<8> b; }
control C(inout bit<8> v) {
  apply { S s = { a = 1 }; }
}
