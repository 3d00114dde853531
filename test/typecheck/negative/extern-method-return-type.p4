#include <core.p4>
extern Register<T> { Register(bit<32> size); T read(in bit<32> index); }
control C(inout bit<8> x) {
    Register<bit<16>>(8) r;
    apply { x = r.read(0); }
}
