// Functions and actions that call others (no cycle), and a control instantiated twice.
#include <core.p4>
bit<8> inc(in bit<8> x) { return x + 1; }
bit<8> twice(in bit<8> x) { return inc(inc(x)); }
action top(inout bit<8> v) { v = twice(v); }
control Inner(inout bit<8> v) {
  action a() { v = inc(v); }
  action b() { a(); top(v); }
  apply { b(); }
}
control Outer(inout bit<8> v) {
  Inner() first;
  Inner() second;
  apply {
    first.apply(v);
    second.apply(v);
  }
}
