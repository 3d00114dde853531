// Sizes the generated programs are built around; kept in one place because the C prelude and the
// emitters must agree on them.

/** Bytes of packet a single read may load into the scratch buffer (a power of two). */
export const BUF_BYTES_FOR_PRELUDE = 512;
