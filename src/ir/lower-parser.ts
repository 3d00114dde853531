// Lowers the typed extractor parser into the IR: storage for the key and the locals, then each
// state's statements into ops and its transition into a direct or select transition with
// constant keysets. Parser-local initializers run in a preamble state before `start`.
//
// Sub-parsers are inlined. `sp.apply(pkt, a, b)` at the top level of a state ends that state
// with a jump to a fresh copy of the sub-parser's states (one copy per call site); its `accept`
// continues in a new state holding the rest of the caller's statements, its `reject` rejects.
// Arguments follow copy-in/copy-out: `in` arguments are copied into the instance's own storage,
// `out` and `inout` arguments are used in place (an `out` argument is first made
// uninitialized: zero, or invalid for headers); the sub-parser's locals are (re)initialized at
// every apply. Each inlined state counts toward --max-parser-iterations like any other.

import { assertNever } from "../diagnostics/diagnostic.js";
import { dissectorBinding } from "./flow-keys.js";
import { messages } from "../diagnostics/catalog.js";
import { DiagnosticSink } from "../diagnostics/sink.js";
import type * as A from "../frontend/ast.js";
import { printExpression } from "../frontend/printer.js";
import type { TypedProgram } from "../typecheck/typed-program.js";
import type * as Ir from "./ir.js";
import { LoweringFacts, type MissedFact } from "./lower-facts.js";
import {
  constExpr,
  lowerPlace,
  Unsupported,
  unsupported,
  type Binding,
  type ExpressionContext,
  type SubParserInstance,
} from "./lower-expressions.js";
import { lowerTransition } from "./lower-select.js";
import { assign, statement, zero } from "./lower-statements.js";
import { scalarType, StorageAllocator } from "./lower-storage.js";

export const DEFAULT_MAX_ITERATIONS = 64;
/** Sub-parsers applying sub-parsers: deeper than this is reported (P4 forbids recursion). */
const MAX_INLINE_DEPTH = 16;

export interface LowerOptions {
  readonly maxIterations?: number;
  /** Hears of a fact the checker's tables lacked (a checker bug; tests require none). */
  readonly missed?: MissedFact;
}

/** What every parser body lowered for one program shares: the expression context's tables, and
 *  the states, locals and value sets being built. */
interface Shared extends Pick<ExpressionContext, "sink" | "facts" | "storage" | "errorCodes"> {
  readonly states: (Ir.IrState | undefined)[];
  readonly locals: Ir.IrStorage[];
  readonly valueSets: Ir.IrValueSet[];
  temps: number;
}

/** Runs f; an Unsupported construct (already reported) gives undefined. */
function guard<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

export function lowerToIr(
  typed: TypedProgram,
  sink: DiagnosticSink,
  options: LowerOptions = {},
): Ir.IrProgram | undefined {
  const x = typed.extractor;
  if (!x) return undefined;
  const before = sink.errorCount;
  const sh: Shared = {
    sink,
    facts: new LoweringFacts(typed, options.missed),
    storage: new StorageAllocator(sink),
    errorCodes: new Map(typed.errors.map((e) => [e.name, e.code] as const)),
    states: [],
    locals: [],
    valueSets: [],
    temps: 0,
  };

  // The key: the out headers, then the user metadata.
  const top = new Map<string, Binding>();
  const key: { param: string; storage: Ir.IrStorage }[] = [];
  for (const p of [x.headersParam, x.metaParam]) {
    if (!p) continue;
    const s = sh.storage.allocate(p.name.name, sh.facts.typeOf(p.type));
    if (!s) {
      sink.report(messages.unsupportedConstruct, p.type.range, {
        what: `a flow key of type '${printExpression({ kind: "TypeExpression", type: p.type, range: p.range })}'`,
      });
      return undefined;
    }
    key.push({ param: p.name.name, storage: s });
    top.set(p.name.name, { kind: "storage", storage: s });
  }
  sh.storage.endKey();
  top.set(x.packetParam.name.name, { kind: "packet" });

  // State 0 is the preamble when the parser's locals need initializing.
  const init = reserve(sh);
  const body = new ParserBody(sh, x.parser, x.parser.name.name, top, { kind: "accept" }, 0);
  const preamble = body.declareLocals();
  const start = body.lower();
  sh.states[init] = {
    id: init,
    name: "$init",
    ops: preamble,
    transition: { kind: "direct", target: start },
  };
  if (sink.errorCount > before) return undefined;
  // Without a preamble, drop state 0 and renumber.
  const states = (preamble.length > 0 ? sh.states : renumber(sh.states.slice(1))) as Ir.IrState[];
  const startId = preamble.length > 0 ? init : start.kind === "state" ? start.state - 1 : undefined;
  if (startId === undefined) return undefined;
  const dissector = dissectorBinding(key);
  return {
    name: x.parser.name.name,
    key,
    locals: sh.locals,
    slots: sh.storage.slots,
    headers: sh.storage.headers,
    stacks: sh.storage.stacks,
    unions: sh.storage.unions,
    states,
    start: startId,
    errors: typed.errors,
    valueSets: sh.valueSets,
    maxIterations: options.maxIterations ?? DEFAULT_MAX_ITERATIONS,
    ...(dissector ? { dissector } : {}),
  };
}

