// The one code builder all generated C goes through: lines, indentation, blocks and comments,
// so that emitters never format C by hand.

export class CBuilder {
  private readonly lines: string[] = [];
  private depth = 0;

  line(text = ""): this {
    this.lines.push(text === "" ? "" : "    ".repeat(this.depth) + text);
    return this;
  }

  /** A label sits one level out from the code it labels. */
  label(name: string): this {
    this.lines.push("    ".repeat(Math.max(0, this.depth - 1)) + `${name}:;`);
    return this;
  }

  comment(text: string): this {
    for (const l of text.split("\n")) this.line(`/* ${l.replace(/\*\//g, "* /")} */`);
    return this;
  }

  block(head: string, body: () => void, tail = ""): this {
    this.line(head === "" ? "{" : `${head} {`);
    this.depth++;
    body();
    this.depth--;
    this.line(`}${tail}`);
    return this;
  }

  /**
   * Lines put before line `at` (an index from `length`), indented as that line: declarations
   * made once the code after them shows what it uses.
   */
  insert(at: number, texts: readonly string[]): this {
    const indent = /^ */.exec(this.lines[at] ?? "")![0];
    this.lines.splice(at, 0, ...texts.map((t) => (t === "" ? "" : indent + t)));
    return this;
  }

  /** The lines emitted so far (to measure what a part of the program costs). */
  slice(from: number): readonly string[] {
    return this.lines.slice(from);
  }

  get length(): number {
    return this.lines.length;
  }

  toString(): string {
    return this.lines.join("\n") + "\n";
  }
}

/** A C identifier from any text. */
export function cName(s: string): string {
  const id = s.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  return /^[0-9]/.test(id) ? `_${id}` : id || "_";
}

/** An unsigned 64-bit C literal. */
export function u64(v: bigint): string {
  return `0x${BigInt.asUintN(64, v).toString(16)}ULL`;
}
