// Generated from grammar/parser.ts by test/grammar/cst-types.test.ts (run it with --update after
// changing the grammar): do not edit. The type of every CST node and its children, by rule.
import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface ProgramCstNode extends CstNode {
  name: "program";
  children: ProgramCstChildren;
}

export type ProgramCstChildren = {
  Semicolon?: IToken[];
  declaration?: DeclarationCstNode[];
};

export interface AnnotationCstNode extends CstNode {
  name: "annotation";
  children: AnnotationCstChildren;
}

export type AnnotationCstChildren = {
  PragmaLine?: IToken[];
  regularAnnotation?: RegularAnnotationCstNode[];
};

export interface RegularAnnotationCstNode extends CstNode {
  name: "regularAnnotation";
  children: RegularAnnotationCstChildren;
}

export type RegularAnnotationCstChildren = {
  At: IToken[];
  annotationName?: IToken[];
  LParen?: IToken[];
  annotationBody?: AnnotationBodyCstNode[];
  RParen?: IToken[];
  LBracket?: IToken[];
  structuredAnnotationBody?: StructuredAnnotationBodyCstNode[];
  bracketAnnotationBody?: BracketAnnotationBodyCstNode[];
  RBracket?: IToken[];
};

export interface StructuredAnnotationBodyCstNode extends CstNode {
  name: "structuredAnnotationBody";
  children: StructuredAnnotationBodyCstChildren;
}

export type StructuredAnnotationBodyCstChildren = {
  namedArgumentList?: NamedArgumentListCstNode[];
  expressionList?: ExpressionListCstNode[];
  trailingComma?: IToken[];
  RBracket: IToken[];
};

export interface BracketAnnotationBodyCstNode extends CstNode {
  name: "bracketAnnotationBody";
  children: BracketAnnotationBodyCstChildren;
}

export type BracketAnnotationBodyCstChildren = {
  LParen?: IToken[];
  annotationBody?: AnnotationBodyCstNode[];
  RParen?: IToken[];
  LBracket?: IToken[];
  bracketAnnotationBody?: BracketAnnotationBodyCstNode[];
  RBracket?: IToken[];
  NonParen?: IToken[];
};

export interface AnnotationBodyCstNode extends CstNode {
  name: "annotationBody";
  children: AnnotationBodyCstChildren;
}

export type AnnotationBodyCstChildren = {
  LParen?: IToken[];
  annotationBody?: AnnotationBodyCstNode[];
  RParen?: IToken[];
  NonParen?: IToken[];
};

export interface AnnotationsCstNode extends CstNode {
  name: "annotations";
  children: AnnotationsCstChildren;
}

export type AnnotationsCstChildren = {
  annotation?: AnnotationCstNode[];
};

export interface DeclarationCstNode extends CstNode {
  name: "declaration";
  children: DeclarationCstChildren;
}

export type DeclarationCstChildren = {
  annotations: AnnotationsCstNode[];
  constantDeclaration?: ConstantDeclarationCstNode[];
  externDeclaration?: ExternDeclarationCstNode[];
  actionDeclaration?: ActionDeclarationCstNode[];
  parserDeclaration?: ParserDeclarationCstNode[];
  controlDeclaration?: ControlDeclarationCstNode[];
  packageTypeDeclaration?: PackageTypeDeclarationCstNode[];
  derivedTypeDeclaration?: DerivedTypeDeclarationCstNode[];
  typedefDeclaration?: TypedefDeclarationCstNode[];
  errorDeclaration?: ErrorDeclarationCstNode[];
  matchKindDeclaration?: MatchKindDeclarationCstNode[];
  valueSetDeclaration?: ValueSetDeclarationCstNode[];
  tableDeclaration?: TableDeclarationCstNode[];
  typeLeadingDeclaration?: TypeLeadingDeclarationCstNode[];
};

export interface DerivedTypeDeclarationCstNode extends CstNode {
  name: "derivedTypeDeclaration";
  children: DerivedTypeDeclarationCstChildren;
}

export type DerivedTypeDeclarationCstChildren = {
  structLikeDeclaration?: StructLikeDeclarationCstNode[];
  enumDeclaration?: EnumDeclarationCstNode[];
};

export interface ConstantDeclarationCstNode extends CstNode {
  name: "constantDeclaration";
  children: ConstantDeclarationCstChildren;
}

