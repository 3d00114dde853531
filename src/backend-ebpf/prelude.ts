// The small C helpers every generated program starts with: zeroing, byte-order-aware stores into
// the key, and reading bit fields out of the loaded packet bytes at any bit offset.

import { BUF_BYTES_FOR_PRELUDE } from "./limits.js";

export const PRELUDE = `#ifndef P4F_PRELUDE
#define P4F_PRELUDE
#define P4F_BUF_MASK ${BUF_BYTES_FOR_PRELUDE - 1}

/* n is a multiple of 8 known at compile time. Volatile: clang must not turn a long loop into a
 * memset call, which BPF does not have. */
static __always_inline void p4f_zero(void *p, __u32 n) {
    volatile __u64 *q = p;
#pragma clang loop unroll(full)
    for (__u32 i = 0; i < n / 8; i++) q[i] = 0;
}

/* n is a multiple of 8 known at compile time; 8 bytes at a time, never a memcpy call. */
static __always_inline void p4f_copy8(void *dst, const void *src, __u32 n) {
    volatile __u64 *d = dst;
    const __u64 *s = src;
#pragma clang loop unroll(full)
    for (__u32 i = 0; i < n / 8; i++) d[i] = s[i];
}

static __always_inline void p4f_clear(__u8 *p, __u32 n) {
    for (__u32 i = 0; i < n; i++) p[i] = 0;
}

/* Stores the low size bytes of v at key + off, little-endian or big-endian. */
static __always_inline void p4f_put(void *key, __u32 off, __u32 size, __u64 v, int little) {
    __u8 *p = (__u8 *)key + off;
    for (__u32 i = 0; i < size; i++) p[little ? i : size - 1 - i] = (__u8)(v >> (8 * i));
}

/* width (1..64) bits starting at bit bitpos of buf, most significant first. */
static __always_inline __u64 p4f_get(const __u8 *buf, __u32 bitpos, __u32 width) {
    __u32 first = bitpos >> 3;
    __u32 shift = bitpos & 7;
    __u32 n = (shift + width + 7) >> 3;
    __u64 hi = 0;
#pragma unroll
    for (__u32 i = 0; i < 8; i++) hi = (hi << 8) | (i < n ? buf[(first + i) & P4F_BUF_MASK] : 0);
    __u64 lo = n > 8 ? buf[(first + 8) & P4F_BUF_MASK] : 0;
    __u64 win = (hi << shift) | (shift ? lo >> (8 - shift) : 0);
    return width >= 64 ? win : win >> (64 - width);
}

/* The same at a bit position known only at run time. The empty asm hides the position's range
 * from clang, so it cannot drop the masks that keep every index inside the buffer: the verifier
 * needs to see them, whatever clang could prove. */
static __always_inline __u64 p4f_get_var(const __u8 *buf, __u32 bitpos, __u32 width) {
    asm volatile("" : "+r"(bitpos));
    return p4f_get(buf, bitpos, width);
}

/* A field wider than 64 bits into nbytes bytes, right-aligned, wire order. */
static __always_inline void p4f_get_wide(const __u8 *buf, __u32 bitpos, __u32 width, __u8 *dst, __u32 nbytes) {
    __u32 pad = nbytes * 8 - width;
    for (__u32 j = 0; j < nbytes; j++) {
        if (j == 0 && pad)
            dst[0] = (__u8)p4f_get_var(buf, bitpos, 8 - pad);
        else
            dst[j] = (__u8)p4f_get_var(buf, bitpos + 8 * j - pad, 8);
    }
}

/* A varbit field of len bits into maxbytes bytes, left-aligned, wire order. */
static __always_inline void p4f_get_varbit(const __u8 *buf, __u32 bitpos, __u32 len, __u8 *dst, __u32 maxbytes) {
    for (__u32 j = 0; j < maxbytes; j++) {
        __u32 at = 8 * j;
        if (at >= len) break;
        __u32 take = len - at < 8 ? len - at : 8;
        dst[j] = (__u8)(p4f_get_var(buf, bitpos + at, take) << (8 - take));
    }
}
/* nb bytes of packet data at data + off into dst (a scratch buffer), by direct packet access: for
 * the flow dissector, where bpf_skb_load_bytes fails whenever the kernel runs it without an skb
 * (eth_get_headlen(), BPF_PROG_TEST_RUN). 0, or -1 when the bytes run past data_end. Words while
 * they fit, then single bytes; dst may receive up to 7 bytes past nb. */
static __always_inline int p4f_pkt_copy(const __u8 *data, const __u8 *data_end, __u32 off, __u8 *dst, __u32 nb) {
    if (off > 0x7fff || nb > P4F_BUF_MASK + 1 - 16) return -1;
    /* The mask, hidden from clang's range analysis, is what bounds the pointer for the verifier. */
    asm volatile("" : "+r"(off));
    const __u8 *q = data + (off & 0x7fff);
    if (q + nb > data_end) return -1;
    for (__u32 i = 0; i < (P4F_BUF_MASK + 1 - 16) / 8; i++) {
        __u32 at = 8 * i;
        if (at >= nb) break;
        const __u8 *s = q + at;
        if (s + 8 <= data_end) {
            *(__u64 *)(dst + at) = *(const __u64 *)s;
            continue;
        }
        for (__u32 j = 0; j < 7; j++) {
            if (s + j + 1 > data_end) break;
            dst[at + j] = s[j];
        }
        break;
    }
    return 0;
}
#endif
`;
