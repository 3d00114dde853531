struct a_t { b_t b; }
struct b_t { a_t a; }