export type ConstantDeclarationCstChildren = {
  Kw_const: IToken[];
  typeRef: TypeRefCstNode[];
  name: NameCstNode[];
  Assign: IToken[];
  expression: ExpressionCstNode[];
  Semicolon: IToken[];
};

export interface TypeLeadingDeclarationCstNode extends CstNode {
  name: "typeLeadingDeclaration";
  children: TypeLeadingDeclarationCstChildren;
}

export type TypeLeadingDeclarationCstChildren = {
  typeRef: TypeRefCstNode[];
  argumentList?: ArgumentListCstNode[];
  name?: NameCstNode[];
  Assign?: IToken[];
  objectInitializer?: ObjectInitializerCstNode[];
  Semicolon?: IToken[];
  typeParameters?: TypeParametersCstNode[];
  parameterList?: ParameterListCstNode[];
  blockStatement?: BlockStatementCstNode[];
  initAssign?: IToken[];
  expression?: ExpressionCstNode[];
};

export interface ObjectInitializerCstNode extends CstNode {
  name: "objectInitializer";
  children: ObjectInitializerCstChildren;
}

export type ObjectInitializerCstChildren = {
  LBrace: IToken[];
  declaration?: DeclarationCstNode[];
  RBrace: IToken[];
};

export interface ExternDeclarationCstNode extends CstNode {
  name: "externDeclaration";
  children: ExternDeclarationCstChildren;
}

export type ExternDeclarationCstChildren = {
  Kw_extern: IToken[];
  name?: NameCstNode[];
  typeParameters?: TypeParametersCstNode[];
  LBrace?: IToken[];
  methodPrototype?: MethodPrototypeCstNode[];
  RBrace?: IToken[];
  functionPrototype?: FunctionPrototypeCstNode[];
  Semicolon?: IToken[];
};

export interface MethodPrototypeCstNode extends CstNode {
  name: "methodPrototype";
  children: MethodPrototypeCstChildren;
}

export type MethodPrototypeCstChildren = {
  annotations: AnnotationsCstNode[];
  Kw_abstract?: IToken[];
  functionPrototype?: FunctionPrototypeCstNode[];
  constructorName?: NameCstNode[];
  parameterList?: ParameterListCstNode[];
  Semicolon: IToken[];
};

export interface FunctionPrototypeCstNode extends CstNode {
  name: "functionPrototype";
  children: FunctionPrototypeCstChildren;
}

export type FunctionPrototypeCstChildren = {
  typeRef: TypeRefCstNode[];
  name: NameCstNode[];
  typeParameters?: TypeParametersCstNode[];
  parameterList: ParameterListCstNode[];
};

export interface ActionDeclarationCstNode extends CstNode {
  name: "actionDeclaration";
  children: ActionDeclarationCstChildren;
}

export type ActionDeclarationCstChildren = {
  Kw_action: IToken[];
  name: NameCstNode[];
  parameterList: ParameterListCstNode[];
  blockStatement: BlockStatementCstNode[];
};

export interface ParserDeclarationCstNode extends CstNode {
  name: "parserDeclaration";
  children: ParserDeclarationCstChildren;
}

export type ParserDeclarationCstChildren = {
  Kw_parser: IToken[];
  name: NameCstNode[];
  typeParameters?: TypeParametersCstNode[];
  parameterList: ParameterListCstNode[];
  Semicolon?: IToken[];
  constructorParameters?: ParameterListCstNode[];
  LBrace?: IToken[];
  parserLocal?: ParserLocalCstNode[];
  parserState?: ParserStateCstNode[];
  RBrace?: IToken[];
};

export interface ParserLocalCstNode extends CstNode {
  name: "parserLocal";
  children: ParserLocalCstChildren;
}

export type ParserLocalCstChildren = {
  annotations: AnnotationsCstNode[];
  constantDeclaration?: ConstantDeclarationCstNode[];
  valueSetDeclaration?: ValueSetDeclarationCstNode[];
  typeLeadingDeclaration?: TypeLeadingDeclarationCstNode[];
};

export interface ValueSetDeclarationCstNode extends CstNode {
  name: "valueSetDeclaration";
  children: ValueSetDeclarationCstChildren;
}

