/*
 * flow_counter.bpf.c: a BPF program of your own around the parse functions p4flow writes for the
 * `lib` target. The parsing is examples/standard.p4's (in build/standard.parse.h, made by
 * `p4flow ../standard.p4 --target lib -o build`); the rest is ordinary libbpf-style C: it keeps
 * the last packet's flow key in a map, counts packets and bytes per flow key in an LRU hash map,
 * and drops what the parser rejects. `make` builds it (see README.md).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "standard.parse.h"

/* The parser's scratch storage: too big for the 512-byte stack, so one per-CPU map entry. */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct StandardParser_state);
} fc_scratch SEC(".maps");

/* The key of the last packet (key 0), for a reader that wants to see one. */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct StandardParser_key);
} fc_last SEC(".maps");

struct flow_counter_stats {
    __u64 packets;
    __u64 bytes;
};

/* Packets and bytes per flow key (rejected packets too: their key says why). */
struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 65536);
    __type(key, struct StandardParser_key);
    __type(value, struct flow_counter_stats);
} fc_flows SEC(".maps");

SEC("xdp")
int flow_counter(struct xdp_md *ctx)
{
    __u32 zero = 0;
    struct StandardParser_state *st = bpf_map_lookup_elem(&fc_scratch, &zero);
    struct StandardParser_key *key = bpf_map_lookup_elem(&fc_last, &zero);
    if (!st || !key)
        return XDP_PASS;
    int verdict = StandardParser_parse_xdp(ctx, st, key); /* 1 accepted, 2 rejected */

    __u64 len = ctx->data_end - ctx->data;
    struct flow_counter_stats *stats = bpf_map_lookup_elem(&fc_flows, key);
    if (stats) {
        __sync_fetch_and_add(&stats->packets, 1);
        __sync_fetch_and_add(&stats->bytes, len);
    } else {
        struct flow_counter_stats first = { .packets = 1, .bytes = len };
        bpf_map_update_elem(&fc_flows, key, &first, BPF_NOEXIST);
    }
    return verdict == 1 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
