// P4 parser bodies that exercise one IR feature each, shared by the interpreter semantics tests and
// the kernel differential tests. Each is wrapped with core.p4, p4flow.p4 and `FlowExtract(P()) main`.

/** Ethernet then a non-byte-aligned IPv4-like header; select with a value, a mask, a range and explicit reject. */
export const ETH_IP = `
header eth_t { bit<48> dst; bit<48> src; bit<16> type; }
header ip_t { bit<4> version; bit<4> ihl; bit<8> tos; bit<16> len; }
struct hs { eth_t eth; ip_t ip; }
struct m_t { bit<8> seen; }
parser P(packet_in p, out hs hdr, inout m_t meta) {
  state start {
    p.extract(hdr.eth);
    transition select(hdr.eth.type) { 0x0800: ip; 0x86dd &&& 0xfff0: six; 0x9000 .. 0x90ff: accept; 0x9100: reject; }
  }
  state ip { p.extract(hdr.ip); meta.seen = 1; transition accept; }
  state six { meta.seen = 6; transition accept; }
}`;

/** A header stack filled in a loop with next, read with last and lastIndex. */
export const MPLS = `
header mpls_t { bit<20> label; bit<3> tc; bit<1> bos; bit<8> ttl; }
struct hs { mpls_t[3] mpls; }
struct m_t { bit<32> depth; }
parser P(packet_in p, out hs hdr, inout m_t meta) {
  state start {
    p.extract(hdr.mpls.next);
    meta.depth = hdr.mpls.lastIndex + 1;
    transition select(hdr.mpls.last.bos) { 0: start; 1: accept; }
  }
}`;

/** An unbounded loop: ParserTimeout past the iteration bound. */
export const LOOP = `header b_t { bit<8> v; }
struct hs { b_t b; }
parser P(packet_in p, out hs hdr) { state start { p.extract(hdr.b); transition start; } }`;

/** lookahead of 3 bits, verify with a user error, advance by a run-time amount, tuple select with _ and a value set. */
export const BODY = `
error { BadVersion }
header a_t { bit<4> ver; bit<4> len; }
header b_t { bit<16> x; }
struct hs { a_t a; b_t b; }
struct m_t { bit<3> peek; bit<16> after; }
parser P(packet_in p, out hs hdr, inout m_t meta) {
  value_set<tuple<bit<4>, bit<4>>>(4) pairs;
  state start {
    meta.peek = p.lookahead<bit<3>>();
    p.extract(hdr.a);
    verify(hdr.a.ver != 0xf, error.BadVersion);
    p.advance((bit<32>) hdr.a.len * 8);
    transition select(hdr.a.ver, hdr.a.len) {
      (1, _): take_b;
      pairs: take_b;
      default: accept;
    }
  }
  state take_b { p.extract(hdr.b); meta.after = hdr.b.x; transition accept; }
}`;

/** The two-argument extract of a varbit field followed by a fixed field. */
export const VB = `
header opt_t { bit<8> len; varbit<32> data; bit<8> tail; }
header len_t { bit<8> n; }
struct hs { len_t l; opt_t o; }
parser P(packet_in p, out hs hdr) {
  state start { p.extract(hdr.l); p.extract(hdr.o, (bit<32>) hdr.l.n * 8); transition accept; }
}`;

/** A header union whose members are extracted in turn. */
export const U = `
header v4_t { bit<8> a; }
header v6_t { bit<16> b; }
header_union ip_u { v4_t v4; v6_t v6; }
header sel_t { bit<8> which; }
struct hs { sel_t s; ip_u ip; }
parser P(packet_in p, out hs hdr) {
  state start { p.extract(hdr.s); p.extract(hdr.ip.v4); transition select(hdr.s.which) { 6: six; default: accept; } }
  state six { p.extract(hdr.ip.v6); transition accept; }
}`;

/** A 128-bit field, a signed field, signed arithmetic and a slice. */
export const W = `
header w_t { bit<128> addr; int<8> delta; }
struct hs { w_t w; }
struct m_t { int<16> sum; bit<8> top; }
parser P(packet_in p, out hs hdr, inout m_t meta) {
  state start {
    p.extract(hdr.w);
    meta.sum = (int<16>) hdr.w.delta - 16s1;
    meta.top = hdr.w.addr[127:120];
    transition accept;
  }
}`;

