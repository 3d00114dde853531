// Every member of a serializable enum needs a value.
#include <core.p4>
enum bit<8> E { A = 1, B }
