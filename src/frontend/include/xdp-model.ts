// xdp_model.p4: the architecture of p4c's XDP target, declared for reuse of its programs (the
// parser given to xdp is the extractor). Written for p4flow.

export const xdpModelP4 = `/* p4flow's xdp_model.p4: declarations compatible with the XDP architecture. */
#ifndef _XDP_MODEL_P4_
#define _XDP_MODEL_P4_

#include <ebpf_model.p4>

enum xdp_action {
    XDP_ABORTED,
    XDP_DROP,
    XDP_PASS,
    XDP_TX,
    XDP_REDIRECT
}

struct xdp_input {
    bit<32> input_port;
}

struct xdp_output {
    xdp_action output_action;
    bit<32> output_port;
}

parser xdp_parse<H>(packet_in packet, out H headers);
control xdp_switch<H>(inout H headers, in xdp_input imd, out xdp_output omd);
control xdp_deparse<H>(in H headers, packet_out packet);

package xdp<H>(xdp_parse<H> p, xdp_switch<H> s, xdp_deparse<H> d);

#endif
`;
