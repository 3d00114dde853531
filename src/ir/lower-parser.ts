// Lowers the typed extractor parser into the IR: storage for the key and the locals, then each
// state's statements into ops and its transition into a direct or select transition with
// constant keysets. Parser-local initializers run in a preamble state before `start`.

import { messages } from "../diagnostics/catalog.js";
import { DiagnosticSink } from "../diagnostics/sink.js";
import type * as A from "../frontend/ast.js";
import { printExpression } from "../frontend/printer.js";
import type { SourceRange } from "../frontend/source.js";
import { ConstantEvaluator } from "../typecheck/constants.js";
import { Environment } from "../typecheck/environment.js";
import { TypeResolver } from "../typecheck/resolve-types.js";
import type { TypedProgram } from "../typecheck/typed-program.js";
import type * as Ir from "./ir.js";
import {
  asType,
  BOOL_T,
  constExpr,
  headerRef,
  lowerPlace,
  lowerValue,
  Unsupported,
  unsupported,
  type Binding,
  type ExpressionContext,
} from "./lower-expressions.js";
import { scalarType, StorageAllocator } from "./lower-storage.js";
import { scalarWidth } from "./widths.js";

export const DEFAULT_MAX_ITERATIONS = 64;

export interface LowerOptions {
  readonly maxIterations?: number;
}

export function lowerToIr(
  typed: TypedProgram,
  sink: DiagnosticSink,
  options: LowerOptions = {},
): Ir.IrProgram | undefined {
  const x = typed.extractor;
  if (!x) return undefined;
  const before = sink.errorCount;
  // A private resolver over the same program: its diagnostics were reported by the checker.
  const quiet = new DiagnosticSink();
  const env = new Environment(typed.program, quiet);
  const constants = new ConstantEvaluator(env);
  const types = new TypeResolver(env, constants, quiet);
  const storage = new StorageAllocator();
  const scopes: Map<string, Binding>[] = [new Map()];
  const errorCodes = new Map(typed.errors.map((e) => [e.name, e.code] as const));
  let pending: Ir.IrOp[] = [];
  let temps = 0;

  const c: ExpressionContext = {
    sink,
    env,
    types,
    constants,
    storage,
    errorCodes,
    lookup: (name) => {
      for (let i = scopes.length - 1; i >= 0; i--) {
        const b = scopes[i]!.get(name);
        if (b) return b;
      }
      return undefined;
    },
    emit: (op) => pending.push(op),
    temp: (t) => storage.slot(`$tmp${temps++}`, t),
  };

  // The key: the out headers, then the user metadata.
  const key: { param: string; storage: Ir.IrStorage }[] = [];
  for (const p of [x.headersParam, x.metaParam]) {
    if (!p) continue;
    const s = storage.allocate(p.name.name, types.resolve(p.type));
    if (!s) {
      sink.report(messages.unsupportedConstruct, p.type.range, {
        what: `a flow key of type '${printExpression({ kind: "TypeExpression", type: p.type, range: p.range })}'`,
      });
      return undefined;
    }
    key.push({ param: p.name.name, storage: s });
    scopes[0]!.set(p.name.name, { kind: "storage", storage: s });
  }
  storage.endKey();
  scopes[0]!.set(x.packetParam.name.name, { kind: "packet" });

  const locals: Ir.IrStorage[] = [];
  const valueSets: Ir.IrValueSet[] = [];
  const preamble: Ir.IrOp[] = [];
  const parser = x.parser;
  const guard = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      if (e instanceof Unsupported) return undefined;
      throw e;
    }
  };

  for (const l of parser.locals) {
    guard(() => {
      switch (l.kind) {
        case "ConstantDeclaration": {
          const v = constants.evaluate(l.value);
          const st = scalarType(types.resolve(l.type));
          if (v === undefined || !st)
            return unsupported(c, l.range, `the parser-local constant '${l.name.name}'`);
          scopes[0]!.set(l.name.name, {
            kind: "constant",
            value: { kind: "ir", e: constExpr(v, st.type) },
          });
          return;
        }
        case "VariableDeclaration": {
          const s = storage.allocate(`${parser.name.name}.${l.name.name}`, types.resolve(l.type));
          if (!s) return unsupported(c, l.range, `the parser-local variable '${l.name.name}'`);
          locals.push(s);
          scopes[0]!.set(l.name.name, { kind: "storage", storage: s });
          if (l.initializer)
            preamble.push(
              ...withPending(() =>
                assign(c, { kind: "storage", storage: s }, l.initializer!, l.range),
              ),
            );
          return;
        }
        case "ValueSetDeclaration": {
          const t = types.resolve(l.elementType);
          const size = constants.evaluate(l.size);
          const parts =
            t.kind === "tuple"
              ? t.elements
              : t.kind === "struct"
                ? t.fields.map((f) => f.type)
                : [t];
          const keyTypes = parts.map((p) => scalarType(p)?.type);
          if (size === undefined || keyTypes.some((k) => k === undefined))
            return unsupported(c, l.range, `the value set '${l.name.name}'`);
          const id = valueSets.length;
          valueSets.push({
            id,
            name: l.name.name,
            keyTypes: keyTypes as Ir.IrScalarType[],
            size: Number(size),
          });
          scopes[0]!.set(l.name.name, { kind: "valueSet", id });
          return;
        }
        default:
          return unsupported(
            c,
            l.range,
            `a parser-local ${l.kind.replace("Declaration", "").toLowerCase()} (sub-parsers and externs)`,
          );
      }
    });
  }

  function withPending(f: () => Ir.IrOp[]): Ir.IrOp[] {
    const saved = pending;
    pending = [];
    try {
      const ops = f();
      return [...pending, ...ops];
    } finally {
      pending = saved;
    }
  }

  const stateIds = new Map<string, number>();
  const offset = preamble.length > 0 ? 1 : 0;
  parser.states.forEach((s, i) => stateIds.set(s.name.name, i + offset));
  const target = (id: A.Identifier): Ir.IrTarget =>
    id.name === "accept"
      ? { kind: "accept" }
      : id.name === "reject"
        ? { kind: "reject" }
        : { kind: "state", state: stateIds.get(id.name) ?? 0 };

  const states: Ir.IrState[] = [];
  if (offset) {
    states.push({
      id: 0,
      name: "$init",
      ops: preamble,
      transition: { kind: "direct", target: { kind: "state", state: stateIds.get("start") ?? 1 } },
    });
  }
  for (const s of parser.states) {
    scopes.push(new Map());
    const ops = s.statements.flatMap(
      (st) => guard(() => withPending(() => statement(c, st, scopes))) ?? [],
    );
    const transition =
      guard(() => lowerTransition(c, s, target, ops)) ??
      ({ kind: "direct", target: { kind: "reject" } } as Ir.IrTransition);
    scopes.pop();
    states.push({ id: states.length, name: s.name.name, ops, transition, range: s.range });
  }
  if (sink.errorCount > before) return undefined;
  return {
    name: parser.name.name,
    key,
    locals,
    slots: storage.slots,
    headers: storage.headers,
    stacks: storage.stacks,
    unions: storage.unions,
    states,
    start: offset ? 0 : (stateIds.get("start") ?? 0),
    errors: typed.errors,
    valueSets,
    maxIterations: options.maxIterations ?? DEFAULT_MAX_ITERATIONS,
  };
}

