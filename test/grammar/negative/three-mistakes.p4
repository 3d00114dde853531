header h_t { bit<8> a }
struct s_t { bit<8> b; bit<8> }
control C() { apply { x = ; } }
