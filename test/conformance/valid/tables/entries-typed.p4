// Entry values of each key's type: sized and unsized constants, serializable enum members,
// booleans, errors, a typed range and mask; @tableonly actions in entries, a @defaultonly one as
// the default.
#include <core.p4>
enum bit<8> Proto { TCP = 6, UDP = 17 }
control C(inout bit<8> v, inout bool f, inout bit<16> w, in error e) {
  action a() { }
  action b(bit<8> p) { v = p; }
  action d() { }
  table t {
    key = { v: exact; f: exact; w: ternary; e: exact; }
    actions = { @tableonly a; b; @defaultonly d; }
    const entries = {
      (Proto.TCP, true, 16w1 &&& 16w0xff, error.NoError): a();
      (8w17, false, 0x0800 &&& 0xffff, error.PacketTooShort): b(8w1);
      (255, true, _, _): b(2);
    }
    default_action = d();
  }
  apply { t.apply(); }
}
