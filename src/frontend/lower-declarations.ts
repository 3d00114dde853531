// CST→AST lowering of declarations: the program, annotations, parameters, types, externs,
// parsers, controls, tables and the type-leading forms (instantiation, function, variable).

import type { CstNode, IToken } from "chevrotain";
import type * as Cst from "../../grammar/cst.js";
import type * as A from "./ast.js";
import {
  lowerArguments,
  lowerExpression,
  lowerExpressionList,
  lowerName,
  lowerNamedArgument,
  lowerTypeParameters,
  lowerTypeRef,
} from "./lower-expressions.js";
import {
  type LowerContext,
  isNode,
  isToken,
  node,
  nodes,
  tok,
  toks,
  unexpectedRule,
} from "./lower-context.js";
import { lowerBlock, lowerKeysetExpression, lowerParserState } from "./lower-statements.js";

export function lowerProgram(c: LowerContext, n: CstNode): A.Program {
  const ch = (n as Cst.ProgramCstNode).children;
  const declarations = nodes(ch, "declaration").flatMap((d) => lowerDeclaration(c, d) ?? []);
  return { kind: "Program", declarations, range: c.nodeRange(n) };
}

export function lowerAnnotations(c: LowerContext, n: CstNode | undefined): A.Annotation[] {
  if (!n) return [];
  return nodes((n as Cst.AnnotationsCstNode).children, "annotation").map((outer): A.Annotation => {
    const pragma = tok(outer.children, "PragmaLine");
    if (pragma) {
      const range = c.tokenRange(pragma);
      const words = pragma.image
        .slice("@pragma".length)
        .trim()
        .split(/\s+/)
        .filter((w) => w !== "");
      return {
        kind: "Annotation",
        name: { kind: "Identifier", name: "pragma", range },
        body: { kind: "unparsed", tokens: words },
        range,
      };
    }
    const a = node(outer.children, "regularAnnotation")!;
    const ch: Partial<Cst.RegularAnnotationCstChildren> = a?.children ?? {};
    const range = c.nodeRange(a);
    const name = c.identifier(tok(ch, "annotationName"), range);
    const body = node(ch, "annotationBody");
    if (body)
      return {
        kind: "Annotation",
        name,
        body: { kind: "unparsed", tokens: bodyTokens(body) },
        range,
      };
    const brackets = node(ch, "bracketAnnotationBody");
    if (brackets)
      return {
        kind: "Annotation",
        name,
        body: { kind: "unparsed", tokens: bodyTokens(brackets) },
        range,
      };
    const structured = node(ch, "structuredAnnotationBody")?.children;
    const named = structured && node(structured, "namedArgumentList");
    if (named) {
      const items = nodes(named.children, "namedArgument").map((x) => lowerNamedArgument(c, x));
      return { kind: "Annotation", name, body: { kind: "keyValues", items }, range };
    }
    if (tok(ch, "LBracket")) {
      return {
        kind: "Annotation",
        name,
        body: {
          kind: "expressions",
          items: lowerExpressionList(c, structured && node(structured, "expressionList")),
        },
        range,
      };
    }
    return { kind: "Annotation", name, body: { kind: "empty" }, range };
  });
}

/** The token texts of an unparsed annotation body, in source order, nested parentheses included. */
function bodyTokens(n: CstNode): string[] {
  const all: IToken[] = [];
  const walk = (m: CstNode): void => {
    for (const list of Object.values(m.children)) {
      for (const e of list ?? []) {
        if (isToken(e)) all.push(e);
        else if (isNode(e)) walk(e);
      }
    }
  };
  walk(n);
  return all.sort((a, b) => a.startOffset - b.startOffset).map((t) => t.image);
}

export function lowerParameters(c: LowerContext, n: CstNode | undefined): A.Parameter[] {
  if (!n) return [];
  return nodes((n as Cst.ParameterListCstNode).children, "parameter").map((p) => {
    const ch = p.children;
    const def = node(ch, "expression");
    const base = {
      kind: "Parameter" as const,
      annotations: lowerAnnotations(c, node(ch, "annotations")),
      direction: (tok(ch, "direction")?.image ?? "none") as A.Direction,
      type: lowerTypeRef(c, node(ch, "typeRef")),
      name: lowerName(c, node(ch, "name")),
      range: c.nodeRange(p),
    };
    return def ? { ...base, defaultValue: lowerExpression(c, def) } : base;
  });
}

export function lowerConstant(
  c: LowerContext,
  n: CstNode,
  annotations: readonly A.Annotation[],
): A.ConstantDeclaration {
  const ch = (n as Cst.ConstantDeclarationCstNode).children;
  return {
    kind: "ConstantDeclaration",
    annotations,
    type: lowerTypeRef(c, node(ch, "typeRef")),
    name: lowerName(c, node(ch, "name")),
    value: lowerExpression(c, node(ch, "expression")),
    range: c.nodeRange(n),
  };
}

