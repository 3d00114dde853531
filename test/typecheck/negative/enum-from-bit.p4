#include <core.p4>
enum bit<8> E { A = 1 }
control C(inout bit<8> x) {
    apply { E y = x; }
}
