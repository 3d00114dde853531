// The command line's exit codes, the contract scripts rely on (README, "Command line"): every
// command returns one of these and main maps whatever escapes to them.

export const EXIT_OK = 0;
/** The input has errors (diagnostics), or the command's check failed. */
export const EXIT_DIAGNOSTICS = 1;
/** Bad usage, an unreadable input, or a tool the command needs is missing. */
export const EXIT_USAGE = 2;
/** A bug in p4flow (or in a tool it runs, such as clang crashing). */
export const EXIT_INTERNAL = 3;