function reserve(sh: Shared): number {
  sh.states.push(undefined);
  return sh.states.length - 1;
}

/** Shifts every state id down by one (the unused preamble at 0 removed). */
function renumber(states: readonly (Ir.IrState | undefined)[]): Ir.IrState[] {
  const t = (x: Ir.IrTarget): Ir.IrTarget =>
    x.kind === "state" ? { kind: "state", state: x.state - 1 } : x;
  return states.map((s) => {
    const st = s!;
    const tr = st.transition;
    return {
      ...st,
      id: st.id - 1,
      transition:
        tr.kind === "direct"
          ? { ...tr, target: t(tr.target) }
          : { ...tr, cases: tr.cases.map((cs) => ({ ...cs, target: t(cs.target) })) },
    };
  });
}

/** One parser's locals and states, lowered once per call site (the top parser: once). */
class ParserBody {
  private readonly scopes: Map<string, Binding>[];
  private readonly c: ExpressionContext;
  private pending: Ir.IrOp[] = [];

  constructor(
    private readonly sh: Shared,
    private readonly decl: A.ParserDeclaration,
    /** Prefix of state names and local storage paths: the parser name, or the instance path. */
    private readonly prefix: string,
    params: Map<string, Binding>,
    /** Where the parser's `accept` goes: accept, or the caller's continuation state. */
    private readonly onAccept: Ir.IrTarget,
    private readonly depth: number,
  ) {
    this.scopes = [params, new Map()];
    const { sink, facts, storage, errorCodes } = sh;
    this.c = {
      sink,
      facts,
      storage,
      errorCodes,
      lookup: (name) => {
        for (let i = this.scopes.length - 1; i >= 0; i--) {
          const b = this.scopes[i]!.get(name);
          if (b) return b;
        }
        return undefined;
      },
      emit: (op) => this.pending.push(op),
      temp: (t) => sh.storage.slot(`$tmp${sh.temps++}`, t),
    };
  }

  private withPending(f: () => Ir.IrOp[]): Ir.IrOp[] {
    const saved = this.pending;
    this.pending = [];
    try {
      const ops = f();
      return [...this.pending, ...ops];
    } finally {
      this.pending = saved;
    }
  }

