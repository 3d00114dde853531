// Our wording for Chevrotain's syntax errors: "Expected ';' after the field declaration, found
// 'bit'." The rule stack names what was being parsed; token labels name what was expected.

import type { IParserErrorMessageProvider, IToken, TokenType } from "chevrotain";

const PHRASES: Record<string, string> = {
  program: "the program",
  name: "the declaration",
  declaration: "the declaration",
  constantDeclaration: "the constant declaration",
  typeLeadingDeclaration: "the declaration",
  externDeclaration: "the extern declaration",
  methodPrototype: "the method declaration",
  functionPrototype: "the function declaration",
  actionDeclaration: "the action",
  parserDeclaration: "the parser",
  parserLocal: "the parser's local declaration",
  parserState: "the parser state",
  transition: "the transition",
  selectExpression: "the select expression",
  selectCase: "the select case",
  keysetExpression: "the keyset",
  simpleKeyset: "the keyset",
  valueSetDeclaration: "the value_set declaration",
  controlDeclaration: "the control",
  controlLocal: "the control's local declaration",
  tableDeclaration: "the table",
  tableProperty: "the table property",
  keyElement: "the table key element",
  actionRef: "the action reference",
  tableEntry: "the table entry",
  packageTypeDeclaration: "the package declaration",
  structLikeDeclaration: "the type declaration",
  structField: "the field declaration",
  enumDeclaration: "the enum declaration",
  enumMember: "the enum member",
  typedefDeclaration: "the type definition",
  errorDeclaration: "the error declaration",
  matchKindDeclaration: "the match_kind declaration",
  nameList: "the list of names",
  typeRef: "the type",
  baseType: "the type",
  typeArgumentList: "the type arguments",
  typeParameters: "the type parameters",
  parameterList: "the parameter list",
  parameter: "the parameter",
  blockStatement: "the block",
  statement: "the statement",
  expressionStatement: "the statement",
  ifStatement: "the if statement",
  switchStatement: "the switch statement",
  switchCase: "the switch case",
  forStatement: "the for statement",
  argumentList: "the argument list",
  annotation: "the annotation",
  braceExpression: "the list or struct expression",
};

export function rulePhrase(rule: string | undefined): string {
  if (rule === undefined) return "the program";
  return (
    PHRASES[rule] ??
    (/^(expression|logical|equality|relational|bit|shift|additive|multiplicative|unary|postfix|primary)/.test(
      rule,
    )
      ? "the expression"
      : "the program")
  );
}

export function describeToken(t: IToken | undefined): string {
  if (!t || t.tokenType?.name === "EOF" || t.image === undefined || t.image === "")
    return "the end of the file";
  const image = t.image.length > 30 ? `${t.image.slice(0, 27)}...` : t.image;
  return `'${image}'`;
}

function label(t: TokenType): string {
  return t.LABEL ?? t.name;
}

function listOf(labels: string[]): string {
  const unique = [...new Set(labels)];
  if (unique.length === 1) return unique[0]!;
  if (unique.length <= 5) return `one of ${unique.join(", ")}`;
  return `one of ${unique.slice(0, 5).join(", ")} or others`;
}

/** The rule currently being parsed is passed by Chevrotain as `ruleName`. */
export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    if (expected.name === "EOF") return `Expected a declaration|${describeToken(actual)}`;
    const where = label(expected) === "';'" ? "after" : "in";
    return `Expected ${label(expected)} ${where} ${rulePhrase(ruleName)}|${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `Expected a declaration|${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const firsts = expectedPathsPerAlt.flatMap((alt) =>
      alt.map((path) => (path[0] ? label(path[0]) : "")).filter((s) => s !== ""),
    );
    const found = actual[0];
    return `Expected ${listOf(firsts)} in ${rulePhrase(ruleName)}|${describeToken(found)}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const firsts = expectedIterationPaths
      .map((path) => (path[0] ? label(path[0]) : ""))
      .filter((s) => s !== "");
    return `Expected ${listOf(firsts)} in ${rulePhrase(ruleName)}|${describeToken(actual[0])}`;
  },
};
