#include <core.p4>
extern Counter { Counter(bit<32> size); void count(in bit<32> index); }
control C(inout bool x) {
    Counter(1024) c;
    apply { c.count(x); }
}
