// A serializable enum must be of bit<W> or int<W>.
#include <core.p4>
enum bool B { X = true }
