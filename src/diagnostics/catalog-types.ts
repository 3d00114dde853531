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
    template: "A header stack's size must be a positive compile-time constant, not '{size}'.",
  },
  badStackElement: {
    code: 2011,
    name: "bad-stack-element",
    severity: "error",
    template: "Header stacks hold headers or header unions, not '{type}'.",
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
  didYouMean: {
    code: 2901,
    name: "did-you-mean",
    severity: "note",
    template: "Did you mean '{name}'?",
  },
});
