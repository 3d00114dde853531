error {
  NoError,
  PacketTooShort,
  NoMatch,
  StackOutOfBounds,
  HeaderTooShort,
  ParserTimeout,
  ParserInvalidArgument
}

extern packet_in {
  void extract<T>(out T hdr);
  void extract<T>(out T variableSizeHeader, in bit<32> variableFieldSizeInBits);
  T lookahead<T>();
  void advance(in bit<32> sizeInBits);
  bit<32> length();
}

extern packet_out {
  void emit<T>(in T hdr);
}

extern void verify(in bool check, in error toSignal);

@noWarn("unused") action NoAction() { }

match_kind {
  exact,
  ternary,
  lpm
}

extern bool static_assert(bool check, string message);

extern bool static_assert(bool check);

parser FlowParser<H, M>(packet_in p, out H hdr, inout M meta);

package FlowExtract<H, M>(FlowParser<H, M> p);

extern bit<32> packet_offset(packet_in p);

struct bpf_flow_keys_t {
  bit<16> nhoff;
  bit<16> thoff;
  bit<16> addr_proto;
  bool is_frag;
  bool is_first_frag;
  bool is_encap;
  bit<8> ip_proto;
  bit<16> n_proto;
  bit<16> sport;
  bit<16> dport;
  bit<32> ipv4_src;
  bit<32> ipv4_dst;
  bit<128> ipv6_src;
  bit<128> ipv6_dst;
  bit<32> flags;
  bit<20> flow_label;
}

const bit<32> FLOW_DISSECTOR_F_PARSE_1ST_FRAG = 1;
const bit<32> FLOW_DISSECTOR_F_STOP_AT_FLOW_LABEL = 2;
const bit<32> FLOW_DISSECTOR_F_STOP_AT_ENCAP = 4;

parser DissectorParser<H>(packet_in p, out H hdr, inout bpf_flow_keys_t flow);

package FlowDissector<H>(DissectorParser<H> p);

header macs_t {
  bit<48> dst;
  bit<48> src;
}

header vlan_head_t {
  bit<16> tpid;
  bit<16> tci;
}

header ethertype_t {
  bit<16> type;
}

header llc_snap_t {
  bit<8> dsap;
  bit<8> ssap;
  bit<8> ctrl;
  bit<24> oui;
  bit<16> type;
}

header mpls_t {
  bit<20> label;
  bit<3> tc;
  bit<1> bos;
  bit<8> ttl;
}

header arp_t {
  bit<16> hrd;
  bit<16> pro;
  bit<8> hln;
  bit<8> pln;
  bit<16> op;
  bit<48> sha;
  bit<32> spa;
  bit<48> tha;
  bit<32> tpa;
}

header ipv4_t {
  bit<4> version;
  bit<4> ihl;
  bit<8> tos;
  bit<16> totalLen;
  bit<16> identification;
  bit<1> reserved;
  bit<1> dontFragment;
  bit<1> moreFragments;
  bit<13> fragOffset;
  bit<8> ttl;
  bit<8> protocol;
  bit<16> checksum;
  bit<32> src;
  bit<32> dst;
}

header ipv6_t {
  bit<4> version;
  bit<8> trafficClass;
  bit<20> flowLabel;
  bit<16> payloadLen;
  bit<8> nextHdr;
  bit<8> hopLimit;
  bit<128> src;
  bit<128> dst;
}

header ipv6_ext_t {
  bit<8> nextHdr;
  bit<8> len;
}

header ipv6_frag_rest_t {
  bit<13> offset;
  bit<2> reserved;
  bit<1> more;
}

header tcp_t {
  bit<16> srcPort;
  bit<16> dstPort;
  bit<32> seq;
  bit<32> ack;
  bit<4> dataOffset;
  bit<12> flags;
  bit<16> window;
  bit<16> checksum;
  bit<16> urgent;
}

header ports_t {
  bit<16> src;
  bit<16> dst;
}

header icmp_t {
  bit<8> type;
  bit<8> code;
  bit<16> checksum;
  bit<32> rest;
}

header nd_target_t {
  bit<128> target;
}

header nd_option_t {
  bit<8> type;
  bit<8> len;
}

header lladdr_t {
  bit<48> addr;
}

header nsh_t {
  bit<2> version;
  bit<2> flags;
  bit<6> ttl;
  bit<6> len;
  bit<8> mdType;
  bit<8> nextProto;
  bit<32> pathHdr;
}

header nsh_md1_t {
  bit<32> c1;
  bit<32> c2;
  bit<32> c3;
  bit<32> c4;
}

