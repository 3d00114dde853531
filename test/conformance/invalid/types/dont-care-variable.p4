// `_` as a type argument in a variable's type.
#include <core.p4>
struct G<T> { T f; }
control C() {
  apply {
    G<_> g;
  }
}
