/*
 * standard.p4: a flow extractor for the common protocols, written for the p4flow architecture.
 *
 * What it shows: Ethernet with up to two VLAN tags (802.1ad outer, 802.1Q inner), MPLS label
 * stacks (a bounded loop over a header stack), ARP, IPv4 (options skipped with a run-time
 * advance), IPv6, and the transport headers TCP, UDP, SCTP, ICMP and ICMPv6. The headers are
 * parsed into parser-local storage; the parser's `out` struct is the flow key, only what all
 * packets of a connection share (addresses, protocol, ports, VLAN IDs, MPLS labels, and which
 * headers were there), so `--flow-table` counts each connection in one entry. `meta` records
 * what the parser learned on the way.
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

/* The flow key. */
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
        } else {
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
        } else if (hdr.mpls.lastIndex == 1) {
            key.mpls[1].setValid();
            key.mpls[1].label = hdr.mpls.last.label;
        } else {
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
        /* The rest of the TCP header must be there, but it is no part of the flow. */
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
