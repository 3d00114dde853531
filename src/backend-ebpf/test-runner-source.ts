// The source of a small native helper that runs many packets through a loaded program with
// BPF_PROG_TEST_RUN in one process: it opens the pinned program and key map once, then for each
// packet on stdin runs the program and reads the key back. bpftool's batch mode does the same
// through one command line per packet and JSON output, about twenty times slower.
//
// Protocol (all integers little-endian): argv = program pin, key map pin, key size. stdin is a
// sequence of packets, each a u32 length then its bytes. For each packet stdout gets an i32 status
// (0, or the negative errno of the test run or the map lookup), a u32 retval, then the key bytes.

export const TEST_RUNNER_C = `#include <bpf/bpf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int read_all(void *buf, size_t n) {
    return fread(buf, 1, n, stdin) == n ? 0 : -1;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s PROG_PIN KEYMAP_PIN KEY_SIZE\\n", argv[0]);
        return 2;
    }
    int prog = bpf_obj_get(argv[1]);
    int map = bpf_obj_get(argv[2]);
    if (prog < 0 || map < 0) {
        fprintf(stderr, "cannot open %s: %s\\n", prog < 0 ? argv[1] : argv[2], strerror(errno));
        return 1;
    }
    size_t key_size = (size_t)strtoul(argv[3], NULL, 10);
    uint8_t *key = calloc(1, key_size ? key_size : 1);
    static uint8_t pkt[65536];
    uint32_t len;
    while (read_all(&len, 4) == 0) {
        if (len > sizeof(pkt) || read_all(pkt, len) != 0) {
            fprintf(stderr, "bad packet record\\n");
            return 1;
        }
        LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = len, .repeat = 1);
        int32_t status = bpf_prog_test_run_opts(prog, &opts) ? -errno : 0;
        uint32_t zero = 0;
        memset(key, 0, key_size);
        if (status == 0 && bpf_map_lookup_elem(map, &zero, key)) status = -errno;
        uint32_t retval = opts.retval;
        fwrite(&status, 4, 1, stdout);
        fwrite(&retval, 4, 1, stdout);
        fwrite(key, 1, key_size, stdout);
    }
    fflush(stdout);
    return 0;
}
`;
