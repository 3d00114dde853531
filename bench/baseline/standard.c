/* A hand-written XDP parser producing the same flow key as examples/standard.p4 compiled by
 * p4flow (byte for byte: the test suite checks it against the interpreter on the corpus). It is
 * the baseline `npm run bench` compares the generated program with: direct packet access, loops
 * unrolled by hand, fields stored straight into the key. Build: clang -O2 -g -target bpf -c,
 * with the generated standard.h on the include path. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "standard.h"

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct StandardParser_key);
} hand_keys SEC(".maps");

#define BE16(p) ((__u16)(((p)[0] << 8) | (p)[1]))
#define BE32(p) (((__u32)(p)[0] << 24) | ((__u32)(p)[1] << 16) | ((__u32)(p)[2] << 8) | (p)[3])
#define BE48(p) (((__u64)BE16(p) << 32) | BE32((p) + 2))
#define VALID(k, bit) ((k)->status_valid[(bit) >> 3] |= 1 << ((bit) & 7))
#define NEED(n) if (p + (n) > end) { err = 1; goto reject; }

enum { V_ETH = 0, V_VLAN0 = 1, V_MPLS0 = 3, V_ARP = 6, V_IPV4 = 7, V_IPV6 = 8, V_PORTS = 9, V_ICMP = 10 };

SEC("xdp")
int hand_xdp(struct xdp_md *ctx) {
    __u8 *p = (__u8 *)(long)ctx->data;
    __u8 *end = (__u8 *)(long)ctx->data_end;
    __u32 zero = 0;
    struct StandardParser_key *k = bpf_map_lookup_elem(&hand_keys, &zero);
    if (!k) return XDP_PASS;
    __builtin_memset(k, 0, sizeof(*k));
    __u16 err = 0;
    __u16 etype;
    __u8 proto;
    __u8 icmp = 0;

    NEED(14);
    k->key_ethernet_dst = __builtin_bswap64(BE48(p));
    k->key_ethernet_src = __builtin_bswap64(BE48(p + 6));
    etype = BE16(p + 12);
    k->key_ethernet_etherType = __builtin_bswap16(etype);
    VALID(k, V_ETH);
    k->meta_etherType = __builtin_bswap16(etype);
    p += 14;

    if (etype == 0x88a8 || etype == 0x8100) {
        NEED(4);
        k->key_vlan_0_vid = __builtin_bswap16(BE16(p) & 0xfff);
        etype = BE16(p + 2);
        VALID(k, V_VLAN0);
        k->meta_etherType = __builtin_bswap16(etype);
        p += 4;
        if (etype == 0x8100) {
            NEED(4);
            k->key_vlan_1_vid = __builtin_bswap16(BE16(p) & 0xfff);
            etype = BE16(p + 2);
            VALID(k, V_VLAN0 + 1);
            k->meta_etherType = __builtin_bswap16(etype);
            p += 4;
            if (etype == 0x8100) { err = 3; goto reject; }
        }
    }

    switch (etype) {
    case 0x0800: {
        NEED(20);
        __u8 ihl = p[0] & 15;
        __u16 frag = BE16(p + 6) & 0x1fff;
        proto = p[9];
        k->key_ipv4_src = __builtin_bswap32(BE32(p + 12));
        k->key_ipv4_dst = __builtin_bswap32(BE32(p + 16));
        k->key_ipv4_protocol = proto;
        VALID(k, V_IPV4);
        p += 20;
        if (ihl < 5) { err = 4; goto reject; }
        __u32 opts = (ihl - 5) * 4;
        NEED(opts);
        p += opts;
        k->meta_ipProto = proto;
        if (frag != 0) goto accept;
        icmp = proto == 1;
        break;
    }
    case 0x86dd:
        NEED(40);
        proto = p[6];
        __builtin_memcpy(k->key_ipv6_src, p + 8, 16);
        __builtin_memcpy(k->key_ipv6_dst, p + 24, 16);
        k->key_ipv6_nextHdr = proto;
        k->key_ipv6_flowLabel = __builtin_bswap32(BE32(p) & 0xfffff);
        VALID(k, V_IPV6);
        p += 40;
        k->meta_ipProto = proto;
        icmp = proto == 58;
        break;
    case 0x0806:
        NEED(28);
        k->key_arp_op = __builtin_bswap16(BE16(p + 6));
        k->key_arp_spa = __builtin_bswap32(BE32(p + 14));
        k->key_arp_tpa = __builtin_bswap32(BE32(p + 24));
        VALID(k, V_ARP);
        goto accept;
    case 0x8847: {
#pragma unroll
        for (int i = 0; i < 3; i++) {
            NEED(4);
            __u32 w = BE32(p);
            __u32 *label = i == 0 ? &k->key_mpls_0_label : i == 1 ? &k->key_mpls_1_label : &k->key_mpls_2_label;
            *label = __builtin_bswap32(w >> 12);
            VALID(k, V_MPLS0 + i);
            p += 4;
            if (w & 0x100) goto accept;
        }
        err = 3;
        goto reject;
    }
    default:
        goto accept;
    }

    /* Transport, after IPv4 or IPv6; the rest of a TCP header must be there but is not kept. */
    if (proto == 6 || proto == 17 || proto == 132) {
        NEED(4);
        k->key_ports_src = __builtin_bswap16(BE16(p));
        k->key_ports_dst = __builtin_bswap16(BE16(p + 2));
        VALID(k, V_PORTS);
        p += 4;
        if (proto == 6) NEED(12);
    } else if (icmp) {
        NEED(2);
        k->key_icmp_type = p[0];
        k->key_icmp_code = p[1];
        VALID(k, V_ICMP);
    }

accept:
    k->status_outcome = 1;
    return XDP_PASS;
reject:
    k->status_outcome = 2;
    k->status_error = __builtin_bswap16(err);
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
