// Member access on a value of a type without members.
#include <core.p4>
enum E { A, B }
control C(inout bit<8> v) {
  apply { E e = E.A; v = e.x; }
}
