/* A hand-written XDP program producing the same key as examples/ovs/ovs.p4 compiled by p4flow
 * (byte for byte: test/backend/baseline.test.ts checks it against the interpreter), the baseline
 * `npm run bench` times the generated program against. Direct packet access, fields stored
 * straight into the key; the same limits as the P4 parser (8 IPv6 extension headers, 8 ND options,
 * 11 MPLS labels). Build with the generated ovs.h on the include path. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "ovs.h"

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct OvsParser_key);
} hand_keys SEC(".maps");

/* Scratch memory for the cursor (at a few points) and the IPv6 walk's state, so that the verifier
 * stops telling apart every path by exact values (without it, it gives up after a million
 * instructions: this is what p4flow's per-state scratch does for the generated program). */
struct hand_scratch { __u32 off; __u32 left; __u16 flags; __u8 dest, frag_seen, overrun, exts; __u64 sll, tll; };
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct hand_scratch);
} hand_scratch SEC(".maps");
#define FORGET() (sc->off = off, off = *(volatile __u32 *)&sc->off)

#define BE16(p) ((__u16)(((p)[0] << 8) | (p)[1]))
#define BE32(p) (((__u32)(p)[0] << 24) | ((__u32)(p)[1] << 16) | ((__u32)(p)[2] << 8) | (p)[3])
#define BE48(p) (((__u64)BE16(p) << 32) | BE32((p) + 2))
#define PUT16(f, v) (k->f = __builtin_bswap16((__u16)(v)))
#define PUT32(f, v) (k->f = __builtin_bswap32((__u32)(v)))
#define PUT64(f, v) (k->f = __builtin_bswap64((__u64)(v)))
#define LEFT (len > off ? len - off : 0)

enum { E_SHORT = 1, E_STACK = 3, E_NSH = 7 };
enum { EH_NONEXT = 1, EH_ESP = 2, EH_AUTH = 4, EH_DEST = 8, EH_FRAG = 16, EH_ROUTER = 32, EH_HOP = 64, EH_UNREP = 128, EH_UNSEQ = 256 };

/* n bytes at off, or NULL. The mask bounds the offset for the verifier; the asm keeps it. */
static __always_inline __u8 *at(__u8 *data, __u8 *end, __u32 off, __u32 n) {
    if (off > 0x3fff) return 0;
    asm volatile("" : "+r"(off));
    __u8 *p = data + (off & 0x3fff);
    return p + n <= end ? p : 0;
}
#define AT(n) at(data, end, off, (n))

static __always_inline __u16 exthdr_flag(__u16 f, __u8 type, volatile __u8 *dest) {
    switch (type) {
    case 0:
        if (f & EH_HOP) f |= EH_UNREP;
        f |= f == 0 ? EH_HOP : EH_UNSEQ;
        break;
    case 43:
        if (f & EH_ROUTER) f |= EH_UNREP;
        if ((f & ~(EH_HOP | EH_DEST | EH_UNREP)) || *dest >= 2) f |= EH_UNSEQ;
        f |= EH_ROUTER;
        break;
    case 51:
        if (f & EH_AUTH) f |= EH_UNREP;
        if ((f & ~(EH_HOP | EH_DEST | EH_ROUTER | 44 | EH_UNREP)) || *dest >= 2) f |= EH_UNSEQ;
        f |= EH_AUTH;
        break;
    case 44:
        if (f & EH_FRAG) f |= EH_UNREP;
        if ((f & ~(EH_HOP | EH_DEST | EH_ROUTER | EH_UNREP)) || *dest >= 2) f |= EH_UNSEQ;
        f |= EH_FRAG;
        break;
    default: /* 60 */
        if (*dest == 0) {
            if (f & ~(EH_HOP | EH_UNREP)) f |= EH_UNSEQ;
            f |= EH_DEST;
        } else if (*dest == 1) {
            if (f & ~(EH_HOP | EH_DEST | EH_ROUTER | EH_FRAG | EH_AUTH | EH_ESP | EH_UNREP)) f |= EH_UNSEQ;
        } else {
            f |= EH_UNREP;
        }
        if (*dest < 255) (*dest)++;
    }
    return f;
}

static __always_inline int is_ext(__u8 t) { return t == 0 || t == 43 || t == 44 || t == 51 || t == 60; }

