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

struct headers_t {
  ethernet_t ethernet;
  vlan_t[2] vlan;
  mpls_t[3] mpls;
  arp_t arp;
  ipv4_t ipv4;
  ipv6_t ipv6;
  ports_t ports;
  tcp_rest_t tcp;
  icmp_t icmp;
}

struct flow_key_t {
  mac_key_t ethernet;
  vlan_key_t[2] vlan;
  mpls_key_t[3] mpls;
  arp_key_t arp;
  ipv4_key_t ipv4;
  ipv6_key_t ipv6;
  ports_t ports;
  icmp_t icmp;
}

struct meta_t {
  bit<16> etherType;
  bit<8> ipProto;
}

parser StandardParser(packet_in pkt, out flow_key_t key, inout meta_t meta) {
  headers_t hdr;
  state start {
    pkt.extract(hdr.ethernet);
    key.ethernet.setValid();
    key.ethernet.dst = hdr.ethernet.dst;
    key.ethernet.src = hdr.ethernet.src;
    key.ethernet.etherType = hdr.ethernet.etherType;
    meta.etherType = hdr.ethernet.etherType;
    transition select(hdr.ethernet.etherType) {
      ETHERTYPE_QINQ: parse_vlan;
      ETHERTYPE_VLAN: parse_vlan;
      default: dispatch_ethertype;
    }
  }
  state parse_vlan {
    pkt.extract(hdr.vlan.next);
    if (hdr.vlan.lastIndex == 0) {
      key.vlan[0].setValid();
      key.vlan[0].vid = hdr.vlan.last.vid;
    }
    else {
      key.vlan[1].setValid();
      key.vlan[1].vid = hdr.vlan.last.vid;
    }
    meta.etherType = hdr.vlan.last.etherType;
    transition select(hdr.vlan.last.etherType) {
      ETHERTYPE_VLAN: parse_vlan;
      default: dispatch_ethertype;
    }
  }
  state dispatch_ethertype {
    transition select(meta.etherType) {
      ETHERTYPE_IPV4: parse_ipv4;
      ETHERTYPE_IPV6: parse_ipv6;
      ETHERTYPE_ARP: parse_arp;
      ETHERTYPE_MPLS: parse_mpls;
      default: accept;
    }
  }
  state parse_mpls {
    pkt.extract(hdr.mpls.next);
    if (hdr.mpls.lastIndex == 0) {
      key.mpls[0].setValid();
      key.mpls[0].label = hdr.mpls.last.label;
    }
    else if (hdr.mpls.lastIndex == 1) {
      key.mpls[1].setValid();
      key.mpls[1].label = hdr.mpls.last.label;
    }
    else {
      key.mpls[2].setValid();
      key.mpls[2].label = hdr.mpls.last.label;
    }
    transition select(hdr.mpls.last.bos) {
      0: parse_mpls;
      1: accept;
    }
  }
  state parse_arp {
    pkt.extract(hdr.arp);
    key.arp.setValid();
    key.arp.op = hdr.arp.op;
    key.arp.spa = hdr.arp.spa;
    key.arp.tpa = hdr.arp.tpa;
    transition accept;
  }
  state parse_ipv4 {
    pkt.extract(hdr.ipv4);
    key.ipv4.setValid();
    key.ipv4.src = hdr.ipv4.src;
    key.ipv4.dst = hdr.ipv4.dst;
    key.ipv4.protocol = hdr.ipv4.protocol;
    verify(hdr.ipv4.ihl >= 5, error.HeaderTooShort);
    pkt.advance(((bit<32>) hdr.ipv4.ihl - 5) * 32);
    meta.ipProto = hdr.ipv4.protocol;
    transition select(hdr.ipv4.fragOffset, hdr.ipv4.protocol) {
      (0, PROTO_TCP): parse_tcp;
      (0, PROTO_UDP): parse_ports;
      (0, PROTO_SCTP): parse_ports;
      (0, PROTO_ICMP): parse_icmp;
      default: accept;
    }
  }
  state parse_ipv6 {
    pkt.extract(hdr.ipv6);
    key.ipv6.setValid();
    key.ipv6.src = hdr.ipv6.src;
    key.ipv6.dst = hdr.ipv6.dst;
    key.ipv6.nextHdr = hdr.ipv6.nextHdr;
    key.ipv6.flowLabel = hdr.ipv6.flowLabel;
    meta.ipProto = hdr.ipv6.nextHdr;
    transition select(hdr.ipv6.nextHdr) {
      PROTO_TCP: parse_tcp;
      PROTO_UDP: parse_ports;
      PROTO_SCTP: parse_ports;
      PROTO_ICMPV6: parse_icmp;
      default: accept;
    }
  }
  state parse_tcp {
    pkt.extract(hdr.ports);
    key.ports = hdr.ports;
    pkt.extract(hdr.tcp);
    transition accept;
  }
  state parse_ports {
    pkt.extract(hdr.ports);
    key.ports = hdr.ports;
    transition accept;
  }
  state parse_icmp {
    pkt.extract(hdr.icmp);
    key.icmp = hdr.icmp;
    transition accept;
  }
}

FlowExtract(StandardParser()) main;
