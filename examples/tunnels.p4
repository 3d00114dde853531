/*
 * tunnels.p4: standard.p4 grown to tunnels and IPv6 extension headers.
 *
 * What it shows: everything standard.p4 parses, plus the IPv6 extension header chain (hop-by-hop,
 * routing and destination options skipped by their length, up to four of them in a header
 * stack; the fragment header kept, later fragments end the parse), GRE (version 0, with its
 * optional checksum, key and sequence words extracted under `if`), VXLAN and Geneve (options
 * skipped by their length) over UDP, and IPv4-in-IP / IPv6-in-IP. Whatever a tunnel carries is
 * parsed by one sub-parser, InnerParser: Ethernet (transparent Ethernet bridging), IPv4 or IPv6,
 * and the inner transport ports. As in standard.p4 the headers are parser-local and the `out`
 * struct is the flow key: addresses, protocols, ports, VLAN IDs, MPLS labels, the tunnel's
 * identifier (GRE key, VXLAN or Geneve VNI) and the inner flow's addresses and ports.
 * `meta.ipProto` is the outer transport protocol after the extension headers; `meta.innerType`
 * says what the tunnel carried.
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

/* A tunnel's identifier: the GRE key, or the VXLAN or Geneve VNI. */
header tunnel_id_key_t {
    bit<32> id;
}

/* The flow key of what a tunnel carries. */
struct inner_key_t {
    mac_key_t ethernet;
    ipv4_key_t ipv4;
    ipv6_key_t ipv6;
    ports_t ports;
}

/* The flow key. */
struct tunnel_key_t {
    mac_key_t ethernet;
    vlan_key_t[2] vlan;
    mpls_key_t[3] mpls;
    arp_key_t arp;
    ipv4_key_t ipv4;
    ipv6_key_t ipv6;
    ports_t ports;
    icmp_t icmp;
    tunnel_id_key_t greKey;
    tunnel_id_key_t vni;
    inner_key_t inner;
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
}

struct meta_t {
    bit<16> etherType;
    bit<8> ipProto;
    bit<16> innerType;
}

/* What a tunnel carries, chosen by an EtherType (ETHERTYPE_TEB for Ethernet). */
parser InnerParser(packet_in pkt, out inner_key_t key, in bit<16> etherType) {
    inner_headers_t inner;

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
        key.ethernet.setValid();
        key.ethernet.dst = inner.ethernet.dst;
        key.ethernet.src = inner.ethernet.src;
        key.ethernet.etherType = inner.ethernet.etherType;
        transition select(inner.ethernet.etherType) {
            ETHERTYPE_IPV4: parse_ipv4;
            ETHERTYPE_IPV6: parse_ipv6;
            default: accept;
        }
    }

    state parse_ipv4 {
        pkt.extract(inner.ipv4);
        key.ipv4.setValid();
        key.ipv4.src = inner.ipv4.src;
        key.ipv4.dst = inner.ipv4.dst;
        key.ipv4.protocol = inner.ipv4.protocol;
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
        key.ipv6.setValid();
        key.ipv6.src = inner.ipv6.src;
        key.ipv6.dst = inner.ipv6.dst;
        key.ipv6.nextHdr = inner.ipv6.nextHdr;
        key.ipv6.flowLabel = inner.ipv6.flowLabel;
        transition select(inner.ipv6.nextHdr) {
            PROTO_TCP: parse_ports;
            PROTO_UDP: parse_ports;
            PROTO_SCTP: parse_ports;
            default: accept;
        }
    }

    state parse_ports {
        pkt.extract(inner.ports);
        key.ports = inner.ports;
        transition accept;
    }
}

parser TunnelParser(packet_in pkt, out tunnel_key_t key, inout meta_t meta) {
    InnerParser() innerParser;
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
        pkt.advance(((bit<32>) hdr.ipv4.ihl - 5) * 32);
        meta.ipProto = hdr.ipv4.protocol;
        transition select(hdr.ipv4.fragOffset) {
            0: dispatch_l4;
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
        key.ports = hdr.ports;
        pkt.extract(hdr.tcp);
        transition accept;
    }

    state parse_udp {
        pkt.extract(hdr.ports);
        key.ports = hdr.ports;
        pkt.extract(hdr.udp);
        transition select(hdr.ports.dst) {
            UDP_PORT_VXLAN: parse_vxlan;
            UDP_PORT_GENEVE: parse_geneve;
            default: accept;
        }
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

    state parse_gre {
        pkt.extract(hdr.gre);
        if (hdr.gre.checksumPresent == 1) {
            pkt.extract(hdr.greChecksum);
        }
        if (hdr.gre.keyPresent == 1) {
            pkt.extract(hdr.greKey);
            key.greKey.setValid();
            key.greKey.id = hdr.greKey.value;
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
        key.vni.setValid();
        key.vni.id = (bit<32>) hdr.vxlan.vni;
        meta.innerType = ETHERTYPE_TEB;
        transition parse_inner;
    }

    state parse_geneve {
        pkt.extract(hdr.geneve);
        key.vni.setValid();
        key.vni.id = (bit<32>) hdr.geneve.vni;
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
        innerParser.apply(pkt, key.inner, meta.innerType);
        transition accept;
    }
}

FlowExtract(TunnelParser()) main;
