const bit<8> X = 1;
header h_t { X a; }
