// The P4_16 abstract syntax tree: readonly discriminated unions on `kind`, a source range on every
// node, annotations kept on every declaration that can carry them. Later phases never mutate it;
// types and name resolutions live in side tables keyed by node identity.

import type { SourceRange } from "./source.js";

export interface Node {
  readonly range: SourceRange;
}

export interface Identifier extends Node {
  readonly kind: "Identifier";
  readonly name: string;
}

// ---------------------------------------------------------------------------------------------
// Annotations

/** `@name`, `@name(...)` with an unparsed token body, or `@name[k=v, ...]` (structured). */
export interface Annotation extends Node {
  readonly kind: "Annotation";
  readonly name: Identifier;
  readonly body: AnnotationBody;
}

export type AnnotationBody =
  | { readonly kind: "empty" }
  /** `@name(tokens)`: the token texts as written; expressions are parsed lazily by users. */
  | { readonly kind: "unparsed"; readonly tokens: readonly string[] }
  /** `@name[e1, e2]` */
  | { readonly kind: "expressions"; readonly items: readonly Expression[] }
  /** `@name[k1 = e1, k2 = e2]` */
  | { readonly kind: "keyValues"; readonly items: readonly NamedArgument[] };

// ---------------------------------------------------------------------------------------------
// Types as written

export type TypeRef =
  BaseTypeRef | NamedTypeRef | HeaderStackTypeRef | TupleTypeRef | ListTypeRef | DontCareTypeRef;

export interface BaseTypeRef extends Node {
  readonly kind: "BaseTypeRef";
  readonly base: "bool" | "error" | "match_kind" | "string" | "int" | "bit" | "varbit" | "void";
  /** Width for `bit<W>`, `int<W>`, `varbit<W>`; absent for `bit` (= bit<1>) and for `int`. */
  readonly width?: Expression;
}

export interface NamedTypeRef extends Node {
  readonly kind: "NamedTypeRef";
  /** `.Name` refers to the top-level scope. */
  readonly global: boolean;
  readonly name: Identifier;
  readonly typeArgs: readonly TypeArgument[];
}

export type TypeArgument = TypeRef;

export interface HeaderStackTypeRef extends Node {
  readonly kind: "HeaderStackTypeRef";
  readonly element: TypeRef;
  readonly size: Expression;
}

export interface TupleTypeRef extends Node {
  readonly kind: "TupleTypeRef";
  readonly elements: readonly TypeRef[];
}

export interface ListTypeRef extends Node {
  readonly kind: "ListTypeRef";
  readonly element: TypeRef;
}

/** `_` used as a type (a type argument the checker infers). */
export interface DontCareTypeRef extends Node {
  readonly kind: "DontCareTypeRef";
  /** Written as `_` (otherwise a stand-in for a type the parser could not read). */
  readonly written?: true;
}

// ---------------------------------------------------------------------------------------------
// Parameters

export type Direction = "in" | "out" | "inout" | "none";

export interface Parameter extends Node {
  readonly kind: "Parameter";
  readonly annotations: readonly Annotation[];
  readonly direction: Direction;
  readonly type: TypeRef;
  readonly name: Identifier;
  readonly defaultValue?: Expression;
}

export interface TypeParameter extends Node {
  readonly kind: "TypeParameter";
  readonly name: Identifier;
}

// ---------------------------------------------------------------------------------------------
// Declarations

export interface Program extends Node {
  readonly kind: "Program";
  readonly declarations: readonly Declaration[];
}

export type Declaration =
  | ConstantDeclaration
  | VariableDeclaration
  | InstantiationDeclaration
  | ExternObjectDeclaration
  | ExternFunctionDeclaration
  | ActionDeclaration
  | FunctionDeclaration
  | ParserTypeDeclaration
  | ParserDeclaration
  | ControlTypeDeclaration
  | ControlDeclaration
  | PackageTypeDeclaration
  | HeaderTypeDeclaration
  | HeaderUnionDeclaration
  | StructTypeDeclaration
  | EnumDeclaration
  | TypedefDeclaration
  | NewTypeDeclaration
  | ErrorDeclaration
  | MatchKindDeclaration
  | TableDeclaration
  | ValueSetDeclaration;

interface DeclBase extends Node {
  readonly annotations: readonly Annotation[];
  readonly name: Identifier;
}

export interface ConstantDeclaration extends DeclBase {
  readonly kind: "ConstantDeclaration";
  readonly type: TypeRef;
  readonly value: Expression;
}

