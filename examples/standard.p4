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

#include "protocols.p4"

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
