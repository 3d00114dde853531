#include <core.p4>
control C(inout bit<8> x) {
    action a() { }
    table t {
        actions = { a; }
    }
    apply { t.run(); }
}