export interface VariableDeclaration extends DeclBase {
  readonly kind: "VariableDeclaration";
  readonly type: TypeRef;
  readonly initializer?: Expression;
}

/** `T(args) name;` or `T(args) name = { abstract method implementations };` */
export interface InstantiationDeclaration extends DeclBase {
  readonly kind: "InstantiationDeclaration";
  readonly type: TypeRef;
  readonly args: readonly Argument[];
  readonly body?: readonly Declaration[];
}

export interface MethodPrototype extends Node {
  readonly kind: "MethodPrototype";
  readonly annotations: readonly Annotation[];
  /** Constructors have no return type and carry the extern's name. */
  readonly isConstructor: boolean;
  readonly isAbstract: boolean;
  readonly returnType?: TypeRef;
  readonly name: Identifier;
  readonly typeParameters: readonly TypeParameter[];
  readonly parameters: readonly Parameter[];
}

export interface ExternObjectDeclaration extends DeclBase {
  readonly kind: "ExternObjectDeclaration";
  readonly typeParameters: readonly TypeParameter[];
  readonly methods: readonly MethodPrototype[];
}

export interface ExternFunctionDeclaration extends DeclBase {
  readonly kind: "ExternFunctionDeclaration";
  readonly returnType: TypeRef;
  readonly typeParameters: readonly TypeParameter[];
  readonly parameters: readonly Parameter[];
}

export interface ActionDeclaration extends DeclBase {
  readonly kind: "ActionDeclaration";
  readonly parameters: readonly Parameter[];
  readonly body: BlockStatement;
}

export interface FunctionDeclaration extends DeclBase {
  readonly kind: "FunctionDeclaration";
  readonly returnType: TypeRef;
  readonly typeParameters: readonly TypeParameter[];
  readonly parameters: readonly Parameter[];
  readonly body: BlockStatement;
}

export interface ParserTypeDeclaration extends DeclBase {
  readonly kind: "ParserTypeDeclaration";
  readonly typeParameters: readonly TypeParameter[];
  readonly parameters: readonly Parameter[];
}

export interface ParserDeclaration extends DeclBase {
  readonly kind: "ParserDeclaration";
  readonly typeParameters: readonly TypeParameter[];
  readonly parameters: readonly Parameter[];
  readonly constructorParameters: readonly Parameter[];
  /** Constants, variables, instantiations and value sets declared before the states. */
  readonly locals: readonly Declaration[];
  readonly states: readonly ParserState[];
}

export interface ParserState extends Node {
  readonly kind: "ParserState";
  readonly annotations: readonly Annotation[];
  readonly name: Identifier;
  readonly statements: readonly Statement[];
  /** Absent only in a recovered tree or where the spec's implicit `transition reject` applies. */
  readonly transition?: Transition;
}

export type Transition = DirectTransition | SelectTransition;

export interface DirectTransition extends Node {
  readonly kind: "DirectTransition";
  readonly target: Identifier;
}

export interface SelectTransition extends Node {
  readonly kind: "SelectTransition";
  readonly select: SelectExpression;
}

export interface SelectExpression extends Node {
  readonly kind: "SelectExpression";
  readonly keys: readonly Expression[];
  readonly cases: readonly SelectCase[];
}

export interface SelectCase extends Node {
  readonly kind: "SelectCase";
  readonly annotations: readonly Annotation[];
  /** One keyset per select key; a single `default`/`_` may stand for the whole tuple. */
  readonly keysets: readonly Keyset[];
  /** True when written with parentheses: `(a, b): s;` */
  readonly tuple: boolean;
  readonly target: Identifier;
}

export type Keyset =
  | { readonly kind: "DefaultKeyset"; readonly range: SourceRange }
  | { readonly kind: "DontCareKeyset"; readonly range: SourceRange }
  | { readonly kind: "ExpressionKeyset"; readonly range: SourceRange; readonly value: Expression }
  | {
      readonly kind: "MaskKeyset";
      readonly range: SourceRange;
      readonly value: Expression;
      readonly mask: Expression;
    }
  | {
      readonly kind: "RangeKeyset";
      readonly range: SourceRange;
      readonly low: Expression;
      readonly high: Expression;
    };

export interface ControlTypeDeclaration extends DeclBase {
  readonly kind: "ControlTypeDeclaration";
  readonly typeParameters: readonly TypeParameter[];
  readonly parameters: readonly Parameter[];
}

