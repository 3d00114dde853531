// `_` as a type argument in a parameter's type.
#include <core.p4>
header H<T> { T f; }
control C(in H<_> h) {
  apply { }
}
