// The source of a small native helper that runs many packets through a loaded program with
// BPF_PROG_TEST_RUN in one process: it opens the pinned program and key map once, then for each
// packet on stdin runs the program and reads the key back. bpftool's batch mode does the same
// through one command line per packet and JSON output, about twenty times slower.
//
// Protocol (all integers little-endian): argv = program pin, key map pin, key size, and for a
// flow dissector a fourth argument "flow_dissector". stdin is a sequence of packets, each a u32
// length (for a flow dissector then the u32 flags it is run with) then its bytes. For each packet
// stdout gets an i32 status (0, or the negative errno of the test run or the map lookup), a u32
// retval, the key bytes and, for a flow dissector, the struct bpf_flow_keys the run returned.

export const TEST_RUNNER_C = `#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int read_all(void *buf, size_t n) {
    return fread(buf, 1, n, stdin) == n ? 0 : -1;
}

int main(int argc, char **argv) {
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: %s PROG_PIN KEYMAP_PIN KEY_SIZE [flow_dissector]\\n", argv[0]);
        return 2;
    }
    int dissector = argc == 5 && strcmp(argv[4], "flow_dissector") == 0;
    int prog = bpf_obj_get(argv[1]);
    int map = bpf_obj_get(argv[2]);
    if (prog < 0 || map < 0) {
        fprintf(stderr, "cannot open %s: %s\\n", prog < 0 ? argv[1] : argv[2], strerror(errno));
        return 1;
    }
    size_t key_size = (size_t)strtoul(argv[3], NULL, 10);
    /* Room for a per-CPU map's value too (one rounded-up copy per possible CPU); the first is
     * what is sent back. */
    int cpus = libbpf_num_possible_cpus();
    uint8_t *key = calloc(cpus > 0 ? (size_t)cpus : 1, ((key_size + 7) & ~(size_t)7) + 8);
    static uint8_t pkt[65536];
    uint32_t len, flags = 0;
    struct bpf_flow_keys ctx_in, flow_out;
    while (read_all(&len, 4) == 0) {
        if (len > sizeof(pkt) || (dissector && read_all(&flags, 4) != 0) || read_all(pkt, len) != 0) {
            fprintf(stderr, "bad packet record\\n");
            return 1;
        }
        LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = len, .repeat = 1);
        memset(&flow_out, 0, sizeof(flow_out));
        if (dissector) {
            /* The kernel takes only the flags from ctx_in; every other byte must be zero. */
            memset(&ctx_in, 0, sizeof(ctx_in));
            ctx_in.flags = flags;
            opts.ctx_in = &ctx_in;
            opts.ctx_size_in = sizeof(ctx_in);
            opts.data_out = &flow_out;
            opts.data_size_out = sizeof(flow_out);
        }
        int32_t status = bpf_prog_test_run_opts(prog, &opts) ? -errno : 0;
        uint32_t zero = 0;
        memset(key, 0, key_size);
        if (status == 0 && bpf_map_lookup_elem(map, &zero, key)) status = -errno;
        uint32_t retval = opts.retval;
        fwrite(&status, 4, 1, stdout);
        fwrite(&retval, 4, 1, stdout);
        fwrite(key, 1, key_size, stdout);
        if (dissector) fwrite(&flow_out, 1, sizeof(flow_out), stdout);
    }
    fflush(stdout);
    return 0;
}
`;
