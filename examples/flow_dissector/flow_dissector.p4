/*
 * flow_dissector.p4: a kernel flow dissector written in P4.
 *
 * Build: p4flow examples/flow_dissector/flow_dissector.p4 --target flow_dissector -o out
 * Attach (to the current network namespace): bpftool prog load out/flow_dissector.bpf.o \
 *   /sys/fs/bpf/fd type flow_dissector && bpftool prog attach pinned /sys/fs/bpf/fd flow_dissector
 *
 * The kernel starts the parse at the network header (flow.nhoff) and says what it is (flow.n_proto);
 * the parser fills the rest of flow, p4flow.p4's bpf_flow_keys_t, which the program hands back to
 * the kernel. It covers 802.1Q and 802.1ad (QinQ) tags, MPLS label stacks (the payload after the
 * bottom of stack is dissected when it looks like IPv4 or IPv6), IPv4 with options and fragments,
 * IPv6 with hop-by-hop, destination options and fragment headers, IPIP, IPv6-in-IP and GRE
 * (version 0, with its checksum, key and sequence words, and transparent Ethernet bridging) for
 * one level of encapsulation, then TCP, UDP and ICMP. The three BPF_FLOW_DISSECTOR_F_* flags are
 * honoured: a first fragment's ports are read only with PARSE_1ST_FRAG, STOP_AT_FLOW_LABEL stops
 * after an IPv6 header with a non-zero flow label, STOP_AT_ENCAP stops at a tunnel with is_encap set.
 *
 * Offsets: nhoff is where the network header that fills the addresses starts (the inner one
 * behind a tunnel), thoff where its transport header starts (after IPv4 options and IPv6
 * extension headers). n_proto names the header at nhoff. A packet too short for a header it
 * announces, an IP header of the wrong version or length, a TCP header shorter than 20 bytes, or
 * an EtherType the dissector does not know returns BPF_DROP, as the kernel's own dissector does.
 */
#include <core.p4>
#include <p4flow.p4>

#include "../protocols.p4"

error { BadIpVersion, BadIpHeaderLength, BadTcpHeaderLength }

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

/* What one network layer holds: the IP header, its options or extension headers, the transport. */
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

/*
 * One network layer from flow.n_proto on. A tunnel ends it: `tunnel` is the EtherType of what the
 * tunnel carries (0 when there is none), the cursor is at the tunnel's payload and flow.thoff
 * points there.
 */
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
        /* More fragments (the last flag bit) or an offset: a fragment. */
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
        transition select(h.ipv6.flowLabel != 0 && (flow.flags & FLOW_DISSECTOR_F_STOP_AT_FLOW_LABEL) != 0) {
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

    /* Hop-by-hop and destination options: 8 * (hdrExtLen + 1) bytes in all. */
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
        /* The options must be there too. */
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

    /* Only version 0 GRE is looked into; behind other versions the dissection ends. */
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

    /* At most two tags: a third one ends the parse with StackOutOfBounds (BPF_DROP). */
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

    /* Up to four labels; after the bottom of the stack, the first nibble says IPv4 or IPv6. */
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

    /* GRE carrying Ethernet: the inner frame's EtherType names the inner network header. */
    state bridged {
        p.extract(hdr.teb);
        carried = hdr.teb.etherType;
        transition tunnel;
    }

    /* One level of encapsulation is dissected; a tunnel inside it ends the parse. */
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