SEC("xdp")
int hand_xdp(struct xdp_md *ctx) {
    __u8 *data = (__u8 *)(long)ctx->data;
    __u8 *end = (__u8 *)(long)ctx->data_end;
    __u32 zero = 0;
    struct OvsParser_key *k = bpf_map_lookup_elem(&hand_keys, &zero);
    struct hand_scratch *sc = bpf_map_lookup_elem(&hand_scratch, &zero);
    if (!k || !sc) return XDP_PASS;
    __builtin_memset(k, 0, sizeof(*k));
    __u32 len = end - data;
    __u32 off = 0;
    __u16 err = 0;
    __u8 *p;
    __u8 proto = 0;

    if (!(p = AT(12))) { err = E_SHORT; goto reject; }
    PUT64(k_eth_dst, BE48(p));
    PUT64(k_eth_src, BE48(p + 6));
    off = 12;
    if (!(p = AT(2))) { err = E_SHORT; goto reject; }
    __u16 t = BE16(p);
    if ((t == 0x8100 || t == 0x88a8) && LEFT >= 6 && (p = AT(4))) {
        PUT16(k_vlan_tpid, t);
        PUT16(k_vlan_tci, BE16(p + 2) | 0x1000);
        off += 4;
        p = AT(2);
        if (!p) { err = E_SHORT; goto reject; }
        t = BE16(p);
        if ((t == 0x8100 || t == 0x88a8) && LEFT >= 6 && (p = AT(4))) {
            PUT16(k_cvlan_tpid, t);
            PUT16(k_cvlan_tci, BE16(p + 2) | 0x1000);
            off += 4;
        }
    }
    if (!(p = AT(2))) { err = E_SHORT; goto reject; }
    __u16 type = BE16(p);
    off += 2;
    if (type < 0x600) {
        if (LEFT < 8 || !(p = AT(8))) { PUT16(k_eth_type, 4); goto accept; }
        off += 8;
        __u16 st = BE16(p + 6);
        if (p[0] != 0xaa || p[1] != 0xaa || p[3] || p[4] || p[5] || st < 0x600) { PUT16(k_eth_type, 4); goto accept; }
        type = st;
    }
    PUT16(k_eth_type, type);
    FORGET();

    if (type == 0x8847 || type == 0x8848) {
        __u32 lse[3] = {};
#pragma unroll
        for (int i = 0; i < 3; i++) {
            if (LEFT < 4 || !(p = AT(4))) goto accept;
            lse[i] = BE32(p);
            if (i == 0) PUT32(k_mpls_lse0, lse[i]);
            if (i == 1) PUT32(k_mpls_lse1, lse[i]);
            if (i == 2) PUT32(k_mpls_lse2, lse[i]);
            off += 4;
            if (lse[i] & 0x100) { k->k_mpls_num_labels_mask = (1 << (i + 1)) - 1; goto accept; }
        }
#pragma unroll
        for (int i = 0; i < 9; i++) {
            if (LEFT < 4 || !(p = AT(4))) goto accept;
            if (i == 8) { err = E_STACK; goto reject; }
            off += 4;
            if (p[2] & 1) { k->k_mpls_num_labels_mask = 7; goto accept; }
        }
        goto accept;
    }

    if (type == 0x0806 || type == 0x8035) {
        if (LEFT < 28 || !(p = AT(28))) goto accept;
        if (BE16(p) != 1 || BE16(p + 2) != 0x0800 || p[4] != 6 || p[5] != 4) goto accept;
        __u16 op = BE16(p + 6);
        k->k_ip_proto = op <= 0xff ? op : 0;
        PUT64(k_arp_sha, BE48(p + 8));
        PUT32(k_ipv4_src, BE32(p + 14));
        PUT64(k_arp_tha, BE48(p + 18));
        PUT32(k_ipv4_dst, BE32(p + 24));
        goto accept;
    }

    if (type == 0x0800) {
        if (LEFT < 20 || !(p = AT(20))) goto accept;
        __u32 hl = (p[0] & 15) * 4;
        if (hl < 20 || LEFT < hl) goto accept;
        PUT32(k_ipv4_src, BE32(p + 12));
        PUT32(k_ipv4_dst, BE32(p + 16));
        proto = p[9];
        k->k_ip_proto = proto;
        k->k_ip_tos = p[1];
        k->k_ip_ttl = p[8];
        __u16 frag = BE16(p + 6);
        off += hl;
        if (frag & 0x1fff) { k->k_ip_frag = 2; goto accept; }
        if (frag & 0x2000) k->k_ip_frag = 1;
        goto transport;
    }

    if (type == 0x86dd) {
        if (LEFT < 40 || !(p = AT(40))) goto accept;
        k->k_ip_proto = 59;
        k->k_ip_tos = (__u8)(BE16(p) >> 4);
        k->k_ip_ttl = p[7];
        PUT32(k_ipv6_label, BE32(p) & 0xfffff);
        __builtin_memcpy(k->k_ipv6_src, p + 8, 16);
        __builtin_memcpy(k->k_ipv6_dst, p + 24, 16);
        __u8 next = p[6];
        off += 40;
        sc->flags = 0;
        sc->dest = 0;
        sc->frag_seen = 0;
        sc->overrun = 0;
        sc->exts = 0;
#pragma unroll
        for (int i = 0; i < 9; i++) {
            FORGET();
            if (!is_ext(next)) break;
            if (next == 44) sc->frag_seen = 1;
            __u16 flags = exthdr_flag(sc->flags, next, &sc->dest);
            sc->flags = flags;
            PUT16(k_ipv6_exthdrs, flags);
            if (sc->overrun || LEFT < (next == 43 || next == 44 ? 4 : 2)) goto v6_stop;
            if (sc->exts++ == 8) { err = E_STACK; goto reject; }
            p = AT(2);
            if (!p) goto v6_stop;
            __u8 hnext = p[0];
            if (next == 44) {
                __u8 *q = AT(4);
                if (!q) goto v6_stop;
                off += 4;
                if (BE16(q + 2) >> 3) {
                    if (is_ext(hnext)) goto v6_stop;
                    k->k_ip_frag = 2;
                    k->k_ip_proto = 44;
                    goto accept;
                }
                if (LEFT >= 4) off += 4; else sc->overrun = 1;
            } else {
                __u32 bytes = next == 51 ? ((__u32)p[1] + 2) * 4 : ((__u32)p[1] + 1) * 8;
                if (LEFT >= bytes) off += bytes; else sc->overrun = 1;
            }
            next = hnext;
        }
        if (next == 59) {
            PUT16(k_ipv6_exthdrs, sc->flags | EH_NONEXT);
            goto v6_stop;
        }
        k->k_ip_proto = next;
        k->k_ip_frag = sc->frag_seen ? 1 : 0;
        if (sc->overrun) goto accept;
        proto = next;
        goto transport;
v6_stop:
        k->k_ip_frag = sc->frag_seen ? 1 : 0;
        goto accept;
    }

    if (type == 0x894f) {
        if (!(p = AT(8))) { err = E_SHORT; goto reject; }
        off += 8;
        if (p[0] >> 6) { err = E_NSH; goto reject; }
        __u32 hl = (BE16(p) & 0x3f) * 4;
        if (LEFT + 8 < hl) { err = E_SHORT; goto reject; }
        k->k_nsh_flags = (p[0] >> 4) & 3;
        k->k_nsh_ttl = (BE16(p) >> 6) & 0x3f;
        k->k_nsh_mdtype = p[2];
        k->k_nsh_np = p[3];
        PUT32(k_nsh_path_hdr, BE32(p + 4));
        if (p[2] == 2) goto accept;
        if (p[2] != 1 || hl != 24) { err = E_NSH; goto reject; }
        if (!(p = AT(16))) { err = E_SHORT; goto reject; }
        PUT32(k_nsh_c1, BE32(p));
        PUT32(k_nsh_c2, BE32(p + 4));
        PUT32(k_nsh_c3, BE32(p + 8));
        PUT32(k_nsh_c4, BE32(p + 12));
        goto accept;
    }
    goto accept;

transport:
    FORGET();
    if (proto == 6) {
        if (LEFT < 20 || !(p = AT(20))) goto accept;
        __u32 doff = p[12] >> 4;
        if (doff < 5 || LEFT < doff * 4) goto accept;
        PUT16(k_tp_src, BE16(p));
        PUT16(k_tp_dst, BE16(p + 2));
        PUT16(k_tcp_flags, BE16(p + 12) & 0xfff);
    } else if (proto == 17 || proto == 132) {
        if (LEFT < (proto == 17 ? 8 : 12) || !(p = AT(4))) goto accept;
        PUT16(k_tp_src, BE16(p));
        PUT16(k_tp_dst, BE16(p + 2));
    } else if (proto == 1 && type == 0x0800) {
        if (LEFT < 8 || !(p = AT(2))) goto accept;
        PUT16(k_tp_src, p[0]);
        PUT16(k_tp_dst, p[1]);
    } else if (proto == 58 && type == 0x86dd) {
        if (LEFT < 8 || !(p = AT(8))) goto accept;
        sc->left = LEFT;
        PUT16(k_tp_src, p[0]);
        PUT16(k_tp_dst, p[1]);
        if (p[1] != 0 || (p[0] != 135 && p[0] != 136) || sc->left < 24) goto accept;
        off += 8;
        if (!(p = AT(16))) goto accept;
        __builtin_memcpy(k->k_nd_target, p, 16);
        off += 16;
        sc->left -= 24;
        sc->sll = 0;
        sc->tll = 0;
#pragma unroll
        for (int i = 0; i < 9; i++) {
            FORGET();
            __u32 left = sc->left;
            if (left < 8) break;
            if (i == 8) { err = E_STACK; goto reject; }
            if (!(p = AT(8))) break;
            __u32 olen = (__u32)p[1] * 8;
            if (olen == 0 || olen > left) break;
            sc->left = left - olen;
            if (p[1] == 1 && (p[0] == 1 || p[0] == 2)) {
                __u64 mac = BE48(p + 2);
                __u64 *have = p[0] == 1 ? &sc->sll : &sc->tll;
                if (*have) {
                    __builtin_memset(k->k_nd_target, 0, 16);
                    k->k_nd_sll = 0;
                    k->k_nd_tll = 0;
                    goto accept;
                }
                *have = mac;
                if (p[0] == 1) PUT64(k_nd_sll, mac); else PUT64(k_nd_tll, mac);
            }
            off += olen;
        }
    }
    goto accept;

reject:
    k->status_outcome = 2;
    k->status_error = __builtin_bswap16(err);
    return XDP_PASS;
accept:
    k->status_outcome = 1;
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
