// A switch with the same label twice.
#include <core.p4>
control C(inout bit<8> v) {
  apply { switch (v) { 1: { } 1: { } } }
}