export interface ControlDeclaration extends DeclBase {
  readonly kind: "ControlDeclaration";
  readonly typeParameters: readonly TypeParameter[];
  readonly parameters: readonly Parameter[];
  readonly constructorParameters: readonly Parameter[];
  /** Constants, variables, instantiations, actions, tables, functions. */
  readonly locals: readonly Declaration[];
  readonly apply: BlockStatement;
}

export interface PackageTypeDeclaration extends DeclBase {
  readonly kind: "PackageTypeDeclaration";
  readonly typeParameters: readonly TypeParameter[];
  readonly parameters: readonly Parameter[];
}

export interface StructField extends Node {
  readonly kind: "StructField";
  readonly annotations: readonly Annotation[];
  readonly type: TypeRef;
  readonly name: Identifier;
}

export interface HeaderTypeDeclaration extends DeclBase {
  readonly kind: "HeaderTypeDeclaration";
  readonly typeParameters: readonly TypeParameter[];
  readonly fields: readonly StructField[];
}

export interface HeaderUnionDeclaration extends DeclBase {
  readonly kind: "HeaderUnionDeclaration";
  readonly typeParameters: readonly TypeParameter[];
  readonly fields: readonly StructField[];
}

export interface StructTypeDeclaration extends DeclBase {
  readonly kind: "StructTypeDeclaration";
  readonly typeParameters: readonly TypeParameter[];
  readonly fields: readonly StructField[];
}

export interface EnumMember extends Node {
  readonly kind: "EnumMember";
  readonly annotations: readonly Annotation[];
  readonly name: Identifier;
  /** Present (and required) for serializable enums. */
  readonly value?: Expression;
}

export interface EnumDeclaration extends DeclBase {
  readonly kind: "EnumDeclaration";
  /** `enum bit<8> E { ... }`: a serializable enum. */
  readonly underlyingType?: TypeRef;
  readonly members: readonly EnumMember[];
}

export interface TypedefDeclaration extends DeclBase {
  readonly kind: "TypedefDeclaration";
  /** A type, or a derived type declared inline (`typedef header h { ... } h_t;`). */
  readonly type: TypeRef | Declaration;
}

export interface NewTypeDeclaration extends DeclBase {
  readonly kind: "NewTypeDeclaration";
  readonly type: TypeRef | Declaration;
}

export interface ErrorDeclaration extends Node {
  readonly kind: "ErrorDeclaration";
  readonly annotations: readonly Annotation[];
  readonly members: readonly Identifier[];
}

export interface MatchKindDeclaration extends Node {
  readonly kind: "MatchKindDeclaration";
  readonly annotations: readonly Annotation[];
  readonly members: readonly Identifier[];
}

export interface ValueSetDeclaration extends DeclBase {
  readonly kind: "ValueSetDeclaration";
  readonly elementType: TypeRef;
  readonly size: Expression;
}

// Tables

export interface TableDeclaration extends DeclBase {
  readonly kind: "TableDeclaration";
  readonly properties: readonly TableProperty[];
}

export type TableProperty =
  TableKeyProperty | TableActionsProperty | TableEntriesProperty | TableValueProperty;

export interface TableKeyElement extends Node {
  readonly kind: "TableKeyElement";
  readonly annotations: readonly Annotation[];
  readonly expression: Expression;
  readonly matchKind: Identifier;
}

export interface TableKeyProperty extends Node {
  readonly kind: "TableKeyProperty";
  readonly annotations: readonly Annotation[];
  readonly elements: readonly TableKeyElement[];
}

export interface ActionRef extends Node {
  readonly kind: "ActionRef";
  readonly annotations: readonly Annotation[];
  readonly name: Identifier;
  readonly global: boolean;
  /** Absent when written without parentheses. */
  readonly args?: readonly Argument[];
}

export interface TableActionsProperty extends Node {
  readonly kind: "TableActionsProperty";
  readonly annotations: readonly Annotation[];
  readonly actions: readonly ActionRef[];
}

export interface TableEntry extends Node {
  readonly kind: "TableEntry";
  readonly annotations: readonly Annotation[];
  readonly isConst: boolean;
  readonly priority?: Expression;
  readonly keysets: readonly Keyset[];
  readonly tuple: boolean;
  readonly action: ActionRef;
}

export interface TableEntriesProperty extends Node {
  readonly kind: "TableEntriesProperty";
  readonly annotations: readonly Annotation[];
  readonly isConst: boolean;
  readonly entries: readonly TableEntry[];
}

/** `default_action = a(...)`, `size = 1024`, and any custom `name = expr`, possibly `const`. */
export interface TableValueProperty extends Node {
  readonly kind: "TableValueProperty";
  readonly annotations: readonly Annotation[];
  readonly isConst: boolean;
  readonly name: Identifier;
  readonly value: Expression;
}