  /** Allocates the parser's locals; returns the ops that initialize them on entry. */
  declareLocals(): Ir.IrOp[] {
    const { c, sh } = this;
    const scope = this.scopes[1]!;
    const ops: Ir.IrOp[] = [];
    for (const l of this.decl.locals) {
      guard(() => {
        switch (l.kind) {
          case "ConstantDeclaration": {
            const v = sh.facts.constant(l.value);
            const st = scalarType(sh.facts.typeOf(l.type));
            if (v === undefined || !st)
              return unsupported(c, l.range, `the parser-local constant '${l.name.name}'`);
            scope.set(l.name.name, {
              kind: "constant",
              value: { kind: "ir", e: constExpr(v, st.type) },
            });
            return;
          }
          case "VariableDeclaration": {
            const path = `${this.prefix}.${l.name.name}`;
            const s = sh.storage.allocate(path, sh.facts.typeOf(l.type));
            if (!s) return unsupported(c, l.range, `the parser-local variable '${l.name.name}'`);
            sh.locals.push(s);
            scope.set(l.name.name, { kind: "storage", storage: s });
            ops.push(...this.initOps(s, l));
            return;
          }
          case "ValueSetDeclaration":
            return this.valueSet(l, scope);
          case "InstantiationDeclaration":
            return this.instance(l, scope);
          case "ExternObjectDeclaration":
          case "ExternFunctionDeclaration":
          case "ActionDeclaration":
          case "FunctionDeclaration":
          case "ParserTypeDeclaration":
          case "ParserDeclaration":
          case "ControlTypeDeclaration":
          case "ControlDeclaration":
          case "PackageTypeDeclaration":
          case "HeaderTypeDeclaration":
          case "HeaderUnionDeclaration":
          case "StructTypeDeclaration":
          case "EnumDeclaration":
          case "TypedefDeclaration":
          case "NewTypeDeclaration":
          case "ErrorDeclaration":
          case "MatchKindDeclaration":
          case "TableDeclaration":
            return unsupported(
              c,
              l.range,
              `a parser-local ${l.kind.replace("Declaration", "").toLowerCase()}`,
            );
          default:
            return assertNever(l, "parser-local declaration");
        }
      });
    }
    return ops;
  }

  private initOps(s: Ir.IrStorage, l: A.VariableDeclaration): Ir.IrOp[] {
    if (!l.initializer) return this.depth > 0 ? zero(s) : [];
    return this.withPending(() =>
      assign(this.c, { kind: "storage", storage: s }, l.initializer!, l.range),
    );
  }

  private valueSet(l: A.ValueSetDeclaration, scope: Map<string, Binding>): void {
    const { sh } = this;
    const t = sh.facts.typeOf(l.elementType);
    const size = sh.facts.constant(l.size);
    const parts =
      t.kind === "tuple" ? t.elements : t.kind === "struct" ? t.fields.map((f) => f.type) : [t];
    const keyTypes = parts.map((p) => scalarType(p)?.type);
    if (size === undefined || keyTypes.some((k) => k === undefined))
      return unsupported(this.c, l.range, `the value set '${l.name.name}'`);
    const id = sh.valueSets.length;
    const name = this.depth === 0 ? l.name.name : `${this.prefix}.${l.name.name}`;
    sh.valueSets.push({ id, name, keyTypes: keyTypes as Ir.IrScalarType[], size: Number(size) });
    scope.set(l.name.name, { kind: "valueSet", id });
  }

  private instance(l: A.InstantiationDeclaration, scope: Map<string, Binding>): void {
    const d =
      l.type.kind === "NamedTypeRef" && l.type.typeArgs.length === 0
        ? this.sh.facts.declarationOf(l.type.name)
        : undefined;
    if (d?.kind !== "ParserDeclaration")
      return unsupported(this.c, l.range, `the instantiation '${l.name.name}' (only sub-parsers)`);
    if (d.constructorParameters.length > 0 || l.args.length > 0 || d.typeParameters.length > 0)
      return unsupported(
        this.c,
        l.range,
        `the sub-parser '${l.name.name}' with constructor or type parameters`,
      );
    const instance: SubParserInstance = {
      path: `${this.prefix}.${l.name.name}`,
      decl: d,
      range: l.range,
      applies: 0,
    };
    scope.set(l.name.name, { kind: "instance", instance });
  }

  /** Lowers every state; returns the target of `start`. */
  lower(): Ir.IrTarget {
    const { sh } = this;
    const ids = new Map<string, number>();
    for (const s of this.decl.states) ids.set(s.name.name, reserve(sh));
    const target = (id: A.Identifier): Ir.IrTarget =>
      id.name === "accept"
        ? this.onAccept
        : id.name === "reject"
          ? { kind: "reject" }
          : { kind: "state", state: ids.get(id.name) ?? 0 };
    for (const s of this.decl.states) this.state(s, ids.get(s.name.name)!, target);
    const start = ids.get("start");
    return start === undefined ? { kind: "reject" } : { kind: "state", state: start };
  }

