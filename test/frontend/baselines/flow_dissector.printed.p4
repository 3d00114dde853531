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

const bit<16> ETHERTYPE_IPV4 = 0x0800;
const bit<16> ETHERTYPE_ARP = 0x0806;
const bit<16> ETHERTYPE_VLAN = 0x8100;
const bit<16> ETHERTYPE_QINQ = 0x88a8;
const bit<16> ETHERTYPE_IPV6 = 0x86dd;
const bit<16> ETHERTYPE_MPLS = 0x8847;
const bit<8> PROTO_ICMP = 1;
const bit<8> PROTO_TCP = 6;
const bit<8> PROTO_UDP = 17;
const bit<8> PROTO_ICMPV6 = 58;
const bit<8> PROTO_SCTP = 132;

header ethernet_t {
  bit<48> dst;
  bit<48> src;
  bit<16> etherType;
}

header vlan_t {
  bit<3> pcp;
  bit<1> dei;
  bit<12> vid;
  bit<16> etherType;
}

header mpls_t {
  bit<20> label;
  bit<3> tc;
  bit<1> bos;
  bit<8> ttl;
}

header arp_t {
  bit<16> htype;
  bit<16> ptype;
  bit<8> hlen;
  bit<8> plen;
  bit<16> op;
  bit<48> sha;
  bit<32> spa;
  bit<48> tha;
  bit<32> tpa;
}

