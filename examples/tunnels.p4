/*
 * tunnels.p4: standard.p4 grown to tunnels and IPv6 extension headers.
 *
 * What it shows: everything standard.p4 parses, plus the IPv6 extension header chain (hop-by-hop,
 * routing and destination options skipped by their length, up to four of them in a header
 * stack; the fragment header kept, later fragments end the parse), GRE (version 0, with its
 * optional checksum, key and sequence words extracted under `if`), VXLAN and Geneve (options
 * skipped by their length) over UDP, and IPv4-in-IP / IPv6-in-IP. Whatever a tunnel carries is
 * parsed by one sub-parser, InnerParser, into `hdr.inner`: Ethernet (transparent Ethernet
 * bridging), IPv4 or IPv6, and the inner transport ports. `meta.ipProto` is the outer transport
 * protocol after the extension headers; `meta.innerType` says what the tunnel carried.
 */
#include <core.p4>
#include <p4flow.p4>

#include "protocols.p4"

struct inner_headers_t {
    ethernet_t ethernet;
    ipv4_t ipv4;
    ipv6_t ipv6;
    ports_t ports;
}

struct headers_t {
    ethernet_t ethernet;
    vlan_t[2] vlan;
    mpls_t[3] mpls;
    arp_t arp;
    ipv4_t ipv4;
    ipv6_t ipv6;
    ipv6_ext_t[4] ipv6Ext;
    ipv6_frag_t ipv6Frag;
    ports_t ports;
    tcp_rest_t tcp;
    udp_rest_t udp;
    icmp_t icmp;
    gre_t gre;
    gre_word_t greChecksum;
    gre_word_t greKey;
    gre_word_t greSeq;
    vxlan_t vxlan;
    geneve_t geneve;
    inner_headers_t inner;
}

struct meta_t {
    bit<16> etherType;
    bit<8> ipProto;
    bit<16> innerType;
}

/* What a tunnel carries, chosen by an EtherType (ETHERTYPE_TEB for Ethernet). */
parser InnerParser(packet_in pkt, out inner_headers_t inner, in bit<16> etherType) {
    state start {
        transition select(etherType) {
            ETHERTYPE_TEB: parse_ethernet;
            ETHERTYPE_IPV4: parse_ipv4;
            ETHERTYPE_IPV6: parse_ipv6;
            default: accept;
        }
    }

    state parse_ethernet {
        pkt.extract(inner.ethernet);
        transition select(inner.ethernet.etherType) {
            ETHERTYPE_IPV4: parse_ipv4;
            ETHERTYPE_IPV6: parse_ipv6;
            default: accept;
        }
    }

    state parse_ipv4 {
        pkt.extract(inner.ipv4);
        verify(inner.ipv4.ihl >= 5, error.HeaderTooShort);
        pkt.advance(((bit<32>) inner.ipv4.ihl - 5) * 32);
        transition select(inner.ipv4.fragOffset, inner.ipv4.protocol) {
            (0, PROTO_TCP): parse_ports;
            (0, PROTO_UDP): parse_ports;
            (0, PROTO_SCTP): parse_ports;
            default: accept;
        }
    }

    state parse_ipv6 {
        pkt.extract(inner.ipv6);
        transition select(inner.ipv6.nextHdr) {
            PROTO_TCP: parse_ports;
            PROTO_UDP: parse_ports;
            PROTO_SCTP: parse_ports;
            default: accept;
        }
    }

    state parse_ports {
        pkt.extract(inner.ports);
        transition accept;
    }
}

