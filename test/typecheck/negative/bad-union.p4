header h_t { bit<8> a; }
header_union u_t { h_t ok; bit<8> bad; }
