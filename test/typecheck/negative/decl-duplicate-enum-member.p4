#include <core.p4>
enum E { A, B, A }
