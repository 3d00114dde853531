// A key-value list cast to a struct with a field the struct does not have.
#include <core.p4>
struct S { bit<8> a; }
control C(inout bit<8> v) {
  apply { S s = (S){ a = 1, c = 2 }; }
}
