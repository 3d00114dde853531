// core.p4: the declarations every P4_16 program shares (P4_16 spec, appendix "core library").
// Written for p4flow; signature-compatible with the public core.p4.

import { STANDARD_ERROR_NAMES } from "./standard-errors.js";

export const coreP4 = `/* p4flow's core.p4: the P4_16 core library. */
#ifndef _CORE_P4_
#define _CORE_P4_

/* The standard parser errors, in the order p4flow numbers them (NoError = 0). */
error {
${STANDARD_ERROR_NAMES.map((name) => `    ${name}`).join(",\n")}
}

extern packet_in {
    /* Reads a fixed-size header at the cursor and makes it valid. */
    void extract<T>(out T hdr);
    /* Reads a header whose varbit field is variableFieldSizeInBits long. */
    void extract<T>(out T variableSizeHeader, in bit<32> variableFieldSizeInBits);
    /* Reads a value at the cursor without moving it. */
    T lookahead<T>();
    /* Moves the cursor by sizeInBits. */
    void advance(in bit<32> sizeInBits);
    /* The packet's length in bytes. */
    bit<32> length();
}

extern packet_out {
    void emit<T>(in T hdr);
}

extern void verify(in bool check, in error toSignal);

@noWarn("unused")
action NoAction() {}

match_kind {
    exact,
    ternary,
    lpm
}

extern bool static_assert(bool check, string message);
extern bool static_assert(bool check);

#endif
`;
