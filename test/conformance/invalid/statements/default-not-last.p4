// `default` before another label in a switch.
#include <core.p4>
control C(inout bit<8> v) {
  apply { switch (v) { default: { } 1: { } } }
}