export type ValueSetDeclarationCstChildren = {
  Kw_value_set: IToken[];
  Less: IToken[];
  typeRef: TypeRefCstNode[];
  Greater: IToken[];
  LParen: IToken[];
  expression: ExpressionCstNode[];
  RParen: IToken[];
  name: NameCstNode[];
  Semicolon: IToken[];
};

export interface ParserStateCstNode extends CstNode {
  name: "parserState";
  children: ParserStateCstChildren;
}

export type ParserStateCstChildren = {
  annotations: AnnotationsCstNode[];
  Kw_state: IToken[];
  name: NameCstNode[];
  LBrace: IToken[];
  statement?: StatementCstNode[];
  transition?: TransitionCstNode[];
  RBrace: IToken[];
};

export interface TransitionCstNode extends CstNode {
  name: "transition";
  children: TransitionCstChildren;
}

export type TransitionCstChildren = {
  Kw_transition: IToken[];
  selectExpression?: SelectExpressionCstNode[];
  name?: NameCstNode[];
  Semicolon?: IToken[];
};

export interface SelectExpressionCstNode extends CstNode {
  name: "selectExpression";
  children: SelectExpressionCstChildren;
}

export type SelectExpressionCstChildren = {
  Kw_select: IToken[];
  LParen: IToken[];
  expressionList?: ExpressionListCstNode[];
  RParen: IToken[];
  LBrace: IToken[];
  selectCase?: SelectCaseCstNode[];
  RBrace: IToken[];
};

export interface SelectCaseCstNode extends CstNode {
  name: "selectCase";
  children: SelectCaseCstChildren;
}

export type SelectCaseCstChildren = {
  annotations: AnnotationsCstNode[];
  keysetExpression: KeysetExpressionCstNode[];
  Colon: IToken[];
  name: NameCstNode[];
  Semicolon: IToken[];
};

export interface KeysetExpressionCstNode extends CstNode {
  name: "keysetExpression";
  children: KeysetExpressionCstChildren;
}

export type KeysetExpressionCstChildren = {
  LParen?: IToken[];
  simpleKeyset?: SimpleKeysetCstNode[];
  Comma?: IToken[];
  RParen?: IToken[];
};

export interface SimpleKeysetCstNode extends CstNode {
  name: "simpleKeyset";
  children: SimpleKeysetCstChildren;
}

export type SimpleKeysetCstChildren = {
  Kw_default?: IToken[];
  DontCare?: IToken[];
  value?: ExpressionCstNode[];
  MaskOp?: IToken[];
  mask?: ExpressionCstNode[];
  RangeOp?: IToken[];
  high?: ExpressionCstNode[];
};

export interface ControlDeclarationCstNode extends CstNode {
  name: "controlDeclaration";
  children: ControlDeclarationCstChildren;
}

export type ControlDeclarationCstChildren = {
  Kw_control: IToken[];
  name: NameCstNode[];
  typeParameters?: TypeParametersCstNode[];
  parameterList: ParameterListCstNode[];
  Semicolon?: IToken[];
  constructorParameters?: ParameterListCstNode[];
  LBrace?: IToken[];
  controlLocal?: ControlLocalCstNode[];
  applyAnnotations?: AnnotationsCstNode[];
  Kw_apply?: IToken[];
  blockStatement?: BlockStatementCstNode[];
  RBrace?: IToken[];
};

export interface ControlLocalCstNode extends CstNode {
  name: "controlLocal";
  children: ControlLocalCstChildren;
}

export type ControlLocalCstChildren = {
  annotations: AnnotationsCstNode[];
  constantDeclaration?: ConstantDeclarationCstNode[];
  actionDeclaration?: ActionDeclarationCstNode[];
  tableDeclaration?: TableDeclarationCstNode[];
  typeLeadingDeclaration?: TypeLeadingDeclarationCstNode[];
};

export interface TableDeclarationCstNode extends CstNode {
  name: "tableDeclaration";
  children: TableDeclarationCstChildren;
}

export type TableDeclarationCstChildren = {
  Kw_table: IToken[];
  name: NameCstNode[];
  LBrace: IToken[];
  tableProperty?: TablePropertyCstNode[];
  RBrace: IToken[];
};

export interface TablePropertyCstNode extends CstNode {
  name: "tableProperty";
  children: TablePropertyCstChildren;
}