export function lowerTypeLeading(
  c: LowerContext,
  n: CstNode,
  annotations: readonly A.Annotation[],
): A.InstantiationDeclaration | A.FunctionDeclaration | A.VariableDeclaration {
  const ch = (n as Cst.TypeLeadingDeclarationCstNode).children;
  const range = c.nodeRange(n);
  const type = lowerTypeRef(c, node(ch, "typeRef"));
  const name = lowerName(c, node(ch, "name"));
  const args = node(ch, "argumentList");
  if (args) {
    const init = node(ch, "objectInitializer");
    const base = {
      kind: "InstantiationDeclaration" as const,
      annotations,
      type,
      args: lowerArguments(c, args),
      name,
      range,
    };
    if (!init) return base;
    const body = nodes(init.children, "declaration").flatMap((d) => lowerDeclaration(c, d) ?? []);
    return { ...base, body };
  }
  const params = node(ch, "parameterList");
  if (params) {
    return {
      kind: "FunctionDeclaration",
      annotations,
      returnType: type,
      name,
      typeParameters: lowerTypeParameters(c, node(ch, "typeParameters")),
      parameters: lowerParameters(c, params),
      body: lowerBlock(c, node(ch, "blockStatement")),
      range,
    };
  }
  const init = node(ch, "expression");
  const base = { kind: "VariableDeclaration" as const, annotations, type, name, range };
  return init ? { ...base, initializer: lowerExpression(c, init) } : base;
}

function lowerStructFields(c: LowerContext, list: Cst.StructFieldCstNode[]): A.StructField[] {
  return list.map((f) => {
    const ch = f.children;
    return {
      kind: "StructField",
      annotations: lowerAnnotations(c, node(ch, "annotations")),
      type: lowerTypeRef(c, node(ch, "typeRef")),
      name: lowerName(c, node(ch, "name")),
      range: c.nodeRange(f),
    };
  });
}

function lowerNameList(c: LowerContext, n: Cst.NameListCstNode | undefined): A.Identifier[] {
  if (!n) return [];
  return nodes(n.children, "name").map((x) => lowerName(c, x));
}

export function lowerDeclaration(
  c: LowerContext,
  n: CstNode,
  outer: readonly A.Annotation[] = [],
): A.Declaration | undefined {
  // A parser's or a control's local has a subset of a declaration's children.
  const ch = (n as Cst.DeclarationCstNode).children;
  const annotations = [...outer, ...lowerAnnotations(c, node(ch, "annotations"))];
  const range = c.nodeRange(n);
  const inner = Object.entries(ch).find(([k]) => k !== "annotations")?.[1]?.[0] as
    DeclarationBody | undefined;
  if (!isNode(inner)) return undefined;
  switch (inner.name) {
    case "constantDeclaration":
      return lowerConstant(c, inner, annotations);
    case "typeLeadingDeclaration":
      return lowerTypeLeading(c, inner, annotations);
    case "externDeclaration":
      return lowerExtern(c, inner, annotations);
    case "actionDeclaration":
      return {
        kind: "ActionDeclaration",
        annotations,
        name: lowerName(c, node(inner.children, "name")),
        parameters: lowerParameters(c, node(inner.children, "parameterList")),
        body: lowerBlock(c, node(inner.children, "blockStatement")),
        range,
      };
    case "parserDeclaration":
    case "controlDeclaration":
      return lowerParserOrControl(c, inner.name, inner, annotations);
    case "packageTypeDeclaration":
      return {
        kind: "PackageTypeDeclaration",
        annotations,
        name: lowerName(c, node(inner.children, "name")),
        typeParameters: lowerTypeParameters(c, node(inner.children, "typeParameters")),
        parameters: lowerParameters(c, node(inner.children, "parameterList")),
        range,
      };
    case "derivedTypeDeclaration":
      return lowerDerived(c, inner, annotations);
    case "typedefDeclaration": {
      const derived = node(inner.children, "derivedTypeDeclaration");
      const type = derived
        ? lowerDerived(c, derived, [])
        : lowerTypeRef(c, node(inner.children, "typeRef"));
      if (!type) return undefined;
      const kind =
        tok(inner.children, "keyword")?.image === "type"
          ? "NewTypeDeclaration"
          : "TypedefDeclaration";
      return { kind, annotations, type, name: lowerName(c, node(inner.children, "name")), range };
    }
    case "errorDeclaration":
      return {
        kind: "ErrorDeclaration",
        annotations,
        members: lowerNameList(c, node(inner.children, "nameList")),
        range,
      };
    case "matchKindDeclaration":
      return {
        kind: "MatchKindDeclaration",
        annotations,
        members: lowerNameList(c, node(inner.children, "nameList")),
        range,
      };
    case "valueSetDeclaration":
      return {
        kind: "ValueSetDeclaration",
        annotations,
        elementType: lowerTypeRef(c, node(inner.children, "typeRef")),
        size: lowerExpression(c, node(inner.children, "expression")),
        name: lowerName(c, node(inner.children, "name")),
        range,
      };
    case "tableDeclaration":
      return lowerTable(c, inner, annotations);
    default:
      return unexpectedRule(inner, "in a declaration");
  }
}