/**
 * A sub-parser applied twice (with an `in` argument and a local re-initialized per call; the
 * second rejecting through it),
 * lookahead of a whole header at an odd bit offset, a header copied, a header set from a list and
 * a header made invalid with `{#}`.
 */
export const SUB = `
header tag_t { bit<4> kind; bit<12> id; }
header pair_t { bit<8> a; bit<8> b; }
struct hs { pair_t first; tag_t t0; tag_t t1; pair_t copy; pair_t made; }
struct m_t { bit<8> depth; bit<4> peek_kind; bit<12> peek_id; }
parser Tag(packet_in p, out tag_t t, inout m_t m, in bit<8> d) {
  bit<8> count = 1;
  state start {
    m.depth = m.depth + d + count;
    p.extract(t);
    transition select(t.kind) { 0xf: reject; default: accept; }
  }
}
parser P(packet_in p, out hs hdr, inout m_t meta) {
  Tag() tag;
  state start {
    p.extract(hdr.first);
    bit<4> skip = p.lookahead<bit<4>>();
    tag_t peek = p.lookahead<tag_t>();
    meta.peek_kind = peek.kind;
    meta.peek_id = peek.id;
    bit<8> d = 2;
    tag.apply(p, hdr.t0, meta, d);
    meta.depth = meta.depth + d;
    transition select(hdr.t0.kind) { 1: again; default: finish; }
  }
  state again {
    tag.apply(p, hdr.t1, meta, 10);
    transition finish;
  }
  state finish {
    hdr.copy = hdr.first;
    hdr.made = { hdr.first.b, 0x5a };
    transition select(hdr.first.a) { 0: drop_first; default: accept; }
  }
  state drop_first { hdr.first = {#}; transition accept; }
}`;

/**
 * A header made valid by setValid after an earlier packet extracted it: its fields not written
 * since must read 0, not what the previous packet left (the kernel keeps its scratch state
 * between packets, so this catches any storage the backend forgets to reset).
 */
export const VALID = `
header a_t { bit<8> kind; bit<16> x; bit<8> y; }
struct hs { a_t a; a_t b; }
struct m_t { bit<8> first; }
parser P(packet_in p, out hs hdr, inout m_t meta) {
  state start {
    meta.first = p.lookahead<bit<8>>();
    transition select(meta.first) { 1: take; default: make; }
  }
  state take { p.extract(hdr.a); p.extract(hdr.b); transition accept; }
  state make { hdr.a.setValid(); hdr.a.y = 7; hdr.b.x = 9; transition accept; }
}`;

/**
 * Arithmetic on packet values that wraps, saturates, divides by zero, shifts past the width, mixes
 * signedness and widths, and crosses 32 bits (where engines change representation).
 */