header ipv4_t {
  bit<4> version;
  bit<4> ihl;
  bit<6> dscp;
  bit<2> ecn;
  bit<16> totalLen;
  bit<16> identification;
  bit<3> flags;
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

header ports_t {
  bit<16> src;
  bit<16> dst;
}

header tcp_rest_t {
  bit<32> seq;
  bit<32> ack;
  bit<4> dataOffset;
  bit<3> reserved;
  bit<9> flags;
  bit<16> window;
}

header icmp_t {
  bit<8> type;
  bit<8> code;
}

header mac_key_t {
  bit<48> dst;
  bit<48> src;
  bit<16> etherType;
}

header vlan_key_t {
  bit<12> vid;
}

header mpls_key_t {
  bit<20> label;
}

header arp_key_t {
  bit<16> op;
  bit<32> spa;
  bit<32> tpa;
}

header ipv4_key_t {
  bit<32> src;
  bit<32> dst;
  bit<8> protocol;
}

header ipv6_key_t {
  bit<128> src;
  bit<128> dst;
  bit<8> nextHdr;
  bit<20> flowLabel;
}

const bit<16> ETHERTYPE_TEB = 0x6558;
const bit<8> PROTO_HOPOPT = 0;
const bit<8> PROTO_IPIP = 4;
const bit<8> PROTO_IPV6_IN_IP = 41;
const bit<8> PROTO_ROUTING = 43;
const bit<8> PROTO_FRAGMENT = 44;
const bit<8> PROTO_GRE = 47;
const bit<8> PROTO_DSTOPTS = 60;
const bit<16> UDP_PORT_VXLAN = 4789;
const bit<16> UDP_PORT_GENEVE = 6081;

header udp_rest_t {
  bit<16> length;
  bit<16> checksum;
}

header ipv6_ext_t {
  bit<8> nextHdr;
  bit<8> hdrExtLen;
}

header ipv6_frag_t {
  bit<8> nextHdr;
  bit<8> reserved;
  bit<13> fragOffset;
  bit<2> res;
  bit<1> more;
  bit<32> identification;
}

header gre_t {
  bit<1> checksumPresent;
  bit<1> routingPresent;
  bit<1> keyPresent;
  bit<1> seqPresent;
  bit<1> strictRoute;
  bit<3> recursion;
  bit<5> flags;
  bit<3> version;
  bit<16> protocol;
}

header gre_word_t {
  bit<32> value;
}

header vxlan_t {
  bit<8> flags;
  bit<24> reserved;
  bit<24> vni;
  bit<8> reserved2;
}

header geneve_t {
  bit<2> version;
  bit<6> optLen;
  bit<1> oam;
  bit<1> critical;
  bit<6> reserved;
  bit<16> protocol;
  bit<24> vni;
  bit<8> reserved2;
}

error {
  BadIpVersion,
  BadIpHeaderLength,
  BadTcpHeaderLength
}

header ipv4_options_t {
  varbit<320> data;
}

header tcp_t {
  bit<16> srcPort;
  bit<16> dstPort;
  bit<32> seq;
  bit<32> ack;
  bit<4> dataOffset;
  bit<4> reserved;
  bit<8> flags;
  bit<16> window;
  bit<16> checksum;
  bit<16> urgent;
}

header udp_t {
  bit<16> srcPort;
  bit<16> dstPort;
  bit<16> length;
  bit<16> checksum;
}

struct network_t {
  ipv4_t ipv4;
  ipv4_options_t ipv4_options;
  ipv6_t ipv6;
  ipv6_ext_t[4] ipv6_ext;
  ipv6_frag_t[2] ipv6_frag;
  gre_t gre;
  gre_word_t gre_checksum;
  gre_word_t gre_key;
  gre_word_t gre_sequence;
  tcp_t tcp;
  udp_t udp;
  icmp_t icmp;
}

struct headers_t {
  vlan_t[2] vlan;
  mpls_t[4] mpls;
  network_t outer;
  ethernet_t teb;
  network_t inner;
}

const bit<8> PROTO_ICMP_ = 1;

parser NetworkParser(packet_in p, out network_t h, inout bpf_flow_keys_t flow, out bit<16> tunnel) {
  state start {
    tunnel = 0;
    transition select(flow.n_proto) {
      ETHERTYPE_IPV4: ipv4;
      ETHERTYPE_IPV6: ipv6;
      default: reject;
    }
  }
  state ipv4 {
    p.extract(h.ipv4);
    verify(h.ipv4.version == 4, error.BadIpVersion);
    verify(h.ipv4.ihl >= 5, error.BadIpHeaderLength);
    p.extract(h.ipv4_options, (bit<32>) (h.ipv4.ihl - 5) * 32);
    flow.addr_proto = ETHERTYPE_IPV4;
    flow.ipv4_src = h.ipv4.src;
    flow.ipv4_dst = h.ipv4.dst;
    flow.ip_proto = h.ipv4.protocol;
    flow.thoff = (bit<16>) packet_offset(p);
    flow.is_frag = h.ipv4.flags[0:0] == 1 || h.ipv4.fragOffset != 0;
    flow.is_first_frag = flow.is_frag && h.ipv4.fragOffset == 0;
    transition select(flow.is_frag, flow.is_first_frag, flow.flags & FLOW_DISSECTOR_F_PARSE_1ST_FRAG) {
      (false, _, _): transport;
      (true, true, FLOW_DISSECTOR_F_PARSE_1ST_FRAG): transport;
      default: accept;
    }
  }
  state ipv6 {
    p.extract(h.ipv6);
    verify(h.ipv6.version == 6, error.BadIpVersion);
    flow.addr_proto = ETHERTYPE_IPV6;
    flow.ipv6_src = h.ipv6.src;
    flow.ipv6_dst = h.ipv6.dst;
    flow.flow_label = h.ipv6.flowLabel;
    flow.ip_proto = h.ipv6.nextHdr;
    flow.thoff = (bit<16>) packet_offset(p);
    transition select(h.ipv6.flowLabel != 0 && flow.flags & FLOW_DISSECTOR_F_STOP_AT_FLOW_LABEL != 0) {
      true: accept;
      default: ipv6_next;
    }
  }
  state ipv6_next {
    transition select(flow.ip_proto) {
      PROTO_HOPOPT: ipv6_option_header;
      PROTO_DSTOPTS: ipv6_option_header;
      PROTO_FRAGMENT: ipv6_fragment;
      default: transport;
    }
  }
  state ipv6_option_header {
    p.extract(h.ipv6_ext.next);
    p.advance(((bit<32>) h.ipv6_ext.last.hdrExtLen * 8 + 6) * 8);
    flow.ip_proto = h.ipv6_ext.last.nextHdr;
    flow.thoff = (bit<16>) packet_offset(p);
    transition select(h.ipv6_ext.last.nextHdr) {
      PROTO_HOPOPT: ipv6_option_header;
      PROTO_DSTOPTS: ipv6_option_header;
      PROTO_FRAGMENT: ipv6_fragment;
      default: transport;
    }
  }
  state ipv6_fragment {
    p.extract(h.ipv6_frag.next);
    flow.ip_proto = h.ipv6_frag.last.nextHdr;
    flow.thoff = (bit<16>) packet_offset(p);
    flow.is_frag = true;
    flow.is_first_frag = h.ipv6_frag.last.fragOffset == 0;
    transition select(flow.is_first_frag, flow.flags & FLOW_DISSECTOR_F_PARSE_1ST_FRAG, h.ipv6_frag.last.nextHdr) {
      (true, FLOW_DISSECTOR_F_PARSE_1ST_FRAG, PROTO_HOPOPT): ipv6_option_header;
      (true, FLOW_DISSECTOR_F_PARSE_1ST_FRAG, PROTO_DSTOPTS): ipv6_option_header;
      (true, FLOW_DISSECTOR_F_PARSE_1ST_FRAG, PROTO_FRAGMENT): ipv6_fragment;
      (true, FLOW_DISSECTOR_F_PARSE_1ST_FRAG, _): transport;
      default: accept;
    }
  }
  state transport {
    transition select(flow.ip_proto) {
      PROTO_TCP: tcp;
      PROTO_UDP: udp;
      PROTO_ICMP_: icmp;
      PROTO_IPIP: ipip;
      PROTO_IPV6_IN_IP: ipv6_in_ip;
      PROTO_GRE: gre;
      default: accept;
    }
  }
  state tcp {
    p.extract(h.tcp);
    verify(h.tcp.dataOffset >= 5, error.BadTcpHeaderLength);
    p.advance(((bit<32>) h.tcp.dataOffset - 5) * 32);
    flow.sport = h.tcp.srcPort;
    flow.dport = h.tcp.dstPort;
    transition accept;
  }
  state udp {
    p.extract(h.udp);
    flow.sport = h.udp.srcPort;
    flow.dport = h.udp.dstPort;
    transition accept;
  }
  state icmp {
    p.extract(h.icmp);
    transition accept;
  }
  state ipip {
    flow.is_encap = true;
    tunnel = ETHERTYPE_IPV4;
    transition accept;
  }
  state ipv6_in_ip {
    flow.is_encap = true;
    tunnel = ETHERTYPE_IPV6;
    transition accept;
  }
  state gre {
    p.extract(h.gre);
    transition select(h.gre.version) {
      0: gre_words;
      default: accept;
    }
  }
  state gre_words {
    if (h.gre.checksumPresent == 1) {
      p.extract(h.gre_checksum);
    }
    if (h.gre.keyPresent == 1) {
      p.extract(h.gre_key);
    }
    if (h.gre.seqPresent == 1) {
      p.extract(h.gre_sequence);
    }
    flow.thoff = (bit<16>) packet_offset(p);
    flow.is_encap = true;
    tunnel = h.gre.protocol;
    transition accept;
  }
}

parser Dissector(packet_in p, out headers_t hdr, inout bpf_flow_keys_t flow) {
  NetworkParser() outer;
  NetworkParser() inner;
  bit<16> carried = 0;
  bit<16> ignored = 0;
  state start {
    transition select(flow.n_proto) {
      ETHERTYPE_VLAN: vlan;
      ETHERTYPE_QINQ: vlan;
      ETHERTYPE_MPLS: mpls;
      default: network;
    }
  }
  state vlan {
    p.extract(hdr.vlan.next);
    flow.nhoff = (bit<16>) packet_offset(p);
    flow.thoff = flow.nhoff;
    flow.n_proto = hdr.vlan.last.etherType;
    transition select(hdr.vlan.last.etherType) {
      ETHERTYPE_VLAN: vlan;
      ETHERTYPE_QINQ: vlan;
      ETHERTYPE_MPLS: mpls;
      default: network;
    }
  }
  state mpls {
    p.extract(hdr.mpls.next);
    flow.nhoff = (bit<16>) packet_offset(p);
    flow.thoff = flow.nhoff;
    transition select(hdr.mpls.last.bos, p.lookahead<bit<4>>()) {
      (0, _): mpls;
      (1, 4): mpls_ipv4;
      (1, 6): mpls_ipv6;
      default: accept;
    }
  }
  state mpls_ipv4 {
    flow.n_proto = ETHERTYPE_IPV4;
    transition network;
  }
  state mpls_ipv6 {
    flow.n_proto = ETHERTYPE_IPV6;
    transition network;
  }
  state network {
    outer.apply(p, hdr.outer, flow, carried);
    transition select(carried, flow.flags & FLOW_DISSECTOR_F_STOP_AT_ENCAP) {
      (0, _): accept;
      (_, FLOW_DISSECTOR_F_STOP_AT_ENCAP): accept;
      (ETHERTYPE_TEB, _): bridged;
      default: tunnel;
    }
  }
  state bridged {
    p.extract(hdr.teb);
    carried = hdr.teb.etherType;
    transition tunnel;
  }
  state tunnel {
    flow.nhoff = (bit<16>) packet_offset(p);
    flow.thoff = flow.nhoff;
    flow.n_proto = carried;
    flow.sport = 0;
    flow.dport = 0;
    flow.flow_label = 0;
    inner.apply(p, hdr.inner, flow, ignored);
    transition accept;
  }
}

FlowDissector(Dissector()) main;
