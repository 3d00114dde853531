header h_t { bit<8> a; }
struct s_t { h_t[-1] negative; string[2] texts; }
