// The casts the spec allows: width or sign (one at a time), bit<1> and bool, constants, a
// serializable enum and its underlying type, a newtype and its base, a struct from a list.
#include <core.p4>
enum bit<8> Proto { TCP = 6, UDP = 17 }
type bit<8> Port;
struct S { bit<8> a; bit<16> b; }
control C(inout bit<8> v, inout int<8> s, inout bit<16> w) {
  apply {
    w = (bit<16>)v;
    s = (int<8>)v;
    v = (bit<8>)s;
    int<16> wide = (int<16>)s;
    bool b = (bool)(bit<1>)v[0:0];
    bit<1> one = (bit<1>)b;
    v = (bit<8>)300;
    Proto p = (Proto)v;
    v = (bit<8>)p;
    Port port = (Port)v;
    v = (bit<8>)port;
    int<16> both = (int<16>)(int<8>)v;
    S st = (S){ a = 1, b = 2 };
  }
}