function lowerTransition(
  c: ExpressionContext,
  s: A.ParserState,
  target: (id: A.Identifier) => Ir.IrTarget,
  ops: Ir.IrOp[],
): Ir.IrTransition {
  const t = s.transition;
  if (!t) return { kind: "direct", target: { kind: "reject" }, range: s.range };
  if (t.kind === "DirectTransition")
    return { kind: "direct", target: target(t.target), range: t.range };
  // Keys may need lookahead ops, which run at the end of the state, before the select.
  const pendingOps: Ir.IrOp[] = [];
  const inner: ExpressionContext = { ...c, emit: (op) => pendingOps.push(op) };
  const keys = t.select.keys.map((k) => {
    const v = lowerValue(inner, k);
    return v.kind === "ir"
      ? v.e
      : unsupported(c, k.range, "a select key that is an unsized constant");
  });
  ops.push(...pendingOps);
  const cases: Ir.IrSelectCase[] = [];
  for (const cs of t.select.cases) {
    const whole =
      cs.keysets.length === 1 &&
      (cs.keysets[0]!.kind === "DefaultKeyset" || cs.keysets[0]!.kind === "DontCareKeyset");
    if (whole) {
      cases.push({
        kind: "keysets",
        keysets: keys.map(() => ({ kind: "any" })),
        target: target(cs.target),
        range: cs.range,
      });
      continue;
    }
    if (cs.keysets.length === 1 && cs.keysets[0]!.kind === "ExpressionKeyset") {
      const only = cs.keysets[0]!.value;
      if (only.kind === "NameExpression") {
        const b = c.lookup(only.name.name);
        if (b?.kind === "valueSet") {
          cases.push({
            kind: "valueSet",
            valueSet: b.id,
            target: target(cs.target),
            range: cs.range,
          });
          continue;
        }
      }
    }
    const keysets = cs.keysets.map((k, i) => keyset(c, k, keys[i]?.type ?? BOOL_T));
    cases.push({ kind: "keysets", keysets, target: target(cs.target), range: cs.range });
  }
  return { kind: "select", keys, cases, range: t.range };
}

