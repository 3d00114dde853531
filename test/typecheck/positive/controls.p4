// Controls, tables and extern objects as the checker types them: table keys, actions, entries
// and default_action; apply() and its hit, miss and action_run; extern methods with type
// parameters of the instance and of the method; generic extern functions, inferred and explicit.
#include <core.p4>

extern Register<T> {
    Register(bit<32> size);
    T read(in bit<32> index);
    void write(in bit<32> index, in T value);
}

extern Hasher {
    Hasher();
    void hash<D>(out bit<16> result, in D data);
}

extern void pick<T>(out T result, in T lo, in T hi);
extern T same<T>(in T value);

header h_t {
    bit<8> a;
    bit<16> b;
}

control Pipe(inout h_t h, inout bit<16> meta) {
    Register<bit<16>>(32) r;
    Hasher() hasher;

    action set_b(bit<16> v) {
        h.b = v;
    }

    action drop() {
        h.setInvalid();
    }

    table forward {
        key = {
            h.a : exact;
            h.b : ternary;
        }
        actions = {
            set_b;
            drop;
        }
        const entries = {
            (1, 2) : set_b(7);
        }
        default_action = drop();
        size = 64;
    }

    apply {
        bit<16> old = r.read(0);
        r.write(1, old + 1);
        hasher.hash(meta, { h.a, h.b });
        pick(meta, 1, 5);
        meta = (bit<16>) h.minSizeInBits() + (bit<16>) h.maxSizeInBytes();
        h.a = same(h.a) + same<bit<8>>(2);
        if (forward.apply().hit) {
            meta = old;
        }
        if (forward.apply().miss) {
            meta = 0;
        }
        switch (forward.apply().action_run) {
            set_b: {
                meta = 1;
            }
            default: {
                meta = 2;
            }
        }
    }
}
