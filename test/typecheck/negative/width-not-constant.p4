header h_t { bit<(W + 1)> a; }