function constantOf(c: ExpressionContext, e: A.Expression, type: Ir.IrScalarType): bigint {
  try {
    const v = lowerValue({ ...c, emit: () => unsupported(c, e.range, "lookahead in a keyset") }, e);
    if (v.kind === "int") {
      const w = scalarWidth(type);
      const fits =
        type.kind === "int"
          ? v.value >= -(1n << BigInt(w - 1)) && v.value < 1n << BigInt(w - 1)
          : v.value >= 0n && v.value < 1n << BigInt(w);
      if (!fits)
        c.sink.report(messages.keysetTooWide, e.range, { value: printExpression(e), width: w });
      return BigInt.asUintN(w, v.value);
    }
    if (v.e.kind === "const") return BigInt.asUintN(scalarWidth(type), v.e.value);
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err;
  }
  c.sink.report(messages.keysetNotConstant, e.range, { text: printExpression(e) });
  throw new Unsupported("keyset");
}

function keyset(c: ExpressionContext, k: A.Keyset, type: Ir.IrScalarType): Ir.IrKeyset {
  switch (k.kind) {
    case "DefaultKeyset":
    case "DontCareKeyset":
      return { kind: "any" };
    case "ExpressionKeyset":
      return { kind: "value", value: constantOf(c, k.value, type) };
    case "MaskKeyset":
      return {
        kind: "mask",
        value: constantOf(c, k.value, type),
        mask: constantOf(c, k.mask, type),
      };
    case "RangeKeyset":
      return { kind: "range", low: constantOf(c, k.low, type), high: constantOf(c, k.high, type) };
  }
}

// Statements ------------------------------------------------------------------------------------

function statement(
  c: ExpressionContext,
  st: A.Statement,
  scopes: Map<string, Binding>[],
): Ir.IrOp[] {
  switch (st.kind) {
    case "EmptyStatement":
      return [];
    case "BlockStatement": {
      scopes.push(new Map());
      try {
        return st.statements.flatMap((s) => statement(c, s, scopes));
      } finally {
        scopes.pop();
      }
    }
    case "AssignmentStatement": {
      if (st.operator !== "=") {
        const op = st.operator.slice(0, -1) as A.BinaryOperator;
        const value: A.BinaryExpression = {
          kind: "BinaryExpression",
          operator: op,
          left: st.target,
          right: st.value,
          range: st.range,
        };
        return assign(c, lowerPlace(c, st.target), value, st.range);
      }
      return assign(c, lowerPlace(c, st.target), st.value, st.range);
    }
    case "IfStatement": {
      const condition = asType(c, lowerValue(c, st.condition), BOOL_T, st.condition.range);
      const then = statement(c, st.then, scopes);
      const els = st.else ? statement(c, st.else, scopes) : [];
      return [{ kind: "if", condition, then, else: els, range: st.range }];
    }
    case "DeclarationStatement": {
      const d = st.declaration;
      if (d.kind === "ConstantDeclaration") {
        const v = c.constants.evaluate(d.value);
        const t = scalarType(c.types.resolve(d.type));
        if (v === undefined || !t) return unsupported(c, d.range, `the constant '${d.name.name}'`);
        scopes[scopes.length - 1]!.set(d.name.name, {
          kind: "constant",
          value: { kind: "ir", e: constExpr(v, t.type) },
        });
        return [];
      }
      if (d.kind !== "VariableDeclaration")
        return unsupported(c, d.range, "an instantiation inside a parser state");
      const s = c.storage.allocate(`$local.${d.name.name}`, c.types.resolve(d.type));
      if (!s) return unsupported(c, d.range, `the variable '${d.name.name}'`);
      scopes[scopes.length - 1]!.set(d.name.name, { kind: "storage", storage: s });
      // A state-local variable is zeroed on each entry unless initialised: p4flow's choice for
      // the spec's "uninitialized", identical in every engine.
      return d.initializer
        ? assign(c, { kind: "storage", storage: s }, d.initializer, d.range)
        : zero(s);
    }
    case "CallStatement":
      return call(c, st.call, st.range);
    default:
      return unsupported(
        c,
        st.range,
        `a ${st.kind.replace("Statement", "").toLowerCase()} statement in a parser state`,
      );
  }
}

