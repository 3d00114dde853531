// `_` as a type argument in a struct field's type and in a typedef.
#include <core.p4>
struct G<T> { T f; }
typedef G<_> GG;
struct S { G<_> g; }
