// Call typing for the body checker: packet_in's methods (headers for extract, fixed widths for
// lookahead), extern objects' and functions' methods with their overloads and type variables,
// actions, tables' apply, header validity methods, stack shifts and verify; arguments are bound
// to parameters and checked by type and direction. Calls with no rule here are `unknown`, with
// a warning naming them.

import { messages } from "../diagnostics/catalog.js";
import { assertNever } from "../diagnostics/diagnostic.js";
import type * as A from "../frontend/ast.js";
import { printExpression, printType } from "../frontend/printer.js";
import { bindArguments, pickOverload, type Binding } from "./call-arguments.js";
import { closest } from "./suggest.js";
import { BOOL, fixedWidth, INFINT, typeToString, UNKNOWN, type Type } from "./types.js";
import { ExpressionChecker } from "./check-expressions.js";
import { isInt, known, rootName, U32, underlying } from "./body-check-state.js";

export abstract class CallChecker extends ExpressionChecker {
  /**
   * A call of an extern object's method: the overload with as many parameters as arguments, its
   * arguments checked where the parameter's type names no type variable, and its return type
   * with the instance's type arguments in place of the extern's type parameters.
   */
  protected externCall(
    e: A.CallExpression,
    method: string,
    target: Type & { kind: "extern" },
  ): Type {
    const args = e.args.map((a) => a.value);
    const range = e.callee.kind === "MemberExpression" ? e.callee.member.range : e.range;
    const methods = target.decl.methods.filter((m) => !m.isConstructor && m.name.name === method);
    if (methods.length === 0) {
      const names = target.decl.methods.filter((m) => !m.isConstructor).map((m) => m.name.name);
      const guess = closest(method, names);
      this.sink.report(messages.unknownMethod, range, {
        type: target.name,
        method,
        hint: guess ? ` (did you mean '${guess}'?)` : "",
      });
      args.forEach((a) => this.type(a));
      return UNKNOWN;
    }
    const m = pickOverload(methods, e.args)!;
    this.calls.set(e, { kind: "externMethod", decl: target.decl, method: m });
    // The instance's type arguments bind the extern's own type parameters.
    const instance = target.decl.typeParameters.map(
      (t, i) => [t.name.name, target.args[i] ?? UNKNOWN] as const,
    );
    return this.genericCall(
      e,
      `${target.name}.${method}`,
      m.parameters,
      [...target.decl.typeParameters, ...m.typeParameters],
      instance,
      m.returnType,
    );
  }

  /**
   * A call that may involve type variables: explicit type arguments and `bound` (an instance's)
   * bind some, the arguments the rest (see arguments()); the return type is its variable's
   * binding, or the declared type when it names none.
   */
  protected genericCall(
    e: A.CallExpression,
    name: string,
    params: readonly A.Parameter[],
    typeParams: readonly A.TypeParameter[],
    bound: readonly (readonly [string, Type])[],
    returnType: A.TypeRef | undefined,
  ): Type {
    const vars = new Set(typeParams.map((t) => t.name.name));
    const bindings = new Map<string, Type>(bound);
    const own = typeParams.slice(bound.length);
    if (e.typeArgs.length > 0 && e.typeArgs.length !== own.length)
      this.sink.report(messages.typeArgumentCount, e.callee.range, {
        name,
        expected: own.length,
        count: e.typeArgs.length,
      });
    e.typeArgs.forEach((a, i) => {
      const v = own[i];
      if (v && a.kind !== "DontCareTypeRef") bindings.set(v.name.name, this.types.resolve(a));
    });
    this.arguments(e, name, params, vars.size > 0 ? { vars, bound: bindings } : undefined);
    if (!returnType) return { kind: "void" };
    if (
      returnType.kind === "NamedTypeRef" &&
      returnType.typeArgs.length === 0 &&
      vars.has(returnType.name.name)
    )
      return bindings.get(returnType.name.name) ?? UNKNOWN;
    if (!mentions(returnType, vars)) return this.types.resolve(returnType);
    this.sink.report(messages.notChecked, e.range, {
      what: `the result of ${name}, whose type ('${printType(returnType)}') holds a type variable inside another type`,
    });
    return UNKNOWN;
  }