export type TablePropertyCstChildren = {
  annotations: AnnotationsCstNode[];
  Kw_key?: IToken[];
  Assign?: IToken[];
  LBrace?: IToken[];
  keyElement?: KeyElementCstNode[];
  RBrace?: IToken[];
  Kw_actions?: IToken[];
  actionRef?: ActionRefCstNode[];
  Semicolon?: IToken[];
  Kw_const?: IToken[];
  Kw_entries?: IToken[];
  tableEntry?: TableEntryCstNode[];
  propertyName?: IToken[];
  expression?: ExpressionCstNode[];
};

export interface KeyElementCstNode extends CstNode {
  name: "keyElement";
  children: KeyElementCstChildren;
}

export type KeyElementCstChildren = {
  expression: ExpressionCstNode[];
  Colon: IToken[];
  name: NameCstNode[];
  annotations: AnnotationsCstNode[];
  Semicolon: IToken[];
};

export interface ActionRefCstNode extends CstNode {
  name: "actionRef";
  children: ActionRefCstChildren;
}

export type ActionRefCstChildren = {
  annotations: AnnotationsCstNode[];
  Dot?: IToken[];
  name: NameCstNode[];
  argumentList?: ArgumentListCstNode[];
};

export interface TableEntryCstNode extends CstNode {
  name: "tableEntry";
  children: TableEntryCstChildren;
}

export type TableEntryCstChildren = {
  Kw_const?: IToken[];
  Kw_priority?: IToken[];
  Assign?: IToken[];
  priority?: ExpressionCstNode[];
  priorityColon?: IToken[];
  keysetExpression: KeysetExpressionCstNode[];
  Colon: IToken[];
  actionRef: ActionRefCstNode[];
  annotations: AnnotationsCstNode[];
  Semicolon: IToken[];
};

export interface PackageTypeDeclarationCstNode extends CstNode {
  name: "packageTypeDeclaration";
  children: PackageTypeDeclarationCstChildren;
}

export type PackageTypeDeclarationCstChildren = {
  Kw_package: IToken[];
  name: NameCstNode[];
  typeParameters?: TypeParametersCstNode[];
  parameterList: ParameterListCstNode[];
  Semicolon: IToken[];
};

export interface StructLikeDeclarationCstNode extends CstNode {
  name: "structLikeDeclaration";
  children: StructLikeDeclarationCstChildren;
}

export type StructLikeDeclarationCstChildren = {
  keyword?: IToken[];
  name: NameCstNode[];
  typeParameters?: TypeParametersCstNode[];
  LBrace: IToken[];
  structField?: StructFieldCstNode[];
  RBrace: IToken[];
};

export interface StructFieldCstNode extends CstNode {
  name: "structField";
  children: StructFieldCstChildren;
}

export type StructFieldCstChildren = {
  annotations: AnnotationsCstNode[];
  typeRef: TypeRefCstNode[];
  name: NameCstNode[];
  Semicolon: IToken[];
};

export interface EnumDeclarationCstNode extends CstNode {
  name: "enumDeclaration";
  children: EnumDeclarationCstChildren;
}

export type EnumDeclarationCstChildren = {
  Kw_enum: IToken[];
  underlyingType?: TypeRefCstNode[];
  name: NameCstNode[];
  LBrace: IToken[];
  enumMember?: EnumMemberCstNode[];
  Comma?: IToken[];
  trailingComma?: IToken[];
  RBrace: IToken[];
};

export interface EnumMemberCstNode extends CstNode {
  name: "enumMember";
  children: EnumMemberCstChildren;
}

export type EnumMemberCstChildren = {
  annotations: AnnotationsCstNode[];
  name: NameCstNode[];
  Assign?: IToken[];
  expression?: ExpressionCstNode[];
};

export interface TypedefDeclarationCstNode extends CstNode {
  name: "typedefDeclaration";
  children: TypedefDeclarationCstChildren;
}

export type TypedefDeclarationCstChildren = {
  keyword?: IToken[];
  derivedTypeDeclaration?: DerivedTypeDeclarationCstNode[];
  typeRef?: TypeRefCstNode[];
  name: NameCstNode[];
  Semicolon: IToken[];
};

export interface ErrorDeclarationCstNode extends CstNode {
  name: "errorDeclaration";
  children: ErrorDeclarationCstChildren;
}

