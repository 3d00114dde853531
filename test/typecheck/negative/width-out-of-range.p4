header h_t { bit<100000000> huge; int<0> none; }