function zero(s: Ir.IrStorage): Ir.IrOp[] {
  switch (s.kind) {
    case "scalar":
      return [
        { kind: "assign", target: { kind: "slot", slot: s.id }, value: constExpr(0n, s.type) },
      ];
    case "header":
      return [
        {
          kind: "setValidity",
          header: { kind: "header", header: s.id },
          valid: constExpr(0n, BOOL_T),
        },
      ];
    case "struct":
      return s.members.flatMap((m) => zero(m.storage));
    case "union":
      return s.members.flatMap(zero);
    case "stack":
      return [
        ...s.elements.flatMap(zero),
        {
          kind: "assign",
          target: { kind: "slot", slot: s.nextIndexSlot },
          value: constExpr(0n, { kind: "bit", width: 32 }),
        },
      ];
  }
}

function assign(
  c: ExpressionContext,
  place: ReturnType<typeof lowerPlace>,
  value: A.Expression,
  range: SourceRange,
): Ir.IrOp[] {
  if (place.kind === "storage" && place.storage.kind === "scalar") {
    return [
      {
        kind: "assign",
        target: { kind: "slot", slot: place.storage.id },
        value: asType(c, lowerValue(c, value), place.storage.type, value.range),
        range,
      },
    ];
  }
  if (place.kind === "stackElementField") {
    return [
      {
        kind: "assign",
        target: {
          kind: "stackField",
          stack: place.stack.id,
          index: place.index,
          field: place.field,
        },
        value: asType(c, lowerValue(c, value), place.type, value.range),
        range,
      },
    ];
  }
  return unsupported(c, range, "an assignment to something other than a scalar field or variable");
}

function call(c: ExpressionContext, e: A.CallExpression, range: SourceRange): Ir.IrOp[] {
  const callee = e.callee;
  if (callee.kind === "NameExpression" && callee.name.name === "verify" && e.args.length === 2) {
    const condition = asType(c, lowerValue(c, e.args[0]!.value), BOOL_T, e.args[0]!.range);
    const err = lowerValue(c, e.args[1]!.value);
    if (err.kind !== "ir" || err.e.kind !== "const" || err.e.type.kind !== "error")
      return unsupported(c, e.args[1]!.range, "verify with an error that is not a constant");
    return [{ kind: "verify", condition, error: Number(err.e.value), range }];
  }
  if (callee.kind !== "MemberExpression")
    return unsupported(c, range, `the call '${printExpression(e)}'`);
  const method = callee.member.name;
  const target = lowerPlace(c, callee.object);
  if (target.kind === "packet") {
    if (method === "extract" && (e.args.length === 1 || e.args.length === 2)) {
      const h = lowerPlace(c, e.args[0]!.value);
      const t: Ir.IrExtract["target"] =
        h.kind === "stackNext"
          ? { kind: "stackNext", stack: h.stack.id }
          : headerRef(c, h, e.args[0]!.range);
      if (e.args.length === 2) {
        const bits = asType(
          c,
          lowerValue(c, e.args[1]!.value),
          { kind: "bit", width: 32 },
          e.args[1]!.range,
        );
        return [{ kind: "extract", target: t, varbitBits: bits, range }];
      }
      return [{ kind: "extract", target: t, range }];
    }
    if (method === "advance" && e.args.length === 1) {
      const bits = lowerValue(c, e.args[0]!.value);
      const b =
        bits.kind === "int"
          ? constExpr(bits.value, { kind: "bit", width: 32 })
          : bits.e.type.kind === "bit" && bits.e.type.width === 32
            ? bits.e
            : ({ kind: "cast", type: { kind: "bit", width: 32 }, arg: bits.e } as Ir.IrExpr);
      return [{ kind: "advance", bits: b, range }];
    }
    if (method === "lookahead") {
      lowerValue(c, e);
      return [];
    }
  }
  if ((method === "setValid" || method === "setInvalid") && e.args.length === 0) {
    return [
      {
        kind: "setValidity",
        header: headerRef(c, target, callee.object.range),
        valid: constExpr(method === "setValid" ? 1n : 0n, BOOL_T),
        range,
      },
    ];
  }
  if (
    (method === "push_front" || method === "pop_front") &&
    target.kind === "storage" &&
    target.storage.kind === "stack" &&
    e.args.length === 1
  ) {
    const n = c.constants.evaluate(e.args[0]!.value);
    if (n === undefined) return unsupported(c, e.args[0]!.range, `${method} by a run-time count`);
    return [
      {
        kind: "stackShift",
        stack: target.storage.id,
        direction: method === "push_front" ? "pushFront" : "popFront",
        count: Number(n),
        range,
      },
    ];
  }
  return unsupported(
    c,
    range,
    `the call '${printExpression(e)}' (sub-parsers and externs other than packet_in and verify)`,
  );
}