export type ErrorDeclarationCstChildren = {
  Kw_error: IToken[];
  nameList: NameListCstNode[];
};

export interface MatchKindDeclarationCstNode extends CstNode {
  name: "matchKindDeclaration";
  children: MatchKindDeclarationCstChildren;
}

export type MatchKindDeclarationCstChildren = {
  Kw_match_kind: IToken[];
  nameList: NameListCstNode[];
};

export interface NameListCstNode extends CstNode {
  name: "nameList";
  children: NameListCstChildren;
}

export type NameListCstChildren = {
  LBrace: IToken[];
  name?: NameCstNode[];
  Comma?: IToken[];
  trailingComma?: IToken[];
  RBrace: IToken[];
};

export interface NameCstNode extends CstNode {
  name: "name";
  children: NameCstChildren;
}

export type NameCstChildren = {
  Identifier?: IToken[];
  NameKeyword?: IToken[];
};

export interface TypeRefCstNode extends CstNode {
  name: "typeRef";
  children: TypeRefCstChildren;
}

export type TypeRefCstChildren = {
  baseType?: BaseTypeCstNode[];
  collection?: IToken[];
  Less?: IToken[];
  typeArgumentList?: TypeArgumentListCstNode[];
  Greater?: IToken[];
  global?: IToken[];
  name?: NameCstNode[];
  LBracket?: IToken[];
  stackSize?: ExpressionCstNode[];
  RBracket?: IToken[];
};

export interface BaseTypeCstNode extends CstNode {
  name: "baseType";
  children: BaseTypeCstChildren;
}

export type BaseTypeCstChildren = {
  base?: IToken[];
  Less?: IToken[];
  widthExpression?: WidthBinaryCstNode[];
  Greater?: IToken[];
};

export interface TypeArgumentListCstNode extends CstNode {
  name: "typeArgumentList";
  children: TypeArgumentListCstChildren;
}

export type TypeArgumentListCstChildren = {
  typeArgument: TypeArgumentCstNode[];
  Comma?: IToken[];
};

export interface TypeArgumentCstNode extends CstNode {
  name: "typeArgument";
  children: TypeArgumentCstChildren;
}

export type TypeArgumentCstChildren = {
  DontCare?: IToken[];
  IntegerLiteral?: IToken[];
  typeRef?: TypeRefCstNode[];
};

export interface TypeParametersCstNode extends CstNode {
  name: "typeParameters";
  children: TypeParametersCstChildren;
}

export type TypeParametersCstChildren = {
  Less: IToken[];
  name: NameCstNode[];
  Comma?: IToken[];
  Greater: IToken[];
};

export interface ParameterListCstNode extends CstNode {
  name: "parameterList";
  children: ParameterListCstChildren;
}

export type ParameterListCstChildren = {
  LParen: IToken[];
  parameter?: ParameterCstNode[];
  Comma?: IToken[];
  RParen: IToken[];
};

export interface ParameterCstNode extends CstNode {
  name: "parameter";
  children: ParameterCstChildren;
}

export type ParameterCstChildren = {
  annotations: AnnotationsCstNode[];
  direction?: IToken[];
  typeRef: TypeRefCstNode[];
  name: NameCstNode[];
  Assign?: IToken[];
  expression?: ExpressionCstNode[];
};

export interface BlockStatementCstNode extends CstNode {
  name: "blockStatement";
  children: BlockStatementCstChildren;
}

export type BlockStatementCstChildren = {
  LBrace: IToken[];
  statement?: StatementCstNode[];
  RBrace: IToken[];
};

export interface StatementCstNode extends CstNode {
  name: "statement";
  children: StatementCstChildren;
}

export type StatementCstChildren = {
  annotations: AnnotationsCstNode[];
  empty?: IToken[];
  blockStatement?: BlockStatementCstNode[];
  ifStatement?: IfStatementCstNode[];
  switchStatement?: SwitchStatementCstNode[];
  forStatement?: ForStatementCstNode[];
  Kw_return?: IToken[];
  returnValue?: ExpressionCstNode[];
  returnEnd?: IToken[];
  jump?: IToken[];
  jumpEnd?: IToken[];
  constantDeclaration?: ConstantDeclarationCstNode[];
  typeLeadingDeclaration?: TypeLeadingDeclarationCstNode[];
  expressionStatement?: ExpressionStatementCstNode[];
};

