// The parser IR: the extractor parser as an explicit state machine over flattened storage.
// Every backend (the reference interpreter, the eBPF C emitter) and the flow-key layout consume
// only this; nothing downstream looks at the AST or the type checker's tables.
//
// Conventions that every consumer relies on:
// - Bit offsets and widths are in bits; packet bits are numbered from the first bit on the wire
//   (network order, most significant bit of byte 0 first).
// - Values are bigints; a `bit<W>` value is in [0, 2^W), an `int<W>` value in [-2^(W-1), 2^(W-1)),
//   a bool is 0n or 1n, an error is its code from `IrProgram.errors`.
// - All storage starts zeroed and every header invalid; an invalid header's fields read as 0.
// - Constants are folded: widths, slice bounds, select keysets, stack indices known at compile
//   time are numbers or bigints here, never expressions.

import type { SourceRange } from "../frontend/source.js";
import {
  STANDARD_ERROR_NAMES,
  type StandardErrorName,
} from "../frontend/include/standard-errors.js";

export type IrScalarType =
  | { readonly kind: "bit"; readonly width: number }
  | { readonly kind: "int"; readonly width: number }
  | { readonly kind: "bool" }
  /** A varbit field: its current length in bits is kept beside the value. */
  | { readonly kind: "varbit"; readonly maxWidth: number }
  /** A value of P4's `error` type: the code of a member of `IrProgram.errors`. */
  | { readonly kind: "error" };

// ---------------------------------------------------------------------------------------------
// Storage

export type IrStorage = IrScalarSlot | IrHeader | IrStack | IrUnion | IrStruct;

/** One scalar location: a struct field, a local variable, a header field, a hidden counter. */
export interface IrScalarSlot {
  readonly kind: "scalar";
  readonly id: number;
  /** The P4 path, e.g. "hdr.ipv4.ttl", "meta.l4_proto", "parse_mpls$depth" for hidden slots. */
  readonly path: string;
  readonly type: IrScalarType;
  /** For serializable/plain enums kept as numbers: the member names by value, for decoders. */
  readonly enumMembers?: readonly { readonly name: string; readonly value: bigint }[];
  /** For a header field: the header that owns it (index in IrProgram.headers), whose validity
   *  guards every read of the slot. Absent for slots outside headers. */
  readonly header?: number;
  /** How tools show the value, from `@p4flow_format` (field-format.ts). */
  readonly format?: IrFieldFormat;
}

/** An address kind, or "number" (never an address). */
export type IrFieldFormat = "ipv4" | "ipv6" | "mac" | "number";

export interface IrHeaderField {
  readonly name: string;
  /** The scalar slot that holds this field (slots of header fields are listed in IrProgram.slots). */
  readonly slot: number;
  readonly type: IrScalarType;
  /** Offset from the header's first bit, counting a varbit field before it as 0 bits. */
  readonly bitOffset: number;
  /** True for fields after the header's varbit field: add the varbit's run-time length. */
  readonly afterVarbit: boolean;
}

export interface IrHeader {
  readonly kind: "header";
  /** Index in IrProgram.headers. */
  readonly id: number;
  readonly path: string;
  readonly typeName: string;
  readonly fields: readonly IrHeaderField[];
  /** Sum of the fixed-width fields' widths. */
  readonly fixedBits: number;
  /** Index in `fields` of the varbit field, if the header has one (the spec allows at most one). */
  readonly varbitField?: number;
  /** Bit index in the flow key's validity bitmap; absent for headers outside the key (locals). */
  readonly validBit?: number;
  /** Set when this header is a member of a union: extracting or validating it invalidates the others. */
  readonly unionId?: number;
}

export interface IrStack {
  readonly kind: "stack";
  /** Index in IrProgram.stacks. */
  readonly id: number;
  readonly path: string;
  readonly elementTypeName: string;
  readonly size: number;
  /** Elements are headers, or unions for a stack of header unions. */
  readonly elements: readonly (IrHeader | IrUnion)[];
  /** The hidden `nextIndex` counter (bit<32>), a slot outside the key. */
  readonly nextIndexSlot: number;
}

export interface IrUnion {
  readonly kind: "union";
  /** Index in IrProgram.unions. */
  readonly id: number;
  readonly path: string;
  readonly typeName: string;
  readonly members: readonly IrHeader[];
}

export interface IrStruct {
  readonly kind: "struct";
  readonly path: string;
  readonly typeName: string;
  readonly members: readonly { readonly name: string; readonly storage: IrStorage }[];
}

// ---------------------------------------------------------------------------------------------
// References

/** A header named statically, or a stack element chosen at run time. */
export type IrHeaderRef =
  | { readonly kind: "header"; readonly header: number }
  | { readonly kind: "stackElement"; readonly stack: number; readonly index: IrExpr };

