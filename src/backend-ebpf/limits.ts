// Sizes the generated programs are built around; kept in one place because the C prelude and the
// emitters must agree on them.

/** Bytes of packet a single read may load into the scratch buffer (a power of two). */
export const BUF_BYTES_FOR_PRELUDE = 512;

/** Bytes at the end of the scratch buffer that no read loads into: the emitter refuses a header
 *  whose bytes and this slack do not fit, and clamps run-time read lengths to the same bound. */
export const BUF_SLACK_BYTES = 16;

/** The most bytes one read may load into the scratch buffer. */
export const BUF_READ_BYTES = BUF_BYTES_FOR_PRELUDE - BUF_SLACK_BYTES;