export interface ExpressionStatementCstNode extends CstNode {
  name: "expressionStatement";
  children: ExpressionStatementCstChildren;
}

export type ExpressionStatementCstChildren = {
  target: ExpressionCstNode[];
  assignmentOperator?: AssignmentOperatorCstNode[];
  value?: ExpressionCstNode[];
  Semicolon: IToken[];
};

export interface AssignmentOperatorCstNode extends CstNode {
  name: "assignmentOperator";
  children: AssignmentOperatorCstChildren;
}

export type AssignmentOperatorCstChildren = {
  Assign?: IToken[];
  PlusAssign?: IToken[];
  MinusAssign?: IToken[];
  StarAssign?: IToken[];
  SlashAssign?: IToken[];
  PercentAssign?: IToken[];
  ShlAssign?: IToken[];
  AndAssign?: IToken[];
  OrAssign?: IToken[];
  XorAssign?: IToken[];
  SatAddAssign?: IToken[];
  SatSubAssign?: IToken[];
  Greater?: IToken[];
  GreaterEq?: IToken[];
};

export interface IfStatementCstNode extends CstNode {
  name: "ifStatement";
  children: IfStatementCstChildren;
}

export type IfStatementCstChildren = {
  Kw_if: IToken[];
  LParen: IToken[];
  expression: ExpressionCstNode[];
  RParen: IToken[];
  then: StatementCstNode[];
  Kw_else?: IToken[];
  else?: StatementCstNode[];
};

export interface SwitchStatementCstNode extends CstNode {
  name: "switchStatement";
  children: SwitchStatementCstChildren;
}

export type SwitchStatementCstChildren = {
  Kw_switch: IToken[];
  LParen: IToken[];
  expression: ExpressionCstNode[];
  RParen: IToken[];
  LBrace: IToken[];
  switchCase?: SwitchCaseCstNode[];
  RBrace: IToken[];
};

export interface SwitchCaseCstNode extends CstNode {
  name: "switchCase";
  children: SwitchCaseCstChildren;
}

export type SwitchCaseCstChildren = {
  Kw_default?: IToken[];
  expression?: ExpressionCstNode[];
  Colon: IToken[];
  blockStatement?: BlockStatementCstNode[];
};

export interface ForStatementCstNode extends CstNode {
  name: "forStatement";
  children: ForStatementCstChildren;
}

export type ForStatementCstChildren = {
  Kw_for: IToken[];
  LParen?: IToken[];
  typeRef?: TypeRefCstNode[];
  name?: NameCstNode[];
  Kw_in?: IToken[];
  collection?: ExpressionCstNode[];
  RangeOp?: IToken[];
  collectionEnd?: ExpressionCstNode[];
  RParen?: IToken[];
  init?: ForUpdatesCstNode[];
  Semicolon?: IToken[];
  condition?: ExpressionCstNode[];
  update?: ForUpdatesCstNode[];
  body: StatementCstNode[];
};

export interface ForUpdatesCstNode extends CstNode {
  name: "forUpdates";
  children: ForUpdatesCstChildren;
}

export type ForUpdatesCstChildren = {
  forSimpleStatement: ForSimpleStatementCstNode[];
  Comma?: IToken[];
};

export interface ForSimpleStatementCstNode extends CstNode {
  name: "forSimpleStatement";
  children: ForSimpleStatementCstChildren;
}

export type ForSimpleStatementCstChildren = {
  typeRef?: TypeRefCstNode[];
  name?: NameCstNode[];
  initAssign?: IToken[];
  initializer?: ExpressionCstNode[];
  target?: ExpressionCstNode[];
  assignmentOperator?: AssignmentOperatorCstNode[];
  value?: ExpressionCstNode[];
};

export interface ExpressionListCstNode extends CstNode {
  name: "expressionList";
  children: ExpressionListCstChildren;
}

export type ExpressionListCstChildren = {
  expression: ExpressionCstNode[];
  Comma?: IToken[];
};

export interface NamedArgumentListCstNode extends CstNode {
  name: "namedArgumentList";
  children: NamedArgumentListCstChildren;
}

export type NamedArgumentListCstChildren = {
  namedArgument: NamedArgumentCstNode[];
  Comma?: IToken[];
};

export interface NamedArgumentCstNode extends CstNode {
  name: "namedArgument";
  children: NamedArgumentCstChildren;
}