const bit<8> FRAG_NONE = 0;
const bit<8> FRAG_FIRST = 1;
const bit<8> FRAG_LATER = 2;
const bit<16> EH_NONEXT = 1;
const bit<16> EH_AUTH = 4;
const bit<16> EH_DEST = 8;
const bit<16> EH_FRAG = 16;
const bit<16> EH_ROUTER = 32;
const bit<16> EH_HOP = 64;
const bit<16> EH_UNREP = 128;
const bit<16> EH_UNSEQ = 256;

struct ovs_key_t {
  bit<48> eth_src;
  bit<48> eth_dst;
  bit<16> vlan_tpid;
  bit<16> vlan_tci;
  bit<16> cvlan_tpid;
  bit<16> cvlan_tci;
  bit<16> eth_type;
  bit<32> mpls_lse0;
  bit<32> mpls_lse1;
  bit<32> mpls_lse2;
  bit<8> mpls_num_labels_mask;
  bit<8> ip_proto;
  bit<8> ip_tos;
  bit<8> ip_ttl;
  bit<8> ip_frag;
  bit<32> ipv4_src;
  bit<32> ipv4_dst;
  bit<48> arp_sha;
  bit<48> arp_tha;
  bit<128> ipv6_src;
  bit<128> ipv6_dst;
  bit<32> ipv6_label;
  bit<16> ipv6_exthdrs;
  bit<16> tp_src;
  bit<16> tp_dst;
  bit<16> tcp_flags;
  bit<128> nd_target;
  bit<48> nd_sll;
  bit<48> nd_tll;
  bit<8> nsh_flags;
  bit<8> nsh_ttl;
  bit<8> nsh_mdtype;
  bit<8> nsh_np;
  bit<32> nsh_path_hdr;
  bit<32> nsh_c1;
  bit<32> nsh_c2;
  bit<32> nsh_c3;
  bit<32> nsh_c4;
}

error {
  BadNshHeader
}

