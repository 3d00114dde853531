#include <core.p4>
extern T same<T>(in T value);
control C(inout bit<8> x) {
    apply { x = same<bit<16>>(16w3); }
}