export type IrLValue =
  | { readonly kind: "slot"; readonly slot: number }
  /** Field `field` (index into the element header's fields) of a stack element chosen at run time. */
  | {
      readonly kind: "stackField";
      readonly stack: number;
      readonly index: IrExpr;
      readonly field: number;
    };

// ---------------------------------------------------------------------------------------------
// Expressions (every node carries its result type)

export type IrBinaryOp =
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "|+|"
  | "|-|"
  | "<<"
  | ">>"
  | "&"
  | "|"
  | "^"
  | "=="
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "&&"
  | "||";

export type IrExpr =
  | { readonly kind: "const"; readonly type: IrScalarType; readonly value: bigint }
  | { readonly kind: "slot"; readonly type: IrScalarType; readonly slot: number }
  /** Reading a stack element's field at a run-time index; an index out of range reads 0. */
  | {
      readonly kind: "stackField";
      readonly type: IrScalarType;
      readonly stack: number;
      readonly index: IrExpr;
      readonly field: number;
    }
  /** An index out of range is not valid. */
  | { readonly kind: "isValid"; readonly type: IrScalarType; readonly header: IrHeaderRef }
  | {
      readonly kind: "unary";
      readonly type: IrScalarType;
      readonly op: "!" | "~" | "-";
      readonly arg: IrExpr;
    }
  | {
      readonly kind: "binary";
      readonly type: IrScalarType;
      readonly op: IrBinaryOp;
      readonly left: IrExpr;
      readonly right: IrExpr;
    }
  | {
      readonly kind: "concat";
      readonly type: IrScalarType;
      readonly left: IrExpr;
      readonly right: IrExpr;
    }
  /** Bits [high:low] of arg, both inclusive, as bit<high-low+1>. */
  | {
      readonly kind: "slice";
      readonly type: IrScalarType;
      readonly arg: IrExpr;
      readonly high: number;
      readonly low: number;
    }
  /** bit<->int of one width, widening/narrowing, bool<->bit<1>; the spec's cast rules. */
  | { readonly kind: "cast"; readonly type: IrScalarType; readonly arg: IrExpr }
  | {
      readonly kind: "ternary";
      readonly type: IrScalarType;
      readonly cond: IrExpr;
      readonly then: IrExpr;
      readonly else: IrExpr;
    }
  /** packet_in.length(): the packet's length in bytes, as bit<32>. */
  | { readonly kind: "packetLength"; readonly type: IrScalarType }
  /**
   * p4flow.p4's packet_offset(p): the cursor's position in whole bytes from the first byte of the
   * packet data (a flow_dissector parse starts at nhoff, not 0), as bit<32>.
   */
  | { readonly kind: "packetOffset"; readonly type: IrScalarType }
  /** The current length in bits of a varbit slot, as bit<32>. */
  | { readonly kind: "varbitLength"; readonly type: IrScalarType; readonly slot: number };

// ---------------------------------------------------------------------------------------------
// Operations inside a state, run in order

export type IrOp =
  IrExtract | IrLookahead | IrAdvance | IrAssign | IrSetValidity | IrVerify | IrIf | IrStackShift;

interface OpBase {
  /** The P4 statement this op came from, for comments in generated code and for debugging. */
  readonly range?: SourceRange;
}

/**
 * Reads the header's bits at the cursor into its fields, marks it valid (and its union siblings
 * invalid), and moves the cursor. Too few bits left: PacketTooShort, nothing is written.
 * `stackNext`: the element at the stack's nextIndex, then nextIndex += 1; nextIndex == size:
 * StackOutOfBounds. `varbitBits`: the two-argument extract's run-time size of the varbit field;
 * larger than the field's maximum: HeaderTooShort; not a multiple of 8 is allowed.
 */
export interface IrExtract extends OpBase {
  readonly kind: "extract";
  readonly target: IrHeaderRef | { readonly kind: "stackNext"; readonly stack: number };
  readonly varbitBits?: IrExpr;
}

/**
 * lookahead<T>(): reads `bits` bits at the cursor without moving it and writes them into
 * `dests`, each taking `type`'s width from `bitOffset` within those bits. Too few bits left:
 * PacketTooShort. `setValid` is the header made valid when T is a header type.
 */
export interface IrLookahead extends OpBase {
  readonly kind: "lookahead";
  readonly bits: number;
  readonly dests: readonly {
    readonly target: IrLValue;
    readonly bitOffset: number;
    readonly type: IrScalarType;
  }[];
  readonly setValid?: IrHeaderRef;
}

/** Moves the cursor by `bits` (a run-time amount). Past the end of the packet: PacketTooShort. */
export interface IrAdvance extends OpBase {
  readonly kind: "advance";
  readonly bits: IrExpr;
}

export interface IrAssign extends OpBase {
  readonly kind: "assign";
  readonly target: IrLValue;
  readonly value: IrExpr;
}