// ---------------------------------------------------------------------------------------------
// Statements

export type Statement =
  | AssignmentStatement
  | CallStatement
  | DirectApplicationStatement
  | EmptyStatement
  | ReturnStatement
  | ExitStatement
  | IfStatement
  | SwitchStatement
  | BlockStatement
  | DeclarationStatement
  | ForStatement
  | ForInStatement
  | BreakStatement
  | ContinueStatement;

export interface AssignmentStatement extends Node {
  readonly kind: "AssignmentStatement";
  readonly target: Expression;
  /** `=` or a compound operator such as `+=` (P4_16 1.2.5 has them). */
  readonly operator: string;
  readonly value: Expression;
}

export interface CallStatement extends Node {
  readonly kind: "CallStatement";
  readonly call: CallExpression;
}

/** `TypeName.apply(args);` applying a parser or control type without an explicit instance. */
export interface DirectApplicationStatement extends Node {
  readonly kind: "DirectApplicationStatement";
  readonly type: TypeRef;
  readonly args: readonly Argument[];
}

export interface EmptyStatement extends Node {
  readonly kind: "EmptyStatement";
}

export interface ReturnStatement extends Node {
  readonly kind: "ReturnStatement";
  readonly value?: Expression;
}

export interface ExitStatement extends Node {
  readonly kind: "ExitStatement";
}

export interface IfStatement extends Node {
  readonly kind: "IfStatement";
  readonly condition: Expression;
  readonly then: Statement;
  readonly else?: Statement;
}

export interface SwitchCase extends Node {
  readonly kind: "SwitchCase";
  /** An expression label, or `default`. */
  readonly label: Expression | { readonly kind: "DefaultLabel"; readonly range: SourceRange };
  /** Absent for a fall-through label (`a: b: { ... }`). */
  readonly body?: BlockStatement;
}

export interface SwitchStatement extends Node {
  readonly kind: "SwitchStatement";
  readonly subject: Expression;
  readonly cases: readonly SwitchCase[];
}

export interface BlockStatement extends Node {
  readonly kind: "BlockStatement";
  readonly annotations: readonly Annotation[];
  readonly statements: readonly Statement[];
}

/** A constant, variable or instantiation declared among statements. */
export interface DeclarationStatement extends Node {
  readonly kind: "DeclarationStatement";
  readonly declaration: ConstantDeclaration | VariableDeclaration | InstantiationDeclaration;
}

/** `for (init; cond; update) body` */
export interface ForStatement extends Node {
  readonly kind: "ForStatement";
  readonly annotations: readonly Annotation[];
  readonly init: readonly Statement[];
  readonly condition?: Expression;
  readonly update: readonly Statement[];
  readonly body: Statement;
}

/** `for (T x in collection) body` */
export interface ForInStatement extends Node {
  readonly kind: "ForInStatement";
  readonly annotations: readonly Annotation[];
  readonly variableType?: TypeRef;
  readonly variable: Identifier;
  readonly collection: Expression;
  readonly body: Statement;
}

export interface BreakStatement extends Node {
  readonly kind: "BreakStatement";
}

export interface ContinueStatement extends Node {
  readonly kind: "ContinueStatement";
}

// ---------------------------------------------------------------------------------------------
// Expressions

export type Expression =
  | IntegerLiteral
  | BooleanLiteral
  | StringLiteral
  | NameExpression
  | ThisExpression
  | DontCareExpression
  | MemberExpression
  | IndexExpression
  | SliceExpression
  | CallExpression
  | UnaryExpression
  | BinaryExpression
  | TernaryExpression
  | CastExpression
  | ListExpression
  | StructExpression
  | InvalidHeaderExpression
  | TypeExpression
  | MaskExpression
  | RangeExpression;

export interface IntegerLiteral extends Node {
  readonly kind: "IntegerLiteral";
  readonly value: bigint;
  /** `8w5` → { width: 8, signed: false }; `8s5` → signed; plain `5` has no width. */
  readonly width?: number;
  readonly signed?: boolean;
  /** The text as written, for the printer and for diagnostics. */
  readonly text: string;
}

export interface BooleanLiteral extends Node {
  readonly kind: "BooleanLiteral";
  readonly value: boolean;
}

export interface StringLiteral extends Node {
  readonly kind: "StringLiteral";
  /** The unescaped value. */
  readonly value: string;
  readonly text: string;
}

