#include <core.p4>
extern void pick<T>(out T result, in T lo, in T hi);
control C(inout bit<8> x) {
    apply { pick(x, 8w1, 16w5); }
}