  private stateName(s: A.ParserState): string {
    return this.depth === 0 ? s.name.name : `${this.prefix}.${s.name.name}`;
  }

  private state(s: A.ParserState, id: number, target: (id: A.Identifier) => Ir.IrTarget): void {
    const { sh, c } = this;
    this.scopes.push(new Map());
    let name = this.stateName(s);
    let ops: Ir.IrOp[] = [];
    let part = 0;
    for (const st of s.statements) {
      const apply = this.applyOf(st);
      if (!apply) {
        ops.push(...(guard(() => this.withPending(() => statement(c, st, this.scopes))) ?? []));
        continue;
      }
      // End this part with a jump into the sub-parser; the rest continues in a new state.
      const next = reserve(sh);
      const entry = guard(() =>
        this.inline(apply.instance, apply.call, { kind: "state", state: next }),
      );
      ops.push(...(entry?.ops ?? []));
      sh.states[id] = {
        id,
        name,
        ops,
        transition: { kind: "direct", target: entry?.start ?? { kind: "reject" }, range: st.range },
        range: s.range,
      };
      id = next;
      name = `${this.stateName(s)}$${++part}`;
      ops = [];
    }
    const transition =
      guard(() => lowerTransition(c, s, target, ops)) ??
      ({ kind: "direct", target: { kind: "reject" } } as Ir.IrTransition);
    this.scopes.pop();
    sh.states[id] = { id, name, ops, transition, range: s.range };
  }

  private applyOf(
    st: A.Statement,
  ): { instance: SubParserInstance; call: A.CallExpression } | undefined {
    if (st.kind !== "CallStatement") return undefined;
    const callee = st.call.callee;
    if (callee.kind !== "MemberExpression" || callee.member.name !== "apply") return undefined;
    if (callee.object.kind !== "NameExpression") return undefined;
    const b = this.c.lookup(callee.object.name.name);
    return b?.kind === "instance" ? { instance: b.instance, call: st.call } : undefined;
  }

  /** Binds the arguments, inlines a copy of the sub-parser's states; returns the entry ops. */
  private inline(
    inst: SubParserInstance,
    call: A.CallExpression,
    cont: Ir.IrTarget,
  ): { ops: Ir.IrOp[]; start: Ir.IrTarget } {
    const { c, sh } = this;
    if (this.depth >= MAX_INLINE_DEPTH)
      return unsupported(c, call.range, `sub-parsers nested deeper than ${MAX_INLINE_DEPTH}`);
    const params = inst.decl.parameters;
    if (call.args.length !== params.length || call.args.some((a) => a.name))
      return unsupported(
        c,
        call.range,
        `'${printExpression(call)}' (pass every argument of the sub-parser, by position)`,
      );
    const bindings = new Map<string, Binding>();
    const ops: Ir.IrOp[] = [];
    params.forEach((p, i) => {
      const arg = call.args[i]!.value;
      const place = lowerPlace(c, arg);
      if (place.kind === "packet") {
        bindings.set(p.name.name, { kind: "packet" });
        return;
      }
      if (p.direction === "out" || p.direction === "inout") {
        if (place.kind !== "storage")
          return unsupported(c, arg.range, `the ${p.direction} argument '${printExpression(arg)}'`);
        if (p.direction === "out") ops.push(...zero(place.storage));
        bindings.set(p.name.name, { kind: "storage", storage: place.storage });
        return;
      }
      // in / directionless: a copy the sub-parser may change without the caller seeing it.
      const s = sh.storage.allocate(`${inst.path}.${p.name.name}`, sh.facts.typeOf(p.type));
      if (!s) return unsupported(c, p.range, `the parameter '${p.name.name}'`);
      sh.locals.push(s);
      ops.push(
        ...this.withPending(() => assign(c, { kind: "storage", storage: s }, arg, arg.range)),
      );
      bindings.set(p.name.name, { kind: "storage", storage: s });
    });
    const prefix = inst.applies === 0 ? inst.path : `${inst.path}#${inst.applies + 1}`;
    inst.applies++;
    const body = new ParserBody(sh, inst.decl, prefix, bindings, cont, this.depth + 1);
    ops.push(...body.declareLocals());
    return { ops, start: body.lower() };
  }
}
