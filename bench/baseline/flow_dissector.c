/* A hand-written flow dissector doing exactly what examples/flow_dissector/flow_dissector.p4
 * does: the baseline `npm run bench` times p4flow's flow_dissector program against. It writes
 * the kernel's struct bpf_flow_keys as it goes, reads the packet with direct packet access
 * only, and returns BPF_OK or BPF_DROP where the P4 parser accepts or rejects.
 * test/backend/baseline.test.ts checks it against the interpreter on the same packets as the
 * generated program. (hand_keys is an empty map for the test runner, which reads one back.) */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u64);
} hand_keys SEC(".maps");

#define P_IPV4 0x0800
#define P_IPV6 0x86dd
#define P_VLAN 0x8100
#define P_QINQ 0x88a8
#define P_MPLS 0x8847
#define P_TEB 0x6558

enum { DROP = -1, DONE = 0 };

/* A pointer to n bytes at off, or NULL when they are not all there. The mask bounds the offset for
 * the verifier; the empty asm keeps clang from proving it away. */
static __always_inline __u8 *at(__u8 *data, __u8 *data_end, __u32 off, __u32 n) {
    if (off > 0x7fff) return 0;
    asm volatile("" : "+r"(off));
    __u8 *p = data + (off & 0x7fff);
    return p + n <= data_end ? p : 0;
}
#define AT(n) at(data, data_end, off, (n))

static __always_inline __u16 be16(const __u8 *p) { return (__u16)(p[0] << 8 | p[1]); }

static __always_inline void set_v4(struct bpf_flow_keys *k, const __u8 *ip) {
    k->addr_proto = P_IPV4;
    /* The P4 program copies only the family addr_proto names: the rest of the union stays zero. */
    __builtin_memset(k->ipv6_src, 0, 32);
    __builtin_memcpy(&k->ipv4_src, ip + 12, 4);
    __builtin_memcpy(&k->ipv4_dst, ip + 16, 4);
}

/* One network layer from proto at *offp. Returns DROP, DONE, or the EtherType a tunnel carries
 * (with *offp at its payload). */
static __always_inline int layer(struct bpf_flow_keys *k, __u8 *data, __u8 *data_end, __u32 *offp, __u16 proto)
{
    __u32 off = *offp;
    __u32 flags = k->flags;
    __u8 *p;
    __u8 nh;
    if (proto == P_IPV4) {
        if (!(p = AT(20))) return DROP;
        if ((p[0] >> 4) != 4 || (p[0] & 15) < 5) return DROP;
        __u32 hl = (p[0] & 15) * 4;
        if (!AT(hl)) return DROP;
        set_v4(k, p);
        nh = p[9];
        k->ip_proto = nh;
        __u16 frag = be16(p + 6);
        off += hl;
        k->thoff = off;
        int is_frag = (frag & 0x2000) || (frag & 0x1fff);
        k->is_frag = is_frag;
        k->is_first_frag = is_frag && !(frag & 0x1fff);
        if (is_frag && !(k->is_first_frag && (flags & BPF_FLOW_DISSECTOR_F_PARSE_1ST_FRAG))) return DONE;
    } else if (proto == P_IPV6) {
        if (!(p = AT(40))) return DROP;
        if ((p[0] >> 4) != 6) return DROP;
        k->addr_proto = P_IPV6;
        __builtin_memcpy(k->ipv6_src, p + 8, 16);
        __builtin_memcpy(k->ipv6_dst, p + 24, 16);
        __u32 label = ((__u32)(p[1] & 15) << 16) | be16(p + 2);
        k->flow_label = __builtin_bswap32(label);
        nh = p[6];
        k->ip_proto = nh;
        off += 40;
        k->thoff = off;
        if (label && (flags & BPF_FLOW_DISSECTOR_F_STOP_AT_FLOW_LABEL)) return DONE;
        int opts = 0, frags = 0;
#pragma unroll
        for (int i = 0; i < 6; i++) {
            if (nh == 0 || nh == 60) {
                if (opts++ == 4) return DROP;
                if (!(p = AT(2))) return DROP;
                __u32 len = 8 * (__u32)p[1] + 8;
                if (!AT(len)) return DROP;
                nh = p[0];
                k->ip_proto = nh;
                off += len;
                k->thoff = off;
            } else if (nh == 44) {
                if (frags++ == 2) return DROP;
                if (!(p = AT(8))) return DROP;
                nh = p[0];
                k->ip_proto = nh;
                off += 8;
                k->thoff = off;
                k->is_frag = 1;
                k->is_first_frag = (be16(p + 2) >> 3) == 0;
                if (!(k->is_first_frag && (flags & BPF_FLOW_DISSECTOR_F_PARSE_1ST_FRAG))) return DONE;
            } else {
                break;
            }
        }
        if (nh == 0 || nh == 60 || nh == 44) return DROP; /* a seventh extension header */
    } else {
        return DROP;
    }

    switch (nh) {
    case 6:
        if (!(p = AT(20))) return DROP;
        if ((p[12] >> 4) < 5) return DROP;
        if (!AT(4 * (__u32)(p[12] >> 4))) return DROP;
        __builtin_memcpy(&k->sport, p, 2);
        __builtin_memcpy(&k->dport, p + 2, 2);
        return DONE;
    case 17:
        if (!(p = AT(8))) return DROP;
        __builtin_memcpy(&k->sport, p, 2);
        __builtin_memcpy(&k->dport, p + 2, 2);
        return DONE;
    case 1:
        return AT(2) ? DONE : DROP;
    case 4:
        k->is_encap = 1;
        *offp = off;
        return P_IPV4;
    case 41:
        k->is_encap = 1;
        *offp = off;
        return P_IPV6;
    case 47: {
        if (!(p = AT(4))) return DROP;
        if (p[1] & 7) return DONE;
        __u16 gproto = be16(p + 2);
        __u8 f = p[0];
        off += 4;
        if (f & 0x80) { if (!AT(4)) return DROP; off += 4; }
        if (f & 0x20) { if (!AT(4)) return DROP; off += 4; }
        if (f & 0x10) { if (!AT(4)) return DROP; off += 4; }
        k->thoff = off;
        k->is_encap = 1;
        *offp = off;
        return gproto;
    }
    default:
        return DONE;
    }
}

