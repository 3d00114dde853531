// A struct with a field of an extern type.
#include <core.p4>
extern E { E(); }
struct T { E e; bit<8> a; }