export interface NameExpression extends Node {
  readonly kind: "NameExpression";
  /** `.name` refers to the top-level scope. */
  readonly global: boolean;
  readonly name: Identifier;
}

export interface ThisExpression extends Node {
  readonly kind: "ThisExpression";
}

/** `_` as an expression (a don't-care argument or out-argument). */
export interface DontCareExpression extends Node {
  readonly kind: "DontCareExpression";
}

/** `e.name`; also `error.X`, `Enum.X`, `hdr.stack.next`, `T.minSizeInBits`. */
export interface MemberExpression extends Node {
  readonly kind: "MemberExpression";
  readonly object: Expression;
  readonly member: Identifier;
}

export interface IndexExpression extends Node {
  readonly kind: "IndexExpression";
  readonly object: Expression;
  readonly index: Expression;
}

/** `e[hi:lo]`, or `e[lo +: width]` when `form` is "plusColon". */
export interface SliceExpression extends Node {
  readonly kind: "SliceExpression";
  readonly object: Expression;
  readonly form: "colon" | "plusColon";
  readonly high: Expression;
  readonly low: Expression;
}

export interface Argument extends Node {
  readonly kind: "Argument";
  /** Named argument `name = value`. */
  readonly name?: Identifier;
  /** A DontCareExpression for `_`. */
  readonly value: Expression;
}

export type NamedArgument = Argument & { readonly name: Identifier };

export interface CallExpression extends Node {
  readonly kind: "CallExpression";
  readonly callee: Expression;
  readonly typeArgs: readonly TypeArgument[];
  readonly args: readonly Argument[];
}

export type UnaryOperator = "!" | "~" | "-" | "+";

export interface UnaryExpression extends Node {
  readonly kind: "UnaryExpression";
  readonly operator: UnaryOperator;
  readonly operand: Expression;
}

export type BinaryOperator =
  | "*"
  | "/"
  | "%"
  | "+"
  | "-"
  | "|+|"
  | "|-|"
  | "<<"
  | ">>"
  | "<="
  | ">="
  | "<"
  | ">"
  | "!="
  | "=="
  | "&"
  | "^"
  | "|"
  | "++"
  | "&&"
  | "||";

export interface BinaryExpression extends Node {
  readonly kind: "BinaryExpression";
  readonly operator: BinaryOperator;
  readonly left: Expression;
  readonly right: Expression;
}

export interface TernaryExpression extends Node {
  readonly kind: "TernaryExpression";
  readonly condition: Expression;
  readonly then: Expression;
  readonly else: Expression;
}

export interface CastExpression extends Node {
  readonly kind: "CastExpression";
  readonly type: TypeRef;
  readonly operand: Expression;
}

/** `{ e1, e2 }` (a list or tuple, by context); `hasRest` for a trailing `...`. */
export interface ListExpression extends Node {
  readonly kind: "ListExpression";
  readonly elements: readonly Expression[];
  readonly hasRest: boolean;
}

/** `{ a = e1, b = e2 }`, optionally typed as `(T){...}` via a cast; `hasRest` for `...`. */
export interface StructExpression extends Node {
  readonly kind: "StructExpression";
  readonly members: readonly NamedArgument[];
  readonly hasRest: boolean;
}

/** `{#}`: the invalid header or header union. */
export interface InvalidHeaderExpression extends Node {
  readonly kind: "InvalidHeaderExpression";
}

/** A type used where an expression is expected: `bit<8>.minSizeInBits()`, `T.apply`, `H.minSizeInBytes`. */
export interface TypeExpression extends Node {
  readonly kind: "TypeExpression";
  readonly type: TypeRef;
}

/** `value &&& mask` outside a keyset (the spec allows it in some expression positions). */
export interface MaskExpression extends Node {
  readonly kind: "MaskExpression";
  readonly value: Expression;
  readonly mask: Expression;
}

/** `low .. high` outside a keyset. */
export interface RangeExpression extends Node {
  readonly kind: "RangeExpression";
  readonly low: Expression;
  readonly high: Expression;
}

export type AnyNode =
  | Program
  | Declaration
  | Statement
  | Expression
  | TypeRef
  | Parameter
  | TypeParameter
  | ParserState
  | Transition
  | SelectExpression
  | SelectCase
  | Keyset
  | StructField
  | EnumMember
  | MethodPrototype
  | TableProperty
  | TableKeyElement
  | TableEntry
  | ActionRef
  | Argument
  | SwitchCase
  | Annotation
  | Identifier;