SEC("flow_dissector")
int hand_dissector(struct __sk_buff *ctx)
{
    struct bpf_flow_keys *k = ctx->flow_keys;
    __u8 *data = (__u8 *)(long)ctx->data;
    __u8 *data_end = (__u8 *)(long)ctx->data_end;
    __u32 off = k->nhoff;
    __u16 proto = __builtin_bswap16(k->n_proto);
    __u8 *p;
    int vlans = 0, labels = 0;

#pragma unroll
    for (int i = 0; i < 3; i++) {
        if (proto != P_VLAN && proto != P_QINQ) break;
        if (vlans++ == 2) return BPF_DROP;
        if (!(p = AT(4))) return BPF_DROP;
        off += 4;
        k->nhoff = off;
        k->thoff = off;
        k->n_proto = *(__u16 *)(p + 2);
        proto = be16(p + 2);
    }
    if (proto == P_MPLS) {
#pragma unroll
        for (int i = 0; i < 5; i++) {
            if (labels++ == 4) return BPF_DROP;
            if (!(p = AT(4))) return BPF_DROP;
            off += 4;
            k->nhoff = off;
            k->thoff = off;
            __u8 bos = p[2] & 1;
            __u8 *q = AT(1);
            if (!q) return BPF_DROP;
            if (!bos) continue;
            if ((q[0] >> 4) == 4) proto = P_IPV4;
            else if ((q[0] >> 4) == 6) proto = P_IPV6;
            else return BPF_OK;
            k->n_proto = __builtin_bswap16(proto);
            break;
        }
    }
    int carried = layer(k, data, data_end, &off, proto);
    if (carried == DROP) return BPF_DROP;
    if (carried == DONE || (k->flags & BPF_FLOW_DISSECTOR_F_STOP_AT_ENCAP)) return BPF_OK;
    if (carried == P_TEB) {
        if (!(p = AT(14))) return BPF_DROP;
        carried = be16(p + 12);
        off += 14;
    }
    k->nhoff = off;
    k->thoff = off;
    k->n_proto = __builtin_bswap16((__u16)carried);
    k->sport = 0;
    k->dport = 0;
    k->flow_label = 0;
    return layer(k, data, data_end, &off, (__u16)carried) == DROP ? BPF_DROP : BPF_OK;
}

char LICENSE[] SEC("license") = "GPL";
