// The limits on how much input one compile takes, so that hostile or runaway input (megabytes of
// random bytes, a generated file of 100,000 declarations, a macro that expands without end) ends
// early with a located error instead of exhausting time and memory. The defaults sit far above
// real programs; the command line overrides them (--max-input-size, --max-tokens).

export interface InputLimits {
  /** Characters of any one source file, and of the whole preprocessed program. */
  readonly maxInputChars: number;
  /** Tokens of the preprocessed program. */
  readonly maxTokens: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = {
  maxInputChars: 16 * 1024 * 1024,
  maxTokens: 500_000,
};
