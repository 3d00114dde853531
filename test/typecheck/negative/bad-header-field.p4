struct s_t { bit<8> x; }
header h_t { s_t inner; bit<8> ok; }