export type NamedArgumentCstChildren = {
  name: NameCstNode[];
  Assign: IToken[];
  expression: ExpressionCstNode[];
};

export interface ExpressionCstNode extends CstNode {
  name: "expression";
  children: ExpressionCstChildren;
}

export type ExpressionCstChildren = {
  condition: BinaryCstNode[];
  Question?: IToken[];
  then?: ExpressionCstNode[];
  Colon?: IToken[];
  else?: ExpressionCstNode[];
};

export interface BinaryCstNode extends CstNode {
  name: "binary";
  children: BinaryCstChildren;
}

export type BinaryCstChildren = {
  operand: UnaryCstNode[];
  operator?: IToken[];
  shrSecond?: IToken[];
};

export interface WidthBinaryCstNode extends CstNode {
  name: "widthBinary";
  children: WidthBinaryCstChildren;
}

export type WidthBinaryCstChildren = {
  operand: UnaryCstNode[];
  operator?: IToken[];
};

export interface UnaryCstNode extends CstNode {
  name: "unary";
  children: UnaryCstChildren;
}

export type UnaryCstChildren = {
  operator?: IToken[];
  operand?: UnaryCstNode[];
  castOpen?: IToken[];
  castType?: TypeRefCstNode[];
  castClose?: IToken[];
  castOperand?: UnaryCstNode[];
  postfix?: PostfixCstNode[];
};

export interface PostfixCstNode extends CstNode {
  name: "postfix";
  children: PostfixCstChildren;
}

export type PostfixCstChildren = {
  primary: PrimaryCstNode[];
  postfixOp?: PostfixOpCstNode[];
};

export interface PostfixOpCstNode extends CstNode {
  name: "postfixOp";
  children: PostfixOpCstChildren;
}

export type PostfixOpCstChildren = {
  Dot?: IToken[];
  member?: NameCstNode[];
  LBracket?: IToken[];
  index?: ExpressionCstNode[];
  sliceColon?: IToken[];
  slicePlusColon?: IToken[];
  sliceOther?: ExpressionCstNode[];
  RBracket?: IToken[];
  argumentList?: ArgumentListCstNode[];
  typeArgsOpen?: IToken[];
  typeArgumentList?: TypeArgumentListCstNode[];
  typeArgsClose?: IToken[];
  genericArgs?: ArgumentListCstNode[];
};

export interface ArgumentListCstNode extends CstNode {
  name: "argumentList";
  children: ArgumentListCstChildren;
}

export type ArgumentListCstChildren = {
  LParen: IToken[];
  argument?: ArgumentCstNode[];
  Comma?: IToken[];
  RParen: IToken[];
};

export interface ArgumentCstNode extends CstNode {
  name: "argument";
  children: ArgumentCstChildren;
}

export type ArgumentCstChildren = {
  argName?: NameCstNode[];
  Assign?: IToken[];
  expression: ExpressionCstNode[];
};

export interface PrimaryCstNode extends CstNode {
  name: "primary";
  children: PrimaryCstChildren;
}

export type PrimaryCstChildren = {
  IntegerLiteral?: IToken[];
  StringLiteral?: IToken[];
  Kw_true?: IToken[];
  Kw_false?: IToken[];
  Kw_this?: IToken[];
  DontCare?: IToken[];
  global?: IToken[];
  globalName?: NameCstNode[];
  name?: NameCstNode[];
  baseType?: BaseTypeCstNode[];
  LParen?: IToken[];
  expression?: ExpressionCstNode[];
  RParen?: IToken[];
  braceExpression?: BraceExpressionCstNode[];
};

export interface BraceExpressionCstNode extends CstNode {
  name: "braceExpression";
  children: BraceExpressionCstChildren;
}

export type BraceExpressionCstChildren = {
  LBrace: IToken[];
  invalid?: IToken[];
  rest?: IToken[];
  namedArgument?: NamedArgumentCstNode[];
  Comma?: IToken[];
  braceTail?: BraceTailCstNode[];
  expression?: ExpressionCstNode[];
  RBrace: IToken[];
};

export interface BraceTailCstNode extends CstNode {
  name: "braceTail";
  children: BraceTailCstChildren;
}

export type BraceTailCstChildren = {
  Comma: IToken[];
  rest?: IToken[];
};
