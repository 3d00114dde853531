// A serializable enum member's value must be a constant.
#include <core.p4>
extern bit<8> f();
enum bit<8> E { A = f() }
