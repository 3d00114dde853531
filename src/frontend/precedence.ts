// How tightly each infix operator binds (higher binds tighter), in the spec's order. The parser
// reads operators flat; the lowering builds trees with this table and the printer adds
// parentheses with it, so the two always agree.

export const BINARY_PRECEDENCE: Readonly<Record<string, number>> = {
  "||": 1,
  "&&": 2,
  "==": 3,
  "!=": 3,
  "<": 4,
  ">": 4,
  "<=": 4,
  ">=": 4,
  "|": 5,
  "^": 6,
  "&": 7,
  "<<": 8,
  ">>": 8,
  "+": 9,
  "-": 9,
  "|+|": 9,
  "|-|": 9,
  "++": 9,
  "*": 10,
  "/": 10,
  "%": 10,
};
