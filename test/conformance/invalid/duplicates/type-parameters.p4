// An extern function with two type parameters of one name.
#include <core.p4>
extern void f<T, T>(in T a);
