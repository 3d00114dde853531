// Trailing commas where the grammar allows them.
#include <core.p4>
enum E { A, B, }
error { Foo, }
match_kind { fuzzy, }
struct S { bit<8> a; bit<8> b; }
const S s = { a = 1, b = 2, };
const S t = { 1, 2, };
