#include <core.p4>
control C(inout bit<8> x) {
    action a() { }
    table t {
        key = { x : exact; }
        actions = { a; }
    }
    apply {
        if (t.apply().hits) { x = 1; }
    }
}
