#include <core.p4>
extern void both<T>(in tuple<T, T> pair);
extern tuple<T, T> twice<T>(in T value);
control C(inout bit<8> x) {
    apply {
        both({ x, x });
        tuple<bit<8>, bit<8>> t = twice(x);
    }
}
