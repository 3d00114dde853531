// ebpf_model.p4: the architecture of p4c's eBPF kernel filter target, declared for reuse of its
// programs (the parser given to ebpfFilter is the extractor). Written for p4flow.

export const ebpfModelP4 = `/* p4flow's ebpf_model.p4: declarations compatible with the eBPF filter architecture. */
#ifndef _EBPF_MODEL_P4_
#define _EBPF_MODEL_P4_

#include <core.p4>

const bool true_value = true;

extern CounterArray {
    CounterArray(bit<32> max_index, bool sparse);
    void increment(in bit<32> index);
    void add(in bit<32> index, in bit<32> value);
}

extern array_table {
    array_table(bit<32> size);
}

extern hash_table {
    hash_table(bit<32> size);
}

parser parse<H>(packet_in packet, out H headers);
control filter<H>(inout H headers, out bool accept);

package ebpfFilter<H>(parse<H> prs, filter<H> filt);

#endif
`;
