// Every parser construct the checker types, used correctly: it must check with no diagnostics.
#include <core.p4>
#include <p4flow.p4>

error { BadKind, TooLong }

enum bit<8> Kind_t { A = 1, B = 2, C = 3 }
enum Color_t { Red, Green }
typedef bit<16> port_t;
type bit<32> tag_t;

header eth_t { bit<48> dst; bit<48> src; bit<16> type; }
header opt_t { bit<8> len; varbit<64> data; }
header small_t { bit<4> hi; bit<4> lo; int<8> delta; bool flag; }
header v4_t { bit<32> addr; }
header v6_t { bit<128> addr; }
header_union ip_u { v4_t v4; v6_t v6; }
struct pair_t { bit<8> a; bit<8> b; }
struct hs { eth_t eth; small_t s; opt_t opt; small_t[3] stack; ip_u ip; }
struct m_t {
  port_t port;
  bit<8> sum;
  int<16> wide;
  bool ok;
  Kind_t kind;
  bit<8> count;
  bit<4> nibble;
  bit<64> joined;
}

parser Inner(packet_in p, inout small_t s, in bit<8> bias) {
  state start {
    s.lo = s.lo + 1;
    transition select(bias) { 0 .. 9: accept; default: reject; }
  }
}

parser P(packet_in p, out hs hdr, inout m_t meta) {
  value_set<bit<16>>(4) special;
  Inner() inner;
  bit<8> seen = 0;
  const bit<8> LIMIT = 8w200;

  state start {
    p.extract(hdr.eth);
    meta.port = (port_t) hdr.eth.type;
    meta.joined = hdr.eth.type ++ hdr.eth.type ++ (bit<32>) 7;
    transition select(hdr.eth.type) {
      0x0800 &&& 0xff00: small;
      special: small;
      0x9000 .. 0x90ff: options;
      default: accept;
    }
  }

  state small {
    bit<8> peek = p.lookahead<bit<8>>();
    small_t look = p.lookahead<small_t>();
    p.extract(hdr.s);
    meta.nibble = hdr.s.hi |+| hdr.s.lo;
    meta.wide = (int<16>) hdr.s.delta - 16s1;
    meta.ok = hdr.s.flag && hdr.s.isValid() || !meta.ok;
    meta.sum = peek + (look.lo ++ look.hi);
    meta.sum = meta.sum << 1 >> 2;
    meta.kind = (Kind_t) ((bit<8>) hdr.s.hi);
    seen = seen + 1;
    if (meta.sum > LIMIT) {
      meta.count = meta.sum[7:4] ++ meta.sum[0 +: 4];
    } else {
      meta.count = meta.ok ? 8w1 : 8w0;
    }
    verify(seen < 10, error.TooLong);
    inner.apply(p, hdr.s, seen);
    transition select(meta.kind, hdr.s.flag) {
      (Kind_t.A, true): stack;
      (Kind_t.B, _): union4;
      (_, false): union6;
      default: reject;
    }
  }

  state stack {
    p.extract(hdr.stack.next);
    meta.count = (bit<8>) hdr.stack.lastIndex;
    transition select(hdr.stack.last.flag, hdr.stack.lastIndex) {
      (true, 0 .. 1): stack;
      default: shift;
    }
  }

  state shift {
    hdr.stack.push_front(1);
    hdr.stack[0].setValid();
    hdr.stack[0] = { 4w1, 4w2, 8s3, true };
    hdr.stack.pop_front(1);
    transition accept;
  }

  state union4 { p.extract(hdr.ip.v4); transition options; }
  state union6 { p.extract(hdr.ip.v6); transition options; }

  state options {
    p.extract(hdr.opt, (bit<32>) hdr.s.hi * 8);
    p.advance(32w8);
    verify(p.length() > 10, error.PacketTooShort);
    transition accept;
  }
}

FlowExtract(P()) main;