  /**
   * Arguments against the callee's parameters, by position: the count, each value's type, and
   * the direction rule: an `out` or `inout` argument must be something assignable.
   */
  /**
   * With `generic`, the call's type variables: a parameter whose type is one of them takes the
   * type of the first argument given for it (explicit type arguments first), and later ones must
   * fit that type; other parameters naming a variable only have their arguments typed.
   */
  protected arguments(
    e: A.CallExpression,
    callee: string,
    params: readonly A.Parameter[],
    generic?: { readonly vars: ReadonlySet<string>; readonly bound: Map<string, Type> },
  ): void {
    // A direct call binds every parameter; only optional ones and those with a default value
    // may be left out.
    const binding = bindArguments(e.args, params);
    if (!binding.ok) {
      this.reportBinding(e, callee, binding.problem);
      e.args.forEach((a) => this.type(a.value));
      return;
    }
    binding.pairs.forEach(([a, p]) => {
      const v = a.value;
      if (v.kind === "DontCareExpression") return;
      if ((p.direction === "out" || p.direction === "inout") && !this.isLValue(v)) {
        this.sink.report(messages.argumentNotAssignable, v.range, {
          text: printExpression(v),
          param: p.name.name,
          direction: p.direction,
        });
        return;
      }
      if (generic && mentions(p.type, generic.vars)) {
        const name =
          p.type.kind === "NamedTypeRef" && p.type.typeArgs.length === 0 ? p.type.name.name : "";
        if (!generic.vars.has(name))
          this.sink.report(messages.notChecked, v.range, {
            what: `an argument whose parameter type ('${printType(p.type)}' of ${callee}) holds a type variable inside another type`,
          });
        const have = generic.bound.get(name);
        if (have && known(have)) {
          this.assignable(have, v, `parameter '${p.name.name}'`);
          return;
        }
        const t = this.type(v);
        if (generic.vars.has(name) && known(t) && t.kind !== "infint") generic.bound.set(name, t);
        return;
      }
      const t = this.types.resolve(p.type);
      if (t.kind === "extern" || t.kind === "typevar" || !known(t)) {
        this.type(v);
        return;
      }
      // An `int` parameter takes any compile-time integer, sized ones included.
      if (t.kind === "infint" && p.direction === "none") {
        const given = underlying(this.type(v));
        if (known(given) && given.kind !== "infint" && !isInt(given))
          this.sink.report(messages.assignType, v.range, {
            value: typeToString(given),
            target: `parameter '${p.name.name}'`,
            type: "int",
          });
        return;
      }
      this.assignable(t, v, `parameter '${p.name.name}'`);
    });
  }

  protected reportBinding(
    e: A.CallExpression,
    callee: string,
    problem: Extract<Binding, { ok: false }>["problem"],
  ): void {
    switch (problem.kind) {
      case "count":
        this.sink.report(messages.wrongArgumentCount, e.range, {
          method: callee,
          expected:
            problem.min === problem.max ? String(problem.max) : `${problem.min} to ${problem.max}`,
          count: e.args.length,
        });
        return;
      case "mixed":
        this.sink.report(messages.mixedArguments, problem.at.range, { callee });
        return;
      case "unknownName":
        this.sink.report(messages.unknownParameterName, problem.at.name.range, {
          callee,
          name: problem.at.name.name,
        });
        return;
      case "twice":
        this.sink.report(messages.argumentTwice, problem.at.name.range, {
          callee,
          name: problem.at.name.name,
        });
        return;
      case "missing":
        this.sink.report(messages.missingArgument, e.range, {
          callee,
          name: problem.param.name.name,
        });
        return;
      default:
        return assertNever(problem, "argument binding problem");
    }
  }

  protected arity(e: A.CallExpression, method: string, allowed: readonly number[]): boolean {
    if (allowed.includes(e.args.length)) return true;
    this.sink.report(messages.wrongArgumentCount, e.range, {
      method,
      expected: allowed.join(" or "),
      count: e.args.length,
    });
    e.args.forEach((a) => this.type(a.value));
    return false;
  }