/** setValid()/setInvalid() and the validity half of a whole-header assignment. */
export interface IrSetValidity extends OpBase {
  readonly kind: "setValidity";
  readonly header: IrHeaderRef;
  readonly valid: IrExpr;
}

/** verify(condition, error): false sets the parser error and rejects. */
export interface IrVerify extends OpBase {
  readonly kind: "verify";
  readonly condition: IrExpr;
  readonly error: number;
}

export interface IrIf extends OpBase {
  readonly kind: "if";
  readonly condition: IrExpr;
  readonly then: readonly IrOp[];
  readonly else: readonly IrOp[];
}

/** push_front(count) / pop_front(count) on a stack. */
export interface IrStackShift extends OpBase {
  readonly kind: "stackShift";
  readonly stack: number;
  readonly direction: "pushFront" | "popFront";
  readonly count: number;
}

// ---------------------------------------------------------------------------------------------
// States and transitions

export type IrTarget =
  | { readonly kind: "state"; readonly state: number }
  | { readonly kind: "accept" }
  /** An explicit `transition reject`: the parser error stays what it was (NoError if unset). */
  | { readonly kind: "reject" };

export type IrKeyset =
  | { readonly kind: "any" }
  | { readonly kind: "value"; readonly value: bigint }
  | { readonly kind: "mask"; readonly value: bigint; readonly mask: bigint }
  | { readonly kind: "range"; readonly low: bigint; readonly high: bigint };

export type IrSelectCase =
  | {
      readonly kind: "keysets";
      /** One keyset per select key. */
      readonly keysets: readonly IrKeyset[];
      readonly target: IrTarget;
      readonly range?: SourceRange;
    }
  /** Matches when the tuple of keys is one of the value set's entries (filled from userspace). */
  | {
      readonly kind: "valueSet";
      readonly valueSet: number;
      readonly target: IrTarget;
      readonly range?: SourceRange;
    };

export type IrTransition =
  | { readonly kind: "direct"; readonly target: IrTarget; readonly range?: SourceRange }
  /** Cases are tried in order; when none matches: NoMatch and reject. */
  | {
      readonly kind: "select";
      readonly keys: readonly IrExpr[];
      readonly cases: readonly IrSelectCase[];
      readonly range?: SourceRange;
    };

export interface IrState {
  /** Index in IrProgram.states. */
  readonly id: number;
  /** The P4 name; inlined sub-parser states are prefixed with the instance path ("vlan_p.start"). */
  readonly name: string;
  readonly ops: readonly IrOp[];
  readonly transition: IrTransition;
  readonly range?: SourceRange;
}

export interface IrValueSet {
  readonly id: number;
  readonly name: string;
  /** The types of the tuple's components (one for a scalar value set). */
  readonly keyTypes: readonly IrScalarType[];
  /** The declared maximum number of entries. */
  readonly size: number;
}

/** The code of each standard error (its index in STANDARD_ERROR_NAMES). */
export const STANDARD_ERROR_CODE = Object.fromEntries(
  STANDARD_ERROR_NAMES.map((name, code) => [name, code]),
) as { readonly [N in StandardErrorName]: number };

/** The width in bits of an error code wherever one is stored (the IR's scalar width, the key). */
export const ERROR_CODE_BITS = 16;

export interface IrError {
  readonly name: string;
  readonly code: number;
}

export interface IrProgram {
  /** The P4 parser's name. */
  readonly name: string;
  /**
   * The flow key's roots in order: the parser's `out` headers parameter, then its `inout` user
   * metadata, if any. The layout is computed from these alone.
   */
  readonly key: readonly { readonly param: string; readonly storage: IrStorage }[];
  /** Parser locals, inlined sub-parser locals and temporaries: storage outside the key. */
  readonly locals: readonly IrStorage[];
  /** Every scalar slot, indexed by id (key fields, locals, hidden counters). */
  readonly slots: readonly IrScalarSlot[];
  /** Every header instance, indexed by id; key headers first, in validity-bit order. */
  readonly headers: readonly IrHeader[];
  readonly stacks: readonly IrStack[];
  readonly unions: readonly IrUnion[];
  readonly states: readonly IrState[];
  readonly start: number;
  readonly errors: readonly IrError[];
  readonly valueSets: readonly IrValueSet[];
  /** State visits allowed before ParserTimeout (the spec's bound on loops). */
  readonly maxIterations: number;
  /**
   * Set when the parser's metadata is p4flow.p4's `bpf_flow_keys_t` (a FlowDissector program):
   * the slot of each of its fields by name. The kernel fills nhoff, thoff, n_proto and flags
   * before the parse starts at nhoff; the flow_dissector target copies every field back.
   */
  readonly dissector?: Readonly<Record<string, number>>;
}

/** Where a parse begins: the cursor's first byte and slot values set before the start state. */
export interface ParseEntry {
  readonly offset: number;
  readonly slots: readonly (readonly [slot: number, value: bigint])[];
}
