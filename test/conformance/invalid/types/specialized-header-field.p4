// A generic header specialized with a type a header field cannot have.
#include <core.p4>
header G<T> { T f; bit<8> tag; }
header Inner { bit<8> a; }
struct S {
  G<bit<8>> fine;
  G<Inner> nested;
}
