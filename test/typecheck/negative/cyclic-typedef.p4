typedef t2 t1;
typedef t1 t2;
header h_t { t1 x; }
