// Switches on a table's action_run (fall-through labels, default), on bits, on an enum, on a
// serializable enum and on an error.
#include <core.p4>
enum Color { Red, Green }
enum bit<8> Proto { TCP = 6, UDP = 17 }
const bit<8> SEVEN = 7;
control C(inout bit<8> v, in Color c, in Proto p, in error e) {
  action a() { }
  action b() { }
  table t {
    key = { v: exact; }
    actions = { a; b; }
  }
  apply {
    switch (t.apply().action_run) {
      a:
      b: { v = 1; }
    }
    switch (v) {
      1: { }
      SEVEN: { }
      8w9: { }
      default: { }
    }
    switch (c) {
      Color.Red: { }
      Color.Green: { }
    }
    switch (p) {
      Proto.TCP: { }
      default: { }
    }
    switch (e) {
      error.NoError: { }
      default: { }
    }
  }
}