export const ARITH = `
header x_t { bit<8> a; bit<8> b; int<8> c; int<8> d; bit<32> e; bit<32> f; bit<48> g; bit<64> h; bit<4> s; bit<4> t; }
struct hs { x_t x; }
struct m_t {
  bit<8> add; bit<8> sub; bit<8> mul; bit<8> div; bit<8> mod;
  int<8> sadd; int<8> ssub; int<8> smul;
  bit<32> add32; bit<32> mul32; bit<8> shl; bit<8> shr; int<8> sshr; bit<32> shl32;
  bit<8> satadd; bit<8> satsub; int<8> ssatadd; int<8> ssatsub;
  bit<16> cat; bit<4> slice; bit<48> gadd; bit<64> hmul; bit<64> hshr; bit<64> cat64; bit<16> hslice;
  bool lt; bool slt; bool both; bit<8> tern; int<16> widen; bit<8> narrow; bit<8> neg; bit<8> inv;
  int<8> sneg; bit<48> gsub; bool eq64; bool wrapeq; bool swrap;
}
parser P(packet_in p, out hs hdr, inout m_t meta) {
  state start {
    p.extract(hdr.x);
    meta.add = hdr.x.a + hdr.x.b;
    meta.sub = hdr.x.a - hdr.x.b;
    meta.mul = hdr.x.a * hdr.x.b;
    meta.div = hdr.x.a / hdr.x.b;
    meta.mod = hdr.x.a % hdr.x.b;
    meta.sadd = hdr.x.c + hdr.x.d;
    meta.ssub = hdr.x.c - hdr.x.d;
    meta.smul = hdr.x.c * hdr.x.d;
    meta.add32 = hdr.x.e + hdr.x.f;
    meta.mul32 = hdr.x.e * hdr.x.f;
    meta.shl = hdr.x.a << hdr.x.s;
    meta.shr = hdr.x.a >> hdr.x.t;
    meta.sshr = hdr.x.c >> hdr.x.s;
    meta.shl32 = hdr.x.e << hdr.x.t;
    meta.satadd = hdr.x.a |+| hdr.x.b;
    meta.satsub = hdr.x.a |-| hdr.x.b;
    meta.ssatadd = hdr.x.c |+| hdr.x.d;
    meta.ssatsub = hdr.x.c |-| hdr.x.d;
    meta.cat = hdr.x.a ++ hdr.x.b;
    meta.slice = hdr.x.e[7:4];
    meta.gadd = hdr.x.g + 1;
    meta.gsub = hdr.x.g - (bit<48>) hdr.x.e;
    meta.hmul = hdr.x.h * 3;
    meta.hshr = hdr.x.h >> hdr.x.s;
    meta.cat64 = hdr.x.e ++ hdr.x.f;
    meta.hslice = hdr.x.h[40:25];
    meta.lt = hdr.x.a < hdr.x.b;
    meta.slt = hdr.x.c < hdr.x.d;
    meta.both = meta.lt && !meta.slt || hdr.x.a == 0;
    meta.tern = hdr.x.a > 128 ? hdr.x.a : hdr.x.b;
    meta.widen = (int<16>) hdr.x.c;
    meta.narrow = (bit<8>) hdr.x.e;
    meta.neg = -hdr.x.a;
    meta.inv = ~hdr.x.a;
    meta.sneg = -hdr.x.c;
    meta.eq64 = hdr.x.h == (bit<64>) hdr.x.g;
    meta.wrapeq = hdr.x.a + hdr.x.b == 0;
    meta.swrap = hdr.x.c - hdr.x.d > 0;
    transition accept;
  }
}`;

/**
 * Selects p4c's eBPF backend refuses: on a 128-bit field (value, mask and range) and on a tuple of
 * 128 bits in all (two 64-bit fields).
 */
export const WIDE = `
header a_t { bit<128> addr; bit<64> hi; bit<64> lo; }
struct hs { a_t a; }
struct m_t { bit<8> which; }
parser P(packet_in p, out hs hdr, inout m_t meta) {
  state start {
    p.extract(hdr.a);
    transition select(hdr.a.addr) {
      0x20010db8000000000000000000000001: one;
      0xfe800000000000000000000000000000 &&& 0xffc00000000000000000000000000000: linklocal;
      0xff000000000000000000000000000000 .. 0xff0fffffffffffffffffffffffffffff: multicast;
      default: pairs;
    }
  }
  state one { meta.which = 1; transition accept; }
  state linklocal { meta.which = 2; transition accept; }
  state multicast { meta.which = 3; transition accept; }
  state pairs {
    transition select(hdr.a.hi, hdr.a.lo) {
      (0x0123456789abcdef, 0xfedcba9876543210): t1;
      (0x0123456789abcdef &&& 0xffffffff00000000, _): t2;
      (_, 0x0000000000000000 .. 0x00000000000000ff): t3;
      default: accept;
    }
  }
  state t1 { meta.which = 4; transition accept; }
  state t2 { meta.which = 5; transition accept; }
  state t3 { meta.which = 6; transition accept; }
}`;

/**
 * Structs inside a header (one nested in another): extracted in line with the header's other
 * fields, their fields read and written, one copied whole into the metadata, and selected on;
 * and a struct inside the header of a stack element chosen at run time (`last`).
 */