/** The node under a declaration (or a parser's or a control's local): one of these rules. */
type DeclarationBody = Exclude<
  NonNullable<Cst.DeclarationCstChildren[keyof Cst.DeclarationCstChildren]>[number],
  Cst.AnnotationsCstNode
>;

function lowerDerived(
  c: LowerContext,
  n: CstNode,
  annotations: readonly A.Annotation[],
): A.Declaration | undefined {
  const ch = (n as Cst.DerivedTypeDeclarationCstNode).children;
  const structLike = node(ch, "structLikeDeclaration");
  if (structLike) {
    const sc = structLike.children;
    const kw = tok(sc, "keyword")?.image;
    const kind =
      kw === "header"
        ? "HeaderTypeDeclaration"
        : kw === "header_union"
          ? "HeaderUnionDeclaration"
          : "StructTypeDeclaration";
    return {
      kind,
      annotations,
      name: lowerName(c, node(sc, "name")),
      typeParameters: lowerTypeParameters(c, node(sc, "typeParameters")),
      fields: lowerStructFields(c, nodes(sc, "structField")),
      range: c.nodeRange(structLike),
    };
  }
  const en = node(ch, "enumDeclaration");
  if (!en) return undefined;
  const ec = en.children;
  const under = node(ec, "underlyingType");
  const members = nodes(ec, "enumMember").map((m): A.EnumMember => {
    const mc = m.children;
    const v = node(mc, "expression");
    const base = {
      kind: "EnumMember" as const,
      annotations: lowerAnnotations(c, node(mc, "annotations")),
      name: lowerName(c, node(mc, "name")),
      range: c.nodeRange(m),
    };
    return v ? { ...base, value: lowerExpression(c, v) } : base;
  });
  const base = {
    kind: "EnumDeclaration" as const,
    annotations,
    name: lowerName(c, node(ec, "name")),
    members,
    range: c.nodeRange(en),
  };
  return under ? { ...base, underlyingType: lowerTypeRef(c, under) } : base;
}

function lowerExtern(
  c: LowerContext,
  n: CstNode,
  annotations: readonly A.Annotation[],
): A.Declaration {
  const ch = (n as Cst.ExternDeclarationCstNode).children;
  const range = c.nodeRange(n);
  const proto = node(ch, "functionPrototype");
  if (proto && !tok(ch, "LBrace")) {
    const pc = proto.children;
    return {
      kind: "ExternFunctionDeclaration",
      annotations,
      returnType: lowerTypeRef(c, node(pc, "typeRef")),
      name: lowerName(c, node(pc, "name")),
      typeParameters: lowerTypeParameters(c, node(pc, "typeParameters")),
      parameters: lowerParameters(c, node(pc, "parameterList")),
      range,
    };
  }
  const externName = lowerName(c, node(ch, "name"));
  const methods = nodes(ch, "methodPrototype").map((m): A.MethodPrototype => {
    const mc = m.children;
    const mAnn = lowerAnnotations(c, node(mc, "annotations"));
    const ctor = node(mc, "constructorName");
    if (ctor) {
      return {
        kind: "MethodPrototype",
        annotations: mAnn,
        isConstructor: true,
        isAbstract: false,
        name: lowerName(c, ctor),
        typeParameters: [],
        parameters: lowerParameters(c, node(mc, "parameterList")),
        range: c.nodeRange(m),
      };
    }
    const fp = node(mc, "functionPrototype");
    const fc: Partial<Cst.FunctionPrototypeCstChildren> = fp?.children ?? {};
    return {
      kind: "MethodPrototype",
      annotations: mAnn,
      isConstructor: false,
      isAbstract: tok(mc, "Kw_abstract") !== undefined,
      returnType: lowerTypeRef(c, node(fc, "typeRef")),
      name: lowerName(c, node(fc, "name")),
      typeParameters: lowerTypeParameters(c, node(fc, "typeParameters")),
      parameters: lowerParameters(c, node(fc, "parameterList")),
      range: c.nodeRange(m),
    };
  });
  return {
    kind: "ExternObjectDeclaration",
    annotations,
    name: externName,
    typeParameters: lowerTypeParameters(c, node(ch, "typeParameters")),
    methods,
    range,
  };
}