parser TunnelParser(packet_in pkt, out headers_t hdr, inout meta_t meta) {
    InnerParser() innerParser;

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
        pkt.advance(((bit<32>) hdr.ipv4.ihl - 5) * 32);
        meta.ipProto = hdr.ipv4.protocol;
        transition select(hdr.ipv4.fragOffset) {
            0: dispatch_l4;
            default: accept;
        }
    }

    state parse_ipv6 {
        pkt.extract(hdr.ipv6);
        meta.ipProto = hdr.ipv6.nextHdr;
        transition select(hdr.ipv6.nextHdr) {
            PROTO_HOPOPT: parse_ipv6_ext;
            PROTO_ROUTING: parse_ipv6_ext;
            PROTO_DSTOPTS: parse_ipv6_ext;
            PROTO_FRAGMENT: parse_ipv6_frag;
            default: dispatch_l4;
        }
    }

    state parse_ipv6_ext {
        pkt.extract(hdr.ipv6Ext.next);
        pkt.advance((bit<32>) hdr.ipv6Ext.last.hdrExtLen * 64 + 48);
        meta.ipProto = hdr.ipv6Ext.last.nextHdr;
        transition select(hdr.ipv6Ext.last.nextHdr) {
            PROTO_HOPOPT: parse_ipv6_ext;
            PROTO_ROUTING: parse_ipv6_ext;
            PROTO_DSTOPTS: parse_ipv6_ext;
            PROTO_FRAGMENT: parse_ipv6_frag;
            default: dispatch_l4;
        }
    }

    state parse_ipv6_frag {
        pkt.extract(hdr.ipv6Frag);
        meta.ipProto = hdr.ipv6Frag.nextHdr;
        transition select(hdr.ipv6Frag.fragOffset) {
            0: dispatch_l4;
            default: accept;
        }
    }

    state dispatch_l4 {
        transition select(meta.ipProto) {
            PROTO_TCP: parse_tcp;
            PROTO_UDP: parse_udp;
            PROTO_SCTP: parse_ports;
            PROTO_ICMP: parse_icmp;
            PROTO_ICMPV6: parse_icmp;
            PROTO_GRE: parse_gre;
            PROTO_IPIP: parse_ipip;
            PROTO_IPV6_IN_IP: parse_ipv6_in_ip;
            default: accept;
        }
    }

    state parse_tcp {
        pkt.extract(hdr.ports);
        pkt.extract(hdr.tcp);
        transition accept;
    }

    state parse_udp {
        pkt.extract(hdr.ports);
        pkt.extract(hdr.udp);
        transition select(hdr.ports.dst) {
            UDP_PORT_VXLAN: parse_vxlan;
            UDP_PORT_GENEVE: parse_geneve;
            default: accept;
        }
    }

    state parse_ports {
        pkt.extract(hdr.ports);
        transition accept;
    }

    state parse_icmp {
        pkt.extract(hdr.icmp);
        transition accept;
    }

    state parse_gre {
        pkt.extract(hdr.gre);
        if (hdr.gre.checksumPresent == 1) {
            pkt.extract(hdr.greChecksum);
        }
        if (hdr.gre.keyPresent == 1) {
            pkt.extract(hdr.greKey);
        }
        if (hdr.gre.seqPresent == 1) {
            pkt.extract(hdr.greSeq);
        }
        meta.innerType = hdr.gre.protocol;
        // Version 1 is PPTP's enhanced GRE, and routing (RFC 1701) adds a variable part:
        // neither is followed into the payload.
        transition select(hdr.gre.version, hdr.gre.routingPresent) {
            (0, 0): parse_inner;
            default: accept;
        }
    }

    state parse_vxlan {
        pkt.extract(hdr.vxlan);
        meta.innerType = ETHERTYPE_TEB;
        transition parse_inner;
    }

    state parse_geneve {
        pkt.extract(hdr.geneve);
        pkt.advance((bit<32>) hdr.geneve.optLen * 32);
        meta.innerType = hdr.geneve.protocol;
        transition parse_inner;
    }

    state parse_ipip {
        meta.innerType = ETHERTYPE_IPV4;
        transition parse_inner;
    }

    state parse_ipv6_in_ip {
        meta.innerType = ETHERTYPE_IPV6;
        transition parse_inner;
    }

    state parse_inner {
        innerParser.apply(pkt, hdr.inner, meta.innerType);
        transition accept;
    }
}

FlowExtract(TunnelParser()) main;