  protected call(e: A.CallExpression): Type {
    const args = e.args.map((a) => a.value);
    const VOID: Type = { kind: "void" };
    if (
      e.callee.kind === "NameExpression" &&
      e.callee.name.name === "verify" &&
      !this.lookup("verify")
    ) {
      this.calls.set(e, { kind: "verify" });
      if (!this.arity(e, "verify", [2])) return VOID;
      this.condition(args[0]!, "The first argument of verify");
      const t = this.type(args[1]!);
      if (known(t) && t.kind !== "error")
        this.sink.report(messages.assignType, args[1]!.range, {
          value: typeToString(t),
          target: "verify's error",
          type: "error",
        });
      return VOID;
    }
    if (e.callee.kind !== "MemberExpression") {
      const action =
        e.callee.kind === "NameExpression" ? this.actions.get(e.callee.name.name) : undefined;
      if (action) {
        if (e.typeArgs.length > 0)
          this.sink.report(messages.typeArgumentCount, e.callee.range, {
            name: action.name.name,
            expected: 0,
            count: e.typeArgs.length,
          });
        this.calls.set(e, { kind: "action", decl: action });
        this.arguments(e, action.name.name, action.parameters);
        return VOID;
      }
      // Extern functions overload by their number of parameters.
      const fn =
        e.callee.kind === "NameExpression" && !this.lookup(e.callee.name.name)
          ? this.env
              .lookupAll(e.callee.name.name)
              .filter((d) => d.kind === "ExternFunctionDeclaration")
          : [];
      const one = pickOverload(fn, e.args);
      if (one?.kind === "ExternFunctionDeclaration") {
        this.calls.set(e, { kind: "externFunction", decl: one });
        return this.genericCall(
          e,
          one.name.name,
          one.parameters,
          one.typeParameters,
          [],
          one.returnType,
        );
      }
      const f =
        e.callee.kind === "NameExpression" && !this.lookup(e.callee.name.name)
          ? this.env.lookup(e.callee.name.name)
          : undefined;
      if (f?.kind === "FunctionDeclaration") {
        this.calls.set(e, { kind: "function", decl: f });
        return this.genericCall(e, f.name.name, f.parameters, f.typeParameters, [], f.returnType);
      }
      // An extern constructor, as in a table's `implementation = hash_table(1024)`.
      if (f?.kind === "ExternObjectDeclaration") {
        const ctors = f.methods.filter((m) => m.isConstructor);
        const ctor = pickOverload(ctors, e.args);
        if (ctor) {
          if (e.typeArgs.length > 0 && e.typeArgs.length !== f.typeParameters.length)
            this.sink.report(messages.typeArgumentCount, e.callee.range, {
              name: f.name.name,
              expected: f.typeParameters.length,
              count: e.typeArgs.length,
            });
          this.calls.set(e, { kind: "constructor", decl: f });
          const vars = new Set(f.typeParameters.map((t) => t.name.name));
          const bound = new Map<string, Type>();
          this.arguments(
            e,
            f.name.name,
            ctor.parameters,
            vars.size > 0 ? { vars, bound } : undefined,
          );
          return {
            kind: "extern",
            name: f.name.name,
            decl: f,
            args: f.typeParameters.map((t) => bound.get(t.name.name) ?? UNKNOWN),
          };
        }
      }
      return this.unchecked(e);
    }
    const method = e.callee.member.name;
    const object = e.callee.object;
    const table = object.kind === "NameExpression" ? this.tables.get(object.name.name) : undefined;
    if (table) {
      if (method === "apply") this.calls.set(e, { kind: "tableApply", table });
      if (method !== "apply") {
        this.sink.report(messages.unknownMethod, e.callee.member.range, {
          type: `table ${table.name.name}`,
          method,
          hint: " (a table has only 'apply')",
        });
        args.forEach((a) => this.type(a));
      } else this.arity(e, method, [0]);
      return UNKNOWN;
    }
    const target = this.type(object);
    if (target.kind === "extern" && target.name === "packet_in") return this.packetCall(e, method);
    if (target.kind === "extern") return this.externCall(e, method, target);
    if (/^(min|max)SizeIn(Bits|Bytes)$/.test(method)) {
      this.calls.set(e, { kind: "sizeOf", method });
      this.arity(e, method, [0]);
      return INFINT;
    }
    if (method === "isValid" || method === "setValid" || method === "setInvalid") {
      this.calls.set(e, { kind: "validity", method });
      if (!this.arity(e, method, [0])) return method === "isValid" ? BOOL : VOID;
      if (known(target) && target.kind !== "header" && target.kind !== "union")
        this.sink.report(messages.notAHeaderMethod, e.callee.member.range, {
          method,
          type: typeToString(target),
        });
      return method === "isValid" ? BOOL : VOID;
    }
    // A sub-parser's or a control's apply takes the declaration's parameters.
    if (
      method === "apply" &&
      (target.kind === "parser" || target.kind === "control") &&
      (target.decl.kind === "ParserDeclaration" || target.decl.kind === "ControlDeclaration")
    ) {
      this.calls.set(e, { kind: "apply", decl: target.decl });
      this.arguments(e, `${target.name}.apply`, target.decl.parameters);
      return VOID;
    }
    if (target.kind === "stack" && (method === "push_front" || method === "pop_front")) {
      this.calls.set(e, { kind: "stackShift", method });
      if (!this.arity(e, method, [1])) return VOID;
      const n = this.constants.evaluate(args[0]!);
      if (n === undefined || n < 0n)
        this.sink.report(messages.stackShiftCount, args[0]!.range, { method });
      return VOID;
    }
    // A mistake already reported (an unknown name) is not a second diagnostic.
    if (!known(target)) {
      args.forEach((a) => this.type(a));
      return UNKNOWN;
    }
    return this.unchecked(e);
  }