parser OvsParser(packet_in p, out ovs_key_t k) {
  macs_t macs;
  vlan_head_t vlan;
  vlan_head_t cvlan;
  ethertype_t ethertype;
  llc_snap_t snap;
  mpls_t[3] mpls;
  arp_t arp;
  ipv4_t ipv4;
  ipv6_t ipv6;
  ipv6_ext_t[8] ext;
  ipv6_frag_rest_t frag;
  tcp_t tcp;
  ports_t ports;
  icmp_t icmp;
  nd_target_t nd;
  nd_option_t[8] option;
  mpls_t[8] extraLabel;
  lladdr_t lladdr;
  nsh_t nsh;
  nsh_md1_t md1;
  bit<8> next = 0;
  bit<8> destCount = 0;
  bool fragSeen = false;
  bool overrun = false;
  bit<32> ndLeft = 0;
  state start {
    p.extract(macs);
    k.eth_dst = macs.dst;
    k.eth_src = macs.src;
    transition select(p.lookahead<bit<16>>(), p.length() - packet_offset(p) >= 6) {
      (0x8100, true): vlan_tag;
      (0x88a8, true): vlan_tag;
      default: ethertype_field;
    }
  }
  state vlan_tag {
    p.extract(vlan);
    k.vlan_tpid = vlan.tpid;
    k.vlan_tci = vlan.tci | 0x1000;
    transition select(p.lookahead<bit<16>>(), p.length() - packet_offset(p) >= 6) {
      (0x8100, true): cvlan_tag;
      (0x88a8, true): cvlan_tag;
      default: ethertype_field;
    }
  }
  state cvlan_tag {
    p.extract(cvlan);
    k.cvlan_tpid = cvlan.tpid;
    k.cvlan_tci = cvlan.tci | 0x1000;
    transition ethertype_field;
  }
  state ethertype_field {
    p.extract(ethertype);
    k.eth_type = ethertype.type;
    transition select(ethertype.type >= 0x0600, p.length() - packet_offset(p) >= 8) {
      (true, _): network;
      (false, false): llc_only;
      default: llc_snap;
    }
  }
  state llc_only {
    k.eth_type = 0x0004;
    transition accept;
  }
  state llc_snap {
    p.extract(snap);
    transition select(snap.dsap, snap.ssap, snap.oui, snap.type >= 0x0600) {
      (0xaa, 0xaa, 0, true): snap_type;
      default: llc_only;
    }
  }
  state snap_type {
    k.eth_type = snap.type;
    transition network;
  }
  state network {
    transition select(k.eth_type) {
      0x0800: ipv4_check;
      0x0806: arp_check;
      0x8035: arp_check;
      0x8847: mpls_label;
      0x8848: mpls_label;
      0x86dd: ipv6_check;
      0x894f: nsh_base;
      default: accept;
    }
  }
  state mpls_label {
    transition select(p.length() - packet_offset(p) >= 4) {
      true: mpls_entry;
      default: accept;
    }
  }
  state mpls_entry {
    p.extract(mpls.next);
    bit<32> lse = mpls.last.label ++ mpls.last.tc ++ mpls.last.bos ++ mpls.last.ttl;
    if (mpls.lastIndex == 0) {
      k.mpls_lse0 = lse;
    }
    else if (mpls.lastIndex == 1) {
      k.mpls_lse1 = lse;
    }
    else {
      k.mpls_lse2 = lse;
    }
    transition select(mpls.last.bos, mpls.lastIndex) {
      (1, _): mpls_done;
      (0, 2): mpls_more;
      default: mpls_label;
    }
  }
  state mpls_more {
    transition select(p.length() - packet_offset(p) >= 4) {
      true: mpls_skip;
      default: accept;
    }
  }
  state mpls_skip {
    p.extract(extraLabel.next);
    transition select(extraLabel.last.bos) {
      1: mpls_done;
      default: mpls_more;
    }
  }
  state mpls_done {
    k.mpls_num_labels_mask = mpls.lastIndex == 2 ? 8w7 : mpls.lastIndex == 1 ? 8w3 : 8w1;
    transition accept;
  }
  state arp_check {
    transition select(p.length() - packet_offset(p) >= 28) {
      true: arp_header;
      default: accept;
    }
  }
  state arp_header {
    p.extract(arp);
    transition select(arp.hrd, arp.pro, arp.hln, arp.pln) {
      (1, 0x0800, 6, 4): arp_fields;
      default: accept;
    }
  }
  state arp_fields {
    k.ip_proto = arp.op <= 0xff ? arp.op[7:0] : 8w0;
    k.ipv4_src = arp.spa;
    k.ipv4_dst = arp.tpa;
    k.arp_sha = arp.sha;
    k.arp_tha = arp.tha;
    transition accept;
  }
  state ipv4_check {
    transition select(p.length() - packet_offset(p) >= 20) {
      true: ipv4_lookahead;
      default: accept;
    }
  }
  state ipv4_lookahead {
    ipv4 = p.lookahead<ipv4_t>();
    transition select(ipv4.ihl >= 5 && p.length() - packet_offset(p) >= (bit<32>) ipv4.ihl * 4) {
      true: ipv4_header;
      default: accept;
    }
  }
  state ipv4_header {
    p.advance((bit<32>) ipv4.ihl * 32);
    k.ipv4_src = ipv4.src;
    k.ipv4_dst = ipv4.dst;
    k.ip_proto = ipv4.protocol;
    k.ip_tos = ipv4.tos;
    k.ip_ttl = ipv4.ttl;
    transition select(ipv4.fragOffset != 0, ipv4.moreFragments) {
      (true, _): ipv4_later;
      (false, 1): ipv4_first;
      default: ipv4_transport;
    }
  }
  state ipv4_later {
    k.ip_frag = FRAG_LATER;
    transition accept;
  }
  state ipv4_first {
    k.ip_frag = FRAG_FIRST;
    transition ipv4_transport;
  }
  state ipv4_transport {
    transition select(ipv4.protocol) {
      6: tcp_check;
      17: udp_check;
      132: sctp_check;
      1: icmp_check;
      default: accept;
    }
  }
  state tcp_check {
    transition select(p.length() - packet_offset(p) >= 20) {
      true: tcp_lookahead;
      default: accept;
    }
  }
  state tcp_lookahead {
    tcp = p.lookahead<tcp_t>();
    transition select(tcp.dataOffset >= 5 && p.length() - packet_offset(p) >= (bit<32>) tcp.dataOffset * 4) {
      true: tcp_fields;
      default: accept;
    }
  }
  state tcp_fields {
    k.tp_src = tcp.srcPort;
    k.tp_dst = tcp.dstPort;
    k.tcp_flags = (bit<16>) tcp.flags;
    transition accept;
  }
  state udp_check {
    transition select(p.length() - packet_offset(p) >= 8) {
      true: ports_fields;
      default: accept;
    }
  }
  state sctp_check {
    transition select(p.length() - packet_offset(p) >= 12) {
      true: ports_fields;
      default: accept;
    }
  }
  state ports_fields {
    p.extract(ports);
    k.tp_src = ports.src;
    k.tp_dst = ports.dst;
    transition accept;
  }
  state icmp_check {
    transition select(p.length() - packet_offset(p) >= 8) {
      true: icmp_fields;
      default: accept;
    }
  }
  state icmp_fields {
    p.extract(icmp);
    k.tp_src = (bit<16>) icmp.type;
    k.tp_dst = (bit<16>) icmp.code;
    transition accept;
  }
  state ipv6_check {
    transition select(p.length() - packet_offset(p) >= 40) {
      true: ipv6_header;
      default: accept;
    }
  }
  state ipv6_header {
    p.extract(ipv6);
    k.ip_proto = 59;
    k.ip_tos = ipv6.trafficClass;
    k.ip_ttl = ipv6.hopLimit;
    k.ipv6_label = (bit<32>) ipv6.flowLabel;
    k.ipv6_src = ipv6.src;
    k.ipv6_dst = ipv6.dst;
    next = ipv6.nextHdr;
    transition ipv6_next;
  }
  state ipv6_next {
    transition select(next) {
      0: ipv6_extension;
      43: ipv6_extension;
      51: ipv6_extension;
      60: ipv6_extension;
      44: ipv6_fragment;
      59: ipv6_no_next;
      default: ipv6_upper;
    }
  }
  state ipv6_extension {
    if (next == 0) {
      if (k.ipv6_exthdrs & EH_HOP != 0) {
        k.ipv6_exthdrs = k.ipv6_exthdrs | EH_UNREP;
      }
      k.ipv6_exthdrs = k.ipv6_exthdrs | (k.ipv6_exthdrs == 0 ? EH_HOP : EH_UNSEQ);
    }
    else if (next == 43) {
      if (k.ipv6_exthdrs & EH_ROUTER != 0) {
        k.ipv6_exthdrs = k.ipv6_exthdrs | EH_UNREP;
      }
      if (k.ipv6_exthdrs & ~(EH_HOP | EH_DEST | EH_UNREP) != 0 || destCount >= 2) {
        k.ipv6_exthdrs = k.ipv6_exthdrs | EH_UNSEQ;
      }
      k.ipv6_exthdrs = k.ipv6_exthdrs | EH_ROUTER;
    }
    else if (next == 51) {
      if (k.ipv6_exthdrs & EH_AUTH != 0) {
        k.ipv6_exthdrs = k.ipv6_exthdrs | EH_UNREP;
      }
      if (k.ipv6_exthdrs & ~(EH_HOP | EH_DEST | EH_ROUTER | 44 | EH_UNREP) != 0 || destCount >= 2) {
        k.ipv6_exthdrs = k.ipv6_exthdrs | EH_UNSEQ;
      }
      k.ipv6_exthdrs = k.ipv6_exthdrs | EH_AUTH;
    }
    else {
      if (destCount == 0) {
        if (k.ipv6_exthdrs & ~(EH_HOP | EH_UNREP) != 0) {
          k.ipv6_exthdrs = k.ipv6_exthdrs | EH_UNSEQ;
        }
        k.ipv6_exthdrs = k.ipv6_exthdrs | EH_DEST;
      }
      else if (destCount == 1) {
        if (k.ipv6_exthdrs & ~(EH_HOP | EH_DEST | EH_ROUTER | EH_FRAG | EH_AUTH | 2 | EH_UNREP) != 0) {
          k.ipv6_exthdrs = k.ipv6_exthdrs | EH_UNSEQ;
        }
      }
      else {
        k.ipv6_exthdrs = k.ipv6_exthdrs | EH_UNREP;
      }
      destCount = destCount |+| 1;
    }
    transition select(!overrun && p.length() - packet_offset(p) >= (next == 43 ? 32w4 : 32w2)) {
      true: ipv6_extension_skip;
      default: ipv6_stop;
    }
  }
  state ipv6_extension_skip {
    p.extract(ext.next);
    bit<32> bytes = next == 51 ? ((bit<32>) ext.last.len + 2) * 4 : ((bit<32>) ext.last.len + 1) * 8;
    next = ext.last.nextHdr;
    if (p.length() - packet_offset(p) + 2 >= bytes) {
      p.advance((bytes - 2) * 8);
    }
    else {
      overrun = true;
    }
    transition ipv6_next;
  }
  state ipv6_fragment {
    fragSeen = true;
    if (k.ipv6_exthdrs & EH_FRAG != 0) {
      k.ipv6_exthdrs = k.ipv6_exthdrs | EH_UNREP;
    }
    if (k.ipv6_exthdrs & ~(EH_HOP | EH_DEST | EH_ROUTER | EH_UNREP) != 0 || destCount >= 2) {
      k.ipv6_exthdrs = k.ipv6_exthdrs | EH_UNSEQ;
    }
    k.ipv6_exthdrs = k.ipv6_exthdrs | EH_FRAG;
    transition select(!overrun && p.length() - packet_offset(p) >= 4) {
      true: ipv6_fragment_header;
      default: ipv6_stop;
    }
  }
  state ipv6_fragment_header {
    p.extract(ext.next);
    p.extract(frag);
    next = ext.last.nextHdr;
    transition select(frag.offset != 0, next) {
      (true, 0): ipv6_stop;
      (true, 43): ipv6_stop;
      (true, 44): ipv6_stop;
      (true, 51): ipv6_stop;
      (true, 60): ipv6_stop;
      (true, _): ipv6_later;
      default: ipv6_fragment_rest;
    }
  }
  state ipv6_fragment_rest {
    if (p.length() - packet_offset(p) >= 4) {
      p.advance(32);
    }
    else {
      overrun = true;
    }
    transition ipv6_next;
  }
  state ipv6_later {
    k.ip_frag = FRAG_LATER;
    k.ip_proto = 44;
    transition accept;
  }
  state ipv6_no_next {
    k.ipv6_exthdrs = k.ipv6_exthdrs | EH_NONEXT;
    transition ipv6_stop;
  }
  state ipv6_stop {
    k.ip_frag = fragSeen ? FRAG_FIRST : FRAG_NONE;
    transition accept;
  }
  state ipv6_upper {
    k.ip_proto = next;
    k.ip_frag = fragSeen ? FRAG_FIRST : FRAG_NONE;
    transition select(overrun, next) {
      (true, _): accept;
      (false, 6): tcp_check;
      (false, 17): udp_check;
      (false, 132): sctp_check;
      (false, 58): icmpv6_check;
      default: accept;
    }
  }
  state icmpv6_check {
    transition select(p.length() - packet_offset(p) >= 8) {
      true: icmpv6_fields;
      default: accept;
    }
  }
  state icmpv6_fields {
    ndLeft = p.length() - packet_offset(p);
    p.extract(icmp);
    k.tp_src = (bit<16>) icmp.type;
    k.tp_dst = (bit<16>) icmp.code;
    transition select(icmp.type, icmp.code, ndLeft >= 24) {
      (135, 0, true): nd_target;
      (136, 0, true): nd_target;
      default: accept;
    }
  }
  state nd_target {
    p.extract(nd);
    k.nd_target = nd.target;
    ndLeft = ndLeft - 24;
    transition select(ndLeft >= 8) {
      true: nd_option;
      default: accept;
    }
  }
  state nd_option {
    p.extract(option.next);
    bool usable = option.last.len != 0 && (bit<32>) option.last.len * 8 <= ndLeft;
    bool again = false;
    if (usable) {
      ndLeft = ndLeft - (bit<32>) option.last.len * 8;
      if (option.last.type == 1 && option.last.len == 1) {
        p.extract(lladdr);
        again = k.nd_sll != 0;
        if (!again) {
          k.nd_sll = lladdr.addr;
        }
      }
      else if (option.last.type == 2 && option.last.len == 1) {
        p.extract(lladdr);
        again = k.nd_tll != 0;
        if (!again) {
          k.nd_tll = lladdr.addr;
        }
      }
      else {
        p.advance((bit<32>) option.last.len * 64 - 16);
      }
    }
    transition select(usable, again, ndLeft >= 8) {
      (true, true, _): nd_invalid;
      (true, false, true): nd_option;
      default: accept;
    }
  }
  state nd_invalid {
    k.nd_target = 0;
    k.nd_sll = 0;
    k.nd_tll = 0;
    transition accept;
  }
  state nsh_base {
    p.extract(nsh);
    verify(nsh.version == 0, error.BadNshHeader);
    verify(p.length() - packet_offset(p) + 8 >= (bit<32>) nsh.len * 4, error.PacketTooShort);
    k.nsh_flags = (bit<8>) nsh.flags;
    k.nsh_ttl = (bit<8>) nsh.ttl;
    k.nsh_mdtype = nsh.mdType;
    k.nsh_np = nsh.nextProto;
    k.nsh_path_hdr = nsh.pathHdr;
    transition select(nsh.mdType, nsh.len) {
      (1, 6): nsh_md1;
      (1, _): nsh_bad;
      (2, _): accept;
      default: nsh_bad;
    }
  }
  state nsh_md1 {
    p.extract(md1);
    k.nsh_c1 = md1.c1;
    k.nsh_c2 = md1.c2;
    k.nsh_c3 = md1.c3;
    k.nsh_c4 = md1.c4;
    transition accept;
  }
  state nsh_bad {
    verify(false, error.BadNshHeader);
    transition reject;
  }
}

FlowExtract(OvsParser()) main;