function lowerParserOrControl(
  c: LowerContext,
  key: "parserDeclaration" | "controlDeclaration",
  n: CstNode,
  annotations: readonly A.Annotation[],
): A.Declaration {
  const ch = n.children as Partial<Cst.ParserDeclarationCstChildren> &
    Partial<Cst.ControlDeclarationCstChildren>;
  const range = c.nodeRange(n);
  const name = lowerName(c, node(ch, "name"));
  const typeParameters = lowerTypeParameters(c, node(ch, "typeParameters"));
  const parameters = lowerParameters(c, node(ch, "parameterList"));
  const isParser = key === "parserDeclaration";
  if (!tok(ch, "LBrace")) {
    return {
      kind: isParser ? "ParserTypeDeclaration" : "ControlTypeDeclaration",
      annotations,
      name,
      typeParameters,
      parameters,
      range,
    };
  }
  const constructorParameters = lowerParameters(c, node(ch, "constructorParameters"));
  const localKey = isParser ? "parserLocal" : "controlLocal";
  const locals = nodes(ch, localKey).flatMap((l) => lowerDeclaration(c, l) ?? []);
  if (isParser) {
    const states = nodes(ch, "parserState").map((s) => lowerParserState(c, s));
    return {
      kind: "ParserDeclaration",
      annotations,
      name,
      typeParameters,
      parameters,
      constructorParameters,
      locals,
      states,
      range,
    };
  }
  return {
    kind: "ControlDeclaration",
    annotations,
    name,
    typeParameters,
    parameters,
    constructorParameters,
    locals,
    apply: lowerBlock(c, node(ch, "blockStatement")),
    range,
  };
}

function lowerActionRef(c: LowerContext, n: Cst.ActionRefCstNode | undefined): A.ActionRef {
  const ch: Partial<Cst.ActionRefCstChildren> = n?.children ?? {};
  const args = node(ch, "argumentList");
  const base = {
    kind: "ActionRef" as const,
    annotations: lowerAnnotations(c, node(ch, "annotations")),
    name: lowerName(c, node(ch, "name")),
    global: tok(ch, "Dot") !== undefined,
    range: c.nodeRange(n),
  };
  return args ? { ...base, args: lowerArguments(c, args) } : base;
}

function lowerTable(
  c: LowerContext,
  n: CstNode,
  annotations: readonly A.Annotation[],
): A.TableDeclaration {
  const ch = (n as Cst.TableDeclarationCstNode).children;
  const properties = nodes(ch, "tableProperty").map((p): A.TableProperty => {
    const pc = p.children;
    const pAnn = lowerAnnotations(c, node(pc, "annotations"));
    const range = c.nodeRange(p);
    const isConst = tok(pc, "Kw_const") !== undefined;
    if (tok(pc, "Kw_key")) {
      const elements = nodes(pc, "keyElement").map((k): A.TableKeyElement => {
        const kc = k.children;
        return {
          kind: "TableKeyElement",
          annotations: lowerAnnotations(c, node(kc, "annotations")),
          expression: lowerExpression(c, node(kc, "expression")),
          matchKind: lowerName(c, node(kc, "name")),
          range: c.nodeRange(k),
        };
      });
      return { kind: "TableKeyProperty", annotations: pAnn, elements, range };
    }
    if (tok(pc, "Kw_actions")) {
      return {
        kind: "TableActionsProperty",
        annotations: pAnn,
        actions: nodes(pc, "actionRef").map((a) => lowerActionRef(c, a)),
        range,
      };
    }
    if (tok(pc, "Kw_entries")) {
      const entries = nodes(pc, "tableEntry").map((e): A.TableEntry => {
        const ec = e.children;
        const { keysets, tuple } = lowerKeysetExpression(c, node(ec, "keysetExpression"));
        const prio = node(ec, "priority");
        const base = {
          kind: "TableEntry" as const,
          annotations: lowerAnnotations(c, node(ec, "annotations")),
          isConst: tok(ec, "Kw_const") !== undefined,
          keysets,
          tuple,
          action: lowerActionRef(c, node(ec, "actionRef")),
          range: c.nodeRange(e),
        };
        return prio ? { ...base, priority: lowerExpression(c, prio) } : base;
      });
      return { kind: "TableEntriesProperty", annotations: pAnn, isConst, entries, range };
    }
    const nameTok = toks(pc, "propertyName")[0];
    return {
      kind: "TableValueProperty",
      annotations: pAnn,
      isConst,
      name: c.identifier(nameTok, range),
      value: lowerExpression(c, node(pc, "expression")),
      range,
    };
  });
  return {
    kind: "TableDeclaration",
    annotations,
    name: lowerName(c, node(ch, "name")),
    properties,
    range: c.nodeRange(n),
  };
}