  /** A call the checker has no rule for: its arguments are typed, and a warning names it. */
  protected unchecked(e: A.CallExpression): Type {
    e.args.forEach((a) => this.type(a.value));
    if (
      e.callee.kind === "NameExpression" &&
      !this.env.lookup(e.callee.name.name) &&
      !this.lookup(e.callee.name.name)
    )
      return UNKNOWN;
    this.sink.report(messages.notChecked, e.range, {
      what: `the call '${printExpression(e)}'`,
    });
    return UNKNOWN;
  }

  protected packetCall(e: A.CallExpression, method: string): Type {
    const args = e.args.map((a) => a.value);
    const VOID: Type = { kind: "void" };
    switch (method) {
      case "extract": {
        this.calls.set(e, { kind: "packet", method });
        if (!this.arity(e, method, [1, 2])) return VOID;
        const root = rootName(args[0]!);
        if (root !== undefined && this.lookup(root) !== undefined && !this.isLValue(args[0]!)) {
          this.sink.report(messages.argumentNotAssignable, args[0]!.range, {
            text: printExpression(args[0]!),
            param: "hdr",
            direction: "out",
          });
          return VOID;
        }
        const h = this.type(args[0]!);
        if (known(h) && h.kind !== "header") {
          this.sink.report(messages.extractNotHeader, args[0]!.range, { type: typeToString(h) });
          return VOID;
        }
        if (h.kind === "header") {
          const varbit = h.fields.some((f) => f.type.kind === "varbit");
          if (varbit !== (args.length === 2))
            this.sink.report(messages.extractForm, e.range, {
              type: typeToString(h),
              reason: varbit
                ? "it has a varbit field, so pass the varbit's size in bits as a second argument"
                : "it has no varbit field, so it takes no size argument",
            });
        }
        if (args[1]) {
          const t = this.type(args[1]);
          this.settle(args[1], U32);
          if (known(t) && !(t.kind === "infint" || (t.kind === "bit" && t.width === 32)))
            this.sink.report(messages.assignType, args[1].range, {
              value: typeToString(t),
              target: "extract's varbit size",
              type: "bit<32>",
            });
        }
        return VOID;
      }
      case "lookahead": {
        this.calls.set(e, { kind: "packet", method });
        if (!this.arity(e, method, [0])) return UNKNOWN;
        const t = e.typeArgs[0] ? this.types.resolve(e.typeArgs[0]) : UNKNOWN;
        if (known(t) && fixedWidth(t) === undefined)
          this.sink.report(messages.lookaheadType, e.range, { type: typeToString(t) });
        return t;
      }
      case "advance": {
        this.calls.set(e, { kind: "packet", method });
        if (!this.arity(e, method, [1])) return VOID;
        const t = this.type(args[0]!);
        this.settle(args[0]!, U32);
        if (known(t) && !(t.kind === "infint" || (t.kind === "bit" && t.width === 32)))
          this.sink.report(messages.assignType, args[0]!.range, {
            value: typeToString(t),
            target: "advance's bit count",
            type: "bit<32>",
          });
        return VOID;
      }
      case "length":
        this.calls.set(e, { kind: "packet", method });
        this.arity(e, method, [0]);
        return U32;
      default: {
        const guess = closest(method, ["extract", "lookahead", "advance", "length"]);
        this.sink.report(
          messages.unknownMethod,
          e.callee.kind === "MemberExpression" ? e.callee.member.range : e.range,
          {
            type: "packet_in",
            method,
            hint: guess ? ` (did you mean '${guess}'?)` : "",
          },
        );
        args.forEach((a) => this.type(a));
        return UNKNOWN;
      }
    }
  }
}

/** Whether a type reference names one of `names` anywhere inside it. */
function mentions(t: A.TypeRef, names: ReadonlySet<string>): boolean {
  switch (t.kind) {
    case "NamedTypeRef":
      return names.has(t.name.name) || t.typeArgs.some((a) => mentions(a, names));
    case "HeaderStackTypeRef":
    case "ListTypeRef":
      return mentions(t.element, names);
    case "TupleTypeRef":
      return t.elements.some((e) => mentions(e, names));
    case "BaseTypeRef":
    case "DontCareTypeRef":
      return false;
    default:
      return assertNever(t, "type reference");
  }
}
