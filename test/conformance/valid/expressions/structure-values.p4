// Tuples, lists and key-value lists given to structs, headers and tuples.
#include <core.p4>
header h_t { bit<8> f; bit<8> g; }
struct S { bit<8> a; bit<8> b; }
extern void use(in S s);
control C(inout h_t h) {
  apply {
    S s = { 1, 2 };
    s = { a = 1, b = 2 };
    h = { 1, 2 };
    use({ 3, 4 });
    use({ a = 3, b = 4 });
    if (s == { 1, 2 }) { s.a = 3; }
    tuple<bit<8>, bit<8>> t = { 1, 2 };
    if (t == { 1, 2 }) { s.b = 1; }
  }
}
