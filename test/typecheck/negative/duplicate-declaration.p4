header h_t { bit<8> a; bit<8> a; }
const bit<8> X = 1;
const bit<8> X = 2;
