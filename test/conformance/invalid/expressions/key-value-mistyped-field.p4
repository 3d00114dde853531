// A key-value list whose value does not fit its field.
#include <core.p4>
struct S { bit<8> a; }
control C(inout bit<8> v) {
  apply { S s = { a = true }; }
}