export const STRUCT_FIELDS = `
struct pair_t { bit<4> hi; bit<4> lo; }
struct quad_t { pair_t a; bit<8> b; }
header h_t { bit<8> kind; pair_t p; quad_t q; bit<16> tail; }
header e_t { pair_t p; }
struct hs { h_t h; e_t[2] s; }
struct m_t { bit<4> hi; pair_t copy; bit<8> b; bit<4> last_lo; }
parser P(packet_in p, out hs hdr, inout m_t meta) {
  state start {
    p.extract(hdr.h);
    meta.hi = hdr.h.p.hi;
    meta.copy = hdr.h.q.a;
    meta.b = hdr.h.q.b + (bit<8>)hdr.h.p.lo;
    hdr.h.p.lo = 4w0xa;
    transition select(hdr.h.p.hi, hdr.h.q.a.lo) { (1, _): elements; (2, 3): reject; default: accept; }
  }
  state elements {
    p.extract(hdr.s.next);
    meta.last_lo = hdr.s.last.p.lo;
    transition select(hdr.s.last.p.hi) { 0: elements; default: accept; }
  }
}`;

/** Stack shifts: elements read by constant index after pop_front and push_front (which move
 *  values and validity, and leave the freed elements invalid). */
export const SHIFT = `
header t_t { bit<8> v; }
header n_t { bit<8> k; }
struct hs { t_t[3] s; n_t after; }
struct m_t { bit<8> first; bit<8> second; bit<8> third; bit<32> count; }
parser P(packet_in p, out hs hdr, inout m_t meta) {
  state start {
    p.extract(hdr.s[0]);
    p.extract(hdr.s[1]);
    meta.first = hdr.s[0].v;
    transition select(hdr.s[0].v) { 1: pop; 2: push; 3: both; default: accept; }
  }
  state pop {
    hdr.s.pop_front(1);
    meta.first = hdr.s[0].v;
    meta.second = hdr.s[1].v;
    meta.count = (bit<32>) hdr.s.lastIndex;
    transition accept;
  }
  state push {
    hdr.s.push_front(1);
    meta.first = hdr.s[0].v;
    meta.second = hdr.s[1].v;
    meta.third = hdr.s[2].v;
    p.extract(hdr.after);
    transition select(hdr.after.k) { 0: again; default: accept; }
  }
  state again {
    hdr.s.pop_front(2);
    meta.first = hdr.s[0].v;
    meta.second = hdr.s[1].v;
    transition accept;
  }
  state both {
    hdr.s.push_front(2);
    hdr.s.pop_front(1);
    meta.first = hdr.s[0].v;
    meta.second = hdr.s[1].v;
    meta.third = hdr.s[2].v;
    transition accept;
  }
}`;

/**
 * A stack's `last` read right after its extract (the backend keeps it in a C local) and after
 * what changes it: a write to an element by constant index, a pop_front, an element made
 * invalid; and a 128-bit field whose only read copies it into the key right after its extract.
 * Then an element made invalid, moved by pop_front onto one extracted by a constant index: it is
 * no longer surely valid.
 */
export const LAST = `
header t_t { bit<8> v; bit<8> w; }
header e_t { bit<128> a; }
struct hs { t_t[3] s; e_t e; }
struct m_t { bit<8> first; bit<8> after; bit<8> popped; bool lastValid; bit<128> addr; }
parser P(packet_in p, out hs hdr, inout m_t meta) {
  state start {
    p.extract(hdr.s.next);
    meta.first = hdr.s.last.v;
    hdr.s[0].v = hdr.s[0].v + 1;
    meta.after = hdr.s.last.v;
    transition select(hdr.s.last.w) { 1: again; 2: gone; 3: wide; 4: stale; default: accept; }
  }
  state again {
    p.extract(hdr.s.next);
    if (hdr.s.last.w == 5) { hdr.s.pop_front(1); }
    meta.popped = hdr.s.last.v;
    transition accept;
  }
  state gone {
    p.extract(hdr.s.next);
    hdr.s[1].setInvalid();
    meta.lastValid = hdr.s.last.isValid();
    transition accept;
  }
  state wide {
    p.extract(hdr.e);
    meta.addr = hdr.e.a;
    transition accept;
  }
  state stale {
    p.extract(hdr.s[1]);
    p.extract(hdr.s[2]);
    hdr.s[2].setInvalid();
    hdr.s.pop_front(1);
    meta.popped = hdr.s[1].v;
    transition accept;
  }
}`;
