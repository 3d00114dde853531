struct s_t {
    bit<8> a;

const bit<8> X = 1;
