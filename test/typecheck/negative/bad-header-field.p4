struct s_t { error x; }
header h_t { s_t inner; bit<8> ok; }
