/*
 * standard.p4: a flow extractor for the common protocols, written for the p4flow architecture.
 *
 * What it shows: Ethernet with up to two VLAN tags (802.1ad outer, 802.1Q inner), MPLS label
 * stacks (a bounded loop over a header stack), ARP, IPv4 (options skipped with a run-time
 * advance), IPv6, and the transport headers TCP, UDP, SCTP, ICMP and ICMPv6. The parser's `out`
 * headers are the flow key; `meta` records what the parser learned on the way.
 */
#include <core.p4>
#include <p4flow.p4>

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

struct meta_t {
    bit<16> etherType;
    bit<8> ipProto;
}

parser StandardParser(packet_in pkt, out headers_t hdr, inout meta_t meta) {
    state start {
        pkt.extract(hdr.ethernet);
        meta.etherType = hdr.ethernet.etherType;
        transition select(hdr.ethernet.etherType) {
            ETHERTYPE_QINQ: parse_vlan;
            ETHERTYPE_VLAN: parse_vlan;
            default: dispatch_ethertype;
        }
    }

    state parse_vlan {
        pkt.extract(hdr.vlan.next);
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
        transition select(hdr.mpls.last.bos) {
            0: parse_mpls;
            1: accept;
        }
    }

    state parse_arp {
        pkt.extract(hdr.arp);
        transition accept;
    }

    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        verify(hdr.ipv4.ihl >= 5, error.HeaderTooShort);
        // Options are skipped, not kept in the key.
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
        pkt.extract(hdr.tcp);
        transition accept;
    }

    state parse_ports {
        pkt.extract(hdr.ports);
        transition accept;
    }

    state parse_icmp {
        pkt.extract(hdr.icmp);
        transition accept;
    }
}

FlowExtract(StandardParser()) main;
