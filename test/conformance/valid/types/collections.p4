// tuple<> (empty), list<T> types and `list` as an ordinary name.
#include <core.p4>
struct S2 { tuple<> none; tuple<bit<8>, bool> pair; }
extern void take(in list<bit<8>> values);
control C(inout bit<8> v) {
  apply {
    bit<8> list = 1;
    v = list;
    tuple<bit<8>, bool> t = { 1, true };
  }
}
