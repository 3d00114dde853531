// A switch on a struct, and a switch on bits with a label of another type.
#include <core.p4>
struct S { bit<8> a; }
control C(inout S s, inout bit<8> v) {
  apply {
    switch (s) {
      default: { }
    }
    switch (v) {
      true: { }
      default: { }
    }
  }
}
