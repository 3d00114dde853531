/*
 * protocols.p4: header types and protocol numbers shared by the examples (standard.p4,
 * tunnels.p4). Included, not compiled on its own: it declares no parser.
 */
#ifndef P4FLOW_EXAMPLES_PROTOCOLS
#define P4FLOW_EXAMPLES_PROTOCOLS

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

/*
 * Flow key parts: what every packet of one connection shares (addresses, protocol, ports, VLAN
 * IDs and MPLS labels), without per-packet fields such as lengths, checksums, IPv4
 * identification or TCP sequence numbers, so that a flow table counts a connection in one entry.
 * Each part is a header: the key's validity bits say which protocols the packet had.
 */
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

/* What follows the ports in a UDP header. */
header udp_rest_t {
    bit<16> length;
    bit<16> checksum;
}

/* An IPv6 extension header's first two bytes; 6 + 8 * hdrExtLen more bytes follow. */
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

/* One optional 32-bit word of a GRE header: checksum and reserved, key, or sequence number. */
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

#endif
