#include <core.p4>
extern T same<T>(in T value);
control C(inout bit<8> x, in bool b) {
    apply { x = same(b); }
}
