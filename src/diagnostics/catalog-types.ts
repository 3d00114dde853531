// Catalog entries 2000-2999: names, types and the architecture model. Each message once; codes
// never reused.

import { defineMessages } from "./message.js";

export const typeMessages = defineMessages({
  unknownName: {
    code: 2001,
    name: "unknown-name",
    severity: "error",
    template: "'{name}' is not declared.",
  },
  duplicateDeclaration: {
    code: 2002,
    name: "duplicate-declaration",
    severity: "error",
    template: "'{name}' is already declared in this scope.",
  },
  notAType: {
    code: 2004,
    name: "not-a-type",
    severity: "error",
    template: "'{name}' is not a type.",
  },
  widthNotConstant: {
    code: 2005,
    name: "width-not-constant",
    severity: "error",
    template: "The width of '{type}' must be a compile-time constant.",
  },
  widthOutOfRange: {
    code: 2006,
    name: "width-out-of-range",
    severity: "error",
    template: "Width {width} is out of range for '{type}'; p4flow accepts {min} to {max} bits.",
  },
  badHeaderFieldType: {
    code: 2007,
    name: "bad-header-field-type",
    severity: "error",
    template:
      "Field '{field}' of header '{header}' has type '{type}'; header fields must be bit, int, varbit, bool or a serializable enum.",
  },
  multipleVarbit: {
    code: 2008,
    name: "multiple-varbit",
    severity: "error",
    template: "Header '{header}' has more than one varbit field; the spec allows one.",
  },
  recursiveType: {
    code: 2009,
    name: "recursive-type",
    severity: "error",
    template: "Type '{name}' contains itself ({chain}).",
  },
  badStackSize: {
    code: 2010,
    name: "bad-stack-size",
    severity: "error",
    template: "An array's size must be a non-negative compile-time constant, not '{size}'.",
  },
  badStackElement: {
    code: 2011,
    name: "bad-stack-element",
    severity: "error",
    template: "Arrays hold headers, header unions, structs or fixed-width values, not '{type}'.",
  },
  badUnionMember: {
    code: 2012,
    name: "bad-union-member",
    severity: "error",
    template:
      "Member '{field}' of header union '{union}' has type '{type}'; union members must be headers.",
  },
  typeNestingTooDeep: {
    code: 2013,
    name: "type-nesting-too-deep",
    severity: "error",
    template: "Type '{name}' is defined through more than {limit} nested types or typedefs.",
  },
  missingStartState: {
    code: 2101,
    name: "missing-start-state",
    severity: "error",
    template: "Parser '{parser}' has no 'start' state.",
  },
  reservedStateName: {
    code: 2102,
    name: "reserved-state-name",
    severity: "error",
    template: "'{name}' is a reserved state name and cannot be declared.",
  },
  duplicateState: {
    code: 2103,
    name: "duplicate-state",
    severity: "error",
    template: "Parser '{parser}' already has a state named '{name}'.",
  },
  unknownState: {
    code: 2104,
    name: "unknown-state",
    severity: "error",
    template: "Transition to '{name}', which is not a state of parser '{parser}'.",
  },
  selectArity: {
    code: 2105,
    name: "select-arity",
    severity: "error",
    template: "The select has {want} keys but this case gives {got}.",
  },
  unreachableState: {
    code: 2106,
    name: "unreachable-state",
    severity: "warning",
    template: "State '{name}' of parser '{parser}' is never reached from 'start'.",
  },
  caseAfterDefault: {
    code: 2107,
    name: "case-after-default",
    severity: "warning",
    template: "This case can never match: an earlier case matches every value.",
  },
  noTransition: {
    code: 2108,
    name: "no-transition",
    severity: "warning",
    template:
      "State '{name}' has no transition; it rejects every packet (the spec's implicit 'transition reject').",
  },
  noExtractor: {
    code: 2201,
    name: "no-extractor",
    severity: "error",
    template: "No parser to compile: {reason}. {choices}.",
  },
  unknownParserOption: {
    code: 2202,
    name: "unknown-parser",
    severity: "error",
    template: "'{name}' given to --parser is not a parser of this program. {choices}.",
  },
  badExtractor: {
    code: 2203,
    name: "bad-extractor",
    severity: "error",
    template: "Parser '{name}' cannot be the flow extractor: {reason}.",
  },
  badUnderlyingType: {
    code: 2015,
    name: "bad-underlying-type",
    severity: "error",
    template: "The {what} cannot be of type '{type}'; it must be {allowed}.",
  },
  enumMemberValue: {
    code: 2016,
    name: "enum-member-value",
    severity: "error",
    template: "Enum member '{name}' is not allowed as written: {reason}.",
  },
  typeArgumentCount: {
    code: 2014,
    name: "type-argument-count",
    severity: "error",
    template: "'{name}' takes {expected} type argument(s), not {count}.",
  },
  mixedArguments: {
    code: 2327,
    name: "mixed-arguments",
    severity: "error",
    template: "The call of '{callee}' mixes named and positional arguments; name all or none.",
  },
  unknownParameterName: {
    code: 2328,
    name: "unknown-parameter-name",
    severity: "error",
    template: "'{callee}' has no parameter named '{name}'.",
  },
  argumentTwice: {
    code: 2329,
    name: "argument-twice",
    severity: "error",
    template: "Parameter '{name}' of '{callee}' is given more than one argument.",
  },
  missingArgument: {
    code: 2330,
    name: "missing-argument",
    severity: "error",
    template: "The call of '{callee}' gives no argument for parameter '{name}'.",
  },
  recursiveUse: {
    code: 2331,
    name: "recursive-use",
    severity: "error",
    template: "'{name}' {what}; P4 has no recursion.",
  },
  misplacedStatement: {
    code: 2332,
    name: "misplaced-statement",
    severity: "error",
    template: "{what} cannot be used in {where}.",
  },
  returnValue: {
    code: 2333,
    name: "return-value",
    severity: "error",
    template: "This return does not fit: {reason}.",
  },
  defaultNotLast: {
    code: 2334,
    name: "default-not-last",
    severity: "error",
    template: "'default' must be the last label of a switch.",
  },
  duplicateLabel: {
    code: 2335,
    name: "duplicate-label",
    severity: "error",
    template: "The label '{label}' appears twice in this switch.",
  },
  badConstantOperand: {
    code: 2336,
    name: "bad-constant-operand",
    severity: "error",
    template: "This '{op}' is not allowed: {reason}.",
  },
  dontCareHere: {
    code: 2337,
    name: "dont-care-here",
    severity: "error",
    template: "'_' (don't care) cannot be used here; it stands only for an argument or a keyset.",
  },
  structValueFields: {
    code: 2338,
    name: "struct-value-fields",
    severity: "error",
    template: "This value does not fit '{type}': {reason}.",
  },
  tableRule: {
    code: 2339,
    name: "table-rule",
    severity: "error",
    template: "Table '{table}' is not valid: {reason}.",
  },
  abstractMethodMismatch: {
    code: 2017,
    name: "abstract-method-mismatch",
    severity: "error",
    template:
      "'{method}' does not match the abstract method of '{extern}' it implements: {reason}.",
  },
  abstractMethodMissing: {
    code: 2018,
    name: "abstract-method-missing",
    severity: "error",
    template: "'{name}' does not implement the abstract method '{method}' of '{extern}'.",
  },
  notAbstractMethod: {
    code: 2019,
    name: "not-abstract-method",
    severity: "error",
    template: "'{method}' is not an abstract method of '{extern}'{hint}.",
  },
  entryKeysetType: {
    code: 2021,
    name: "entry-keyset-type",
    severity: "error",
    template: "A keyset value of type '{value}' does not match the type '{type}' of key '{key}'.",
  },
  misplacedInstance: {
    code: 2022,
    name: "misplaced-instance",
    severity: "error",
    template: "'{name}' is a {what}; a {where} cannot instantiate one.",
  },
  switchSubject: {
    code: 2023,
    name: "switch-subject",
    severity: "error",
    template:
      "A switch on a value of type '{type}' is not allowed; switch on a table's action_run, or on a bit<W>, int<W>, enum or error value.",
  },
  switchLabel: {
    code: 2024,
    name: "switch-label",
    severity: "error",
    template: "The label '{label}' does not fit this switch: {reason}.",
  },
  parameterRule: {
    code: 2025,
    name: "parameter-rule",
    severity: "error",
    template: "Parameter '{name}' is not allowed as declared: {reason}.",
  },
  badStructField: {
    code: 2026,
    name: "bad-struct-field",
    severity: "error",
    template:
      "Field '{field}' of struct '{struct}' has type '{type}'; a struct field cannot be an extern, a parser, a control, a package or void.",
  },
  constantNotConstant: {
    code: 2027,
    name: "constant-not-constant",
    severity: "error",
    template:
      "The value of constant '{name}' must be known at compile time, but it reads '{text}', which is known only at run time.",
  },
  dontCareType: {
    code: 2020,
    name: "dont-care-type",
    severity: "error",
    template:
      "'_' cannot be used as a type here; it stands only for a type argument of a call or an instantiation, to be inferred.",
  },
  didYouMean: {
    code: 2901,
    name: "did-you-mean",
    severity: "note",
    template: "Did you mean '{name}'?",
  },
  noSuchField: {
    code: 2301,
    name: "no-such-field",
    severity: "error",
    template: "'{type}' has no field '{field}'{hint}.",
  },
  operandTypes: {
    code: 2302,
    name: "operand-types",
    severity: "error",
    template:
      "The operands of '{op}' have types '{left}' and '{right}'; they must have the same type (add a cast).",
  },
  operatorType: {
    code: 2303,
    name: "operator-type",
    severity: "error",
    template: "'{op}' cannot be applied to a value of type '{type}'.",
  },
  notBool: {
    code: 2304,
    name: "not-bool",
    severity: "error",
    template: "{what} must be a bool, not '{type}'.",
  },
  assignType: {
    code: 2305,
    name: "assign-type",
    severity: "error",
    template:
      "A value of type '{value}' cannot be given to {target} of type '{type}' (add a cast).",
  },
  notAssignable: {
    code: 2306,
    name: "not-assignable",
    severity: "error",
    template: "'{text}' cannot be assigned to.",
  },
  badCast: {
    code: 2307,
    name: "bad-cast",
    severity: "error",
    template: "A value of type '{from}' cannot be cast to '{to}'.",
  },
  badSlice: {
    code: 2308,
    name: "bad-slice",
    severity: "error",
    template: "The slice '{text}' is not allowed: {reason}.",
  },
  extractNotHeader: {
    code: 2309,
    name: "extract-not-header",
    severity: "error",
    template: "packet_in.extract needs a header or a stack's next element, not '{type}'.",
  },
  notIndexable: {
    code: 2310,
    name: "not-indexable",
    severity: "error",
    template: "A value of type '{type}' cannot be indexed; only header stacks can.",
  },
  selectKeyType: {
    code: 2311,
    name: "select-key-type",
    severity: "error",
    template:
      "A select key of type '{type}' cannot be matched; use bit<W>, int<W>, bool, an enum or error.",
  },
  literalOverflow: {
    code: 2312,
    name: "literal-overflow",
    severity: "warning",
    template: "The value {value} does not fit '{type}'; it becomes {truncated}.",
  },
  lookaheadType: {
    code: 2313,
    name: "lookahead-type",
    severity: "error",
    template: "lookahead needs a type of fixed width, not '{type}'.",
  },
  shiftAmount: {
    code: 2314,
    name: "shift-amount",
    severity: "error",
    template: "A shift amount must be unsigned (bit<W> or a non-negative constant), not '{type}'.",
  },
  wrongArchitecture: {
    code: 2204,
    name: "wrong-architecture",
    severity: "error",
    template:
      "--arch says {wanted}, but the program's main instantiates the {found} architecture; drop --arch or pass --arch {found}.",
  },
  unusedDeclaration: {
    code: 2315,
    name: "unused-declaration",
    severity: "warning",
    template: "'{name}' is declared but never used.",
  },
  readBeforeExtract: {
    code: 2316,
    name: "read-before-extract",
    severity: "warning",
    template:
      "'{field}' is read where '{header}' cannot be valid yet, so it reads as 0; extract the header first or test {header}.isValid().",
  },
  assignToIn: {
    code: 2317,
    name: "assign-to-in",
    severity: "error",
    template: "'{name}' is an 'in' parameter and cannot be assigned; make it 'inout' or 'out'.",
  },
  keysetType: {
    code: 2318,
    name: "keyset-type",
    severity: "error",
    template: "A keyset value of type '{value}' does not match the select key's type '{key}'.",
  },
  wrongArgumentCount: {
    code: 2319,
    name: "wrong-argument-count",
    severity: "error",
    template: "'{method}' takes {expected} argument(s), not {count}.",
  },
  notAHeaderMethod: {
    code: 2320,
    name: "not-a-header-method",
    severity: "error",
    template: "'{method}' is a method of headers and header unions, not of '{type}'.",
  },
  stackShiftCount: {
    code: 2321,
    name: "stack-shift-count",
    severity: "error",
    template: "The count given to {method} must be a non-negative compile-time constant.",
  },
  extractForm: {
    code: 2322,
    name: "extract-form",
    severity: "error",
    template: "This extract does not fit header type '{type}': {reason}.",
  },
  unknownMethod: {
    code: 2323,
    name: "unknown-method",
    severity: "error",
    template: "'{type}' has no method '{method}'{hint}.",
  },
  stackIndexRange: {
    code: 2324,
    name: "stack-index-range",
    severity: "error",
    template: "Index {index} is outside the stack of {size} elements (0 to {last}).",
  },
  notChecked: {
    code: 2326,
    name: "not-checked",
    severity: "warning",
    template: "The checker does not model {what} yet: it is not type-checked.",
  },
  argumentNotAssignable: {
    code: 2325,
    name: "argument-not-assignable",
    severity: "error",
    template:
      "'{text}' is passed to the {direction} parameter '{param}', which writes to it, but it cannot be assigned.",
  },
});
