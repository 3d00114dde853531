// The P4_16 (v1.2.5) grammar as a Chevrotain CstParser. Rules are class fields, so a misspelt
// SUBRULE is a compile error; one instance is reused (`parser.input = tokens`). Where the spec's
// grammar relies on a lexer that knows type names, the rules use the token scans in scan.ts.
// The look-ahead functions come from the precomputed table (lookahead-table.ts), built per
// decision on first use (lazy-lookahead.ts) instead of all at start-up. The parser only builds
// the CST; src/frontend/lower-*.ts turns it into the AST.

import { CstParser, type IToken } from "chevrotain";
import { LazyLookaheadStrategy } from "./lazy-lookahead.js";
import { LOOKAHEAD_TABLE } from "./lookahead-table.js";
import { errorMessages } from "./messages.js";
import * as S from "./scan.js";
import * as T from "./tokens.js";

const K = T.Kw;

export class P4Parser extends CstParser {
  /**
   * `validate` runs Chevrotain's grammar checks (ambiguities, left recursion...). They take a
   * third of a cold start and the grammar is fixed, so the shared instance skips them and a test
   * (test/grammar) builds one with them on.
   */
  constructor(validate = false, followsNow = false) {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      // Lookahead from a precomputed table, built on first use (a third of a cold start otherwise).
      lookaheadStrategy: new LazyLookaheadStrategy(
        { maxLookahead: 3 },
        T.allTokens,
        LOOKAHEAD_TABLE,
      ),
      nodeLocationTracking: "full",
      errorMessageProvider: errorMessages,
      skipValidations: !validate,
    });
    // Error recovery's follow sets (what may come after each rule reference) took two thirds of
    // the set-up and are read only when a syntax error is recovered from: Chevrotain computes
    // them in its set-up only when recovery is on, so it is off during the set-up and the sets
    // are taken, on first use, from a parser that computed them (Chevrotain's own computation).
    const recovery = this as unknown as RecoveryState;
    if (!followsNow) recovery.recoveryEnabled = false;
    this.performSelfAnalysis();
    if (!followsNow) {
      recovery.recoveryEnabled = true;
      // A proxy, not an accessor: redefining a property would take the parser off V8's fast
      // property layout, which Chevrotain's set-up arranges.
      let follows: RecoveryState["resyncFollows"] | undefined;
      const computed = () =>
        (follows ??= (new P4Parser(false, true) as unknown as RecoveryState).resyncFollows);
      recovery.resyncFollows = new Proxy({}, { get: (_, key) => computed()[key as string] });
    }
  }

  private readonly peek: S.Peek = (i) => this.LA(i);

  // Program and declarations -----------------------------------------------------------------

  public program = this.RULE("program", () => {
    this.MANY(() =>
      this.OR([
        { ALT: () => this.CONSUME(T.Semicolon) },
        { ALT: () => this.SUBRULE(this.declaration) },
      ]),
    );
  });

  public annotation = this.RULE("annotation", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.PragmaLine) },
      { ALT: () => this.SUBRULE(this.regularAnnotation) },
    ]);
  });

  public regularAnnotation = this.RULE("regularAnnotation", () => {
    this.CONSUME(T.At);
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: "annotationName" }) },
      { ALT: () => this.CONSUME(T.Keyword, { LABEL: "annotationName" }) },
    ]);
    this.OPTION(() =>
      this.OR2([
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.annotationBody);
            this.CONSUME(T.RParen);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            // The backtracking gate decides; one token of lookahead keeps the grammar's set-up
            // from exploring every token sequence an unstructured body allows.
            this.OR3({
              MAX_LOOKAHEAD: 1,
              IGNORE_AMBIGUITIES: true,
              DEF: [
                {
                  GATE: this.BACKTRACK(this.structuredAnnotationBody),
                  ALT: () => this.SUBRULE(this.structuredAnnotationBody),
                },
                {
                  ALT: () => {
                    this.SUBRULE(this.bracketAnnotationBody);
                    this.CONSUME(T.RBracket);
                  },
                },
              ],
            });
          },
        },
      ]),
    );
  });

  /** `k = v, ...` or `e, ...` (or nothing) and the closing `]`: tried first, by backtracking. */
  public structuredAnnotationBody = this.RULE("structuredAnnotationBody", () => {
    this.OPTION(() =>
      this.OR([
        {
          GATE: () => S.isNameToken(this.LA(1)) && this.LA(2).tokenType === T.Assign,
          ALT: () => this.SUBRULE(this.namedArgumentList),
        },
        { ALT: () => this.SUBRULE(this.expressionList) },
      ]),
    );
    this.OPTION2(() => this.CONSUME(T.Comma, { LABEL: "trailingComma" }));
    this.CONSUME(T.RBracket);
  });

  /** An unstructured `[...]` body: any tokens with balanced brackets and parentheses. */
  public bracketAnnotationBody = this.RULE("bracketAnnotationBody", () => {
    this.MANY({
      GATE: () => this.LA(1).tokenType !== T.RBracket,
      DEF: () =>
        this.OR({
          MAX_LOOKAHEAD: 1,
          IGNORE_AMBIGUITIES: true,
          DEF: [
            {
              ALT: () => {
                this.CONSUME(T.LParen);
                this.SUBRULE(this.annotationBody);
                this.CONSUME(T.RParen);
              },
            },
            {
              ALT: () => {
                this.CONSUME(T.LBracket);
                this.SUBRULE(this.bracketAnnotationBody);
                this.CONSUME(T.RBracket);
              },
            },
            {
              GATE: () =>
                this.LA(1).tokenType !== T.LBracket && this.LA(1).tokenType !== T.RBracket,
              ALT: () => this.CONSUME(T.NonParen),
            },
          ],
        }),
    });
  });

  public annotationBody = this.RULE("annotationBody", () => {
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.annotationBody);
            this.CONSUME(T.RParen);
          },
        },
        { ALT: () => this.CONSUME(T.NonParen) },
      ]),
    );
  });

  private annotations = this.RULE("annotations", () => {
    this.MANY(() => this.SUBRULE(this.annotation));
  });

  public declaration = this.RULE("declaration", () => {
    this.SUBRULE(this.annotations);
    // `type` is both the newtype keyword and a name the spec allows; the keyword reading wins.
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.constantDeclaration) },
        { ALT: () => this.SUBRULE(this.externDeclaration) },
        { ALT: () => this.SUBRULE(this.actionDeclaration) },
        { ALT: () => this.SUBRULE(this.parserDeclaration) },
        { ALT: () => this.SUBRULE(this.controlDeclaration) },
        { ALT: () => this.SUBRULE(this.packageTypeDeclaration) },
        { ALT: () => this.SUBRULE(this.derivedTypeDeclaration) },
        { ALT: () => this.SUBRULE(this.typedefDeclaration) },
        {
          GATE: () => this.LA(2).tokenType === T.LBrace,
          ALT: () => this.SUBRULE(this.errorDeclaration),
        },
        {
          GATE: () => this.LA(2).tokenType === T.LBrace,
          ALT: () => this.SUBRULE(this.matchKindDeclaration),
        },
        { ALT: () => this.SUBRULE(this.valueSetDeclaration) },
        { ALT: () => this.SUBRULE(this.tableDeclaration) },
        { ALT: () => this.SUBRULE(this.typeLeadingDeclaration) },
      ],
    });
  });

  public derivedTypeDeclaration = this.RULE("derivedTypeDeclaration", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.structLikeDeclaration) },
      { ALT: () => this.SUBRULE(this.enumDeclaration) },
    ]);
  });

  public constantDeclaration = this.RULE("constantDeclaration", () => {
    this.CONSUME(K.const);
    this.SUBRULE(this.typeRef);
    this.SUBRULE(this.name);
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expression);
    this.CONSUME(T.Semicolon);
  });

  /** Everything that starts with a type: instantiations, functions, variables. */
  public typeLeadingDeclaration = this.RULE("typeLeadingDeclaration", () => {
    this.SUBRULE(this.typeRef);
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.argumentList);
          this.SUBRULE(this.name);
          this.OPTION(() => {
            this.CONSUME(T.Assign);
            this.SUBRULE(this.objectInitializer);
          });
          this.CONSUME(T.Semicolon);
        },
      },
      {
        ALT: () => {
          this.SUBRULE2(this.name);
          this.OR2([
            {
              ALT: () => {
                this.OPTION2(() => this.SUBRULE(this.typeParameters));
                this.SUBRULE(this.parameterList);
                this.SUBRULE(this.blockStatement);
              },
            },
            {
              ALT: () => {
                this.OPTION3(() => {
                  this.CONSUME2(T.Assign, { LABEL: "initAssign" });
                  this.SUBRULE(this.expression);
                });
                this.CONSUME2(T.Semicolon);
              },
            },
          ]);
        },
      },
    ]);
  });

  public objectInitializer = this.RULE("objectInitializer", () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.declaration));
    this.CONSUME(T.RBrace);
  });

  public externDeclaration = this.RULE("externDeclaration", () => {
    this.CONSUME(K.extern);
    this.OR([
      {
        GATE: () => S.startsExternObject((i) => this.LA(i - 1)),
        ALT: () => {
          this.SUBRULE(this.name);
          this.OPTION(() => this.SUBRULE(this.typeParameters));
          this.CONSUME(T.LBrace);
          this.MANY(() => this.SUBRULE(this.methodPrototype));
          this.CONSUME(T.RBrace);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.functionPrototype);
          this.CONSUME(T.Semicolon);
        },
      },
    ]);
  });

  public methodPrototype = this.RULE("methodPrototype", () => {
    this.SUBRULE(this.annotations);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.abstract);
          this.SUBRULE(this.functionPrototype);
        },
      },
      {
        GATE: () => S.isNameToken(this.LA(1)) && this.LA(2).tokenType === T.LParen,
        ALT: () => {
          this.SUBRULE(this.name, { LABEL: "constructorName" });
          this.SUBRULE(this.parameterList);
        },
      },
      { ALT: () => this.SUBRULE2(this.functionPrototype) },
    ]);
    this.CONSUME(T.Semicolon);
  });

  public functionPrototype = this.RULE("functionPrototype", () => {
    this.SUBRULE(this.typeRef);
    this.SUBRULE(this.name);
    this.OPTION(() => this.SUBRULE(this.typeParameters));
    this.SUBRULE(this.parameterList);
  });

  public actionDeclaration = this.RULE("actionDeclaration", () => {
    this.CONSUME(K.action);
    this.SUBRULE(this.name);
    this.SUBRULE(this.parameterList);
    this.SUBRULE(this.blockStatement);
  });

  public parserDeclaration = this.RULE("parserDeclaration", () => {
    this.CONSUME(K.parser);
    this.SUBRULE(this.name);
    this.OPTION(() => this.SUBRULE(this.typeParameters));
    this.SUBRULE(this.parameterList);
    this.OR([
      { ALT: () => this.CONSUME(T.Semicolon) },
      {
        ALT: () => {
          this.OPTION2(() => this.SUBRULE2(this.parameterList, { LABEL: "constructorParameters" }));
          this.CONSUME(T.LBrace);
          this.MANY({
            // Annotations may lead a state as well as a local (`@name("x") state x {...}`).
            GATE: () => this.LA(S.skipAnnotations(this.peek, 1)).tokenType !== K.state,
            DEF: () => this.SUBRULE(this.parserLocal),
          });
          this.MANY2(() => this.SUBRULE(this.parserState));
          this.CONSUME(T.RBrace);
        },
      },
    ]);
  });

  public parserLocal = this.RULE("parserLocal", () => {
    this.SUBRULE(this.annotations);
    this.OR([
      { ALT: () => this.SUBRULE(this.constantDeclaration) },
      { ALT: () => this.SUBRULE(this.valueSetDeclaration) },
      { ALT: () => this.SUBRULE(this.typeLeadingDeclaration) },
    ]);
  });

  public valueSetDeclaration = this.RULE("valueSetDeclaration", () => {
    this.CONSUME(K.value_set);
    this.CONSUME(T.Less);
    this.SUBRULE(this.typeRef);
    this.CONSUME(T.Greater);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
    this.SUBRULE(this.name);
    this.CONSUME(T.Semicolon);
  });

  public parserState = this.RULE("parserState", () => {
    this.SUBRULE(this.annotations);
    this.CONSUME(K.state);
    this.SUBRULE(this.name);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.statement));
    this.OPTION(() => this.SUBRULE(this.transition));
    this.CONSUME(T.RBrace);
  });

  public transition = this.RULE("transition", () => {
    this.CONSUME(K.transition);
    this.OR([
      { ALT: () => this.SUBRULE(this.selectExpression) },
      {
        ALT: () => {
          this.SUBRULE(this.name);
          this.CONSUME(T.Semicolon);
        },
      },
    ]);
  });

  public selectExpression = this.RULE("selectExpression", () => {
    this.CONSUME(K.select);
    this.CONSUME(T.LParen);
    this.OPTION(() => this.SUBRULE(this.expressionList));
    this.CONSUME(T.RParen);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.selectCase));
    this.CONSUME(T.RBrace);
  });

  public selectCase = this.RULE("selectCase", () => {
    this.SUBRULE(this.annotations);
    this.SUBRULE(this.keysetExpression);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.name);
    this.CONSUME(T.Semicolon);
  });

  public keysetExpression = this.RULE("keysetExpression", () => {
    this.OR([
      {
        GATE: () => this.LA(1).tokenType === T.LParen && S.startsTupleKeyset(this.peek),
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.simpleKeyset);
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE2(this.simpleKeyset);
          });
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE3(this.simpleKeyset) },
    ]);
  });

  public simpleKeyset = this.RULE("simpleKeyset", () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.CONSUME(K.default) },
        { ALT: () => this.CONSUME(T.DontCare) },
        {
          ALT: () => {
            this.SUBRULE(this.expression, { LABEL: "value" });
            this.OPTION(() =>
              this.OR2([
                {
                  ALT: () => {
                    this.CONSUME(T.MaskOp);
                    this.SUBRULE2(this.expression, { LABEL: "mask" });
                  },
                },
                {
                  ALT: () => {
                    this.CONSUME(T.RangeOp);
                    this.SUBRULE3(this.expression, { LABEL: "high" });
                  },
                },
              ]),
            );
          },
        },
      ],
    });
  });

  public controlDeclaration = this.RULE("controlDeclaration", () => {
    this.CONSUME(K.control);
    this.SUBRULE(this.name);
    this.OPTION(() => this.SUBRULE(this.typeParameters));
    this.SUBRULE(this.parameterList);
    this.OR([
      { ALT: () => this.CONSUME(T.Semicolon) },
      {
        ALT: () => {
          this.OPTION2(() => this.SUBRULE2(this.parameterList, { LABEL: "constructorParameters" }));
          this.CONSUME(T.LBrace);
          this.MANY({
            GATE: () => {
              const i = S.skipAnnotations(this.peek, 1);
              return !(this.LA(i).tokenType === K.apply && this.LA(i + 1).tokenType === T.LBrace);
            },
            DEF: () => this.SUBRULE(this.controlLocal),
          });
          this.SUBRULE(this.annotations, { LABEL: "applyAnnotations" });
          this.CONSUME(K.apply);
          this.SUBRULE(this.blockStatement);
          this.CONSUME(T.RBrace);
        },
      },
    ]);
  });

  public controlLocal = this.RULE("controlLocal", () => {
    this.SUBRULE(this.annotations);
    this.OR([
      { ALT: () => this.SUBRULE(this.constantDeclaration) },
      { ALT: () => this.SUBRULE(this.actionDeclaration) },
      { ALT: () => this.SUBRULE(this.tableDeclaration) },
      { ALT: () => this.SUBRULE(this.typeLeadingDeclaration) },
    ]);
  });

  public tableDeclaration = this.RULE("tableDeclaration", () => {
    this.CONSUME(K.table);
    this.SUBRULE(this.name);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.tableProperty));
    this.CONSUME(T.RBrace);
  });

  public tableProperty = this.RULE("tableProperty", () => {
    this.SUBRULE(this.annotations);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.key);
          this.CONSUME(T.Assign);
          this.CONSUME(T.LBrace);
          this.MANY(() => this.SUBRULE(this.keyElement));
          this.CONSUME(T.RBrace);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.actions);
          this.CONSUME2(T.Assign);
          this.CONSUME2(T.LBrace);
          this.MANY2(() => {
            this.SUBRULE(this.actionRef);
            this.CONSUME(T.Semicolon);
          });
          this.CONSUME2(T.RBrace);
        },
      },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(K.const));
          this.OR2([
            {
              ALT: () => {
                this.CONSUME(K.entries);
                this.CONSUME3(T.Assign);
                this.CONSUME3(T.LBrace);
                this.MANY3(() => this.SUBRULE(this.tableEntry));
                this.CONSUME3(T.RBrace);
              },
            },
            {
              ALT: () => {
                this.CONSUME(T.Identifier, { LABEL: "propertyName" });
                this.CONSUME4(T.Assign);
                this.SUBRULE(this.expression);
                this.CONSUME2(T.Semicolon);
              },
            },
          ]);
        },
      },
    ]);
  });

  public keyElement = this.RULE("keyElement", () => {
    this.SUBRULE(this.expression);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.name);
    this.SUBRULE(this.annotations);
    this.CONSUME(T.Semicolon);
  });

  public actionRef = this.RULE("actionRef", () => {
    this.SUBRULE(this.annotations);
    this.OPTION(() => this.CONSUME(T.Dot));
    this.SUBRULE(this.name);
    this.OPTION2(() => this.SUBRULE(this.argumentList));
  });

  public tableEntry = this.RULE("tableEntry", () => {
    this.OPTION(() => this.CONSUME(K.const));
    this.OPTION2(() => {
      this.CONSUME(K.priority);
      this.CONSUME(T.Assign);
      this.SUBRULE(this.expression, { LABEL: "priority" });
      this.CONSUME(T.Colon, { LABEL: "priorityColon" });
    });
    this.SUBRULE(this.keysetExpression);
    this.CONSUME2(T.Colon);
    this.SUBRULE(this.actionRef);
    this.SUBRULE(this.annotations);
    this.CONSUME(T.Semicolon);
  });

  public packageTypeDeclaration = this.RULE("packageTypeDeclaration", () => {
    this.CONSUME(K.package);
    this.SUBRULE(this.name);
    this.OPTION(() => this.SUBRULE(this.typeParameters));
    this.SUBRULE(this.parameterList);
    this.CONSUME(T.Semicolon);
  });

  public structLikeDeclaration = this.RULE("structLikeDeclaration", () => {
    this.OR([
      { ALT: () => this.CONSUME(K.header, { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(K.header_union, { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(K.struct, { LABEL: "keyword" }) },
    ]);
    this.SUBRULE(this.name);
    this.OPTION(() => this.SUBRULE(this.typeParameters));
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.structField));
    this.CONSUME(T.RBrace);
  });

  public structField = this.RULE("structField", () => {
    this.SUBRULE(this.annotations);
    this.SUBRULE(this.typeRef);
    this.SUBRULE(this.name);
    this.CONSUME(T.Semicolon);
  });

  public enumDeclaration = this.RULE("enumDeclaration", () => {
    this.CONSUME(K.enum);
    this.OPTION({
      GATE: () => !(S.isNameToken(this.LA(1)) && this.LA(2).tokenType === T.LBrace),
      DEF: () => this.SUBRULE(this.typeRef, { LABEL: "underlyingType" }),
    });
    this.SUBRULE(this.name);
    this.CONSUME(T.LBrace);
    this.OPTION2(() => {
      this.SUBRULE(this.enumMember);
      this.MANY({
        GATE: () => this.LA(2).tokenType !== T.RBrace,
        DEF: () => {
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.enumMember);
        },
      });
      this.OPTION3(() => this.CONSUME2(T.Comma, { LABEL: "trailingComma" }));
    });
    this.CONSUME(T.RBrace);
  });

  public enumMember = this.RULE("enumMember", () => {
    this.SUBRULE(this.annotations);
    this.SUBRULE(this.name);
    this.OPTION(() => {
      this.CONSUME(T.Assign);
      this.SUBRULE(this.expression);
    });
  });

  public typedefDeclaration = this.RULE("typedefDeclaration", () => {
    this.OR([
      { ALT: () => this.CONSUME(K.typedef, { LABEL: "keyword" }) },
      { ALT: () => this.CONSUME(K.type, { LABEL: "keyword" }) },
    ]);
    this.OR2([
      { ALT: () => this.SUBRULE(this.derivedTypeDeclaration) },
      { ALT: () => this.SUBRULE(this.typeRef) },
    ]);
    this.SUBRULE(this.name);
    this.CONSUME(T.Semicolon);
  });

  public errorDeclaration = this.RULE("errorDeclaration", () => {
    this.CONSUME(K.error);
    this.SUBRULE(this.nameList);
  });

  public matchKindDeclaration = this.RULE("matchKindDeclaration", () => {
    this.CONSUME(K.match_kind);
    this.SUBRULE(this.nameList);
  });

  public nameList = this.RULE("nameList", () => {
    this.CONSUME(T.LBrace);
    this.OPTION(() => {
      this.SUBRULE(this.name);
      this.MANY({
        GATE: () => this.LA(2).tokenType !== T.RBrace,
        DEF: () => {
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.name);
        },
      });
      this.OPTION2(() => this.CONSUME2(T.Comma, { LABEL: "trailingComma" }));
    });
    this.CONSUME(T.RBrace);
  });

  // Types and parameters ---------------------------------------------------------------------

  public name = this.RULE("name", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.NameKeyword) },
    ]);
  });

  public typeRef = this.RULE("typeRef", () => {
    // `list` is a type only before `<`; elsewhere it is an ordinary name.
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.baseType) },
        {
          GATE: () => this.LA(1).tokenType !== K.list || this.LA(2).tokenType === T.Less,
          ALT: () => {
            this.OR2([
              { ALT: () => this.CONSUME(K.tuple, { LABEL: "collection" }) },
              { ALT: () => this.CONSUME(K.list, { LABEL: "collection" }) },
            ]);
            this.CONSUME(T.Less);
            this.OPTION3(() => this.SUBRULE(this.typeArgumentList));
            this.CONSUME(T.Greater);
          },
        },
        {
          ALT: () => {
            this.OPTION(() => this.CONSUME(T.Dot, { LABEL: "global" }));
            this.SUBRULE(this.name);
            this.OPTION2(() => {
              this.CONSUME2(T.Less);
              this.SUBRULE2(this.typeArgumentList);
              this.CONSUME2(T.Greater);
            });
          },
        },
      ],
    });
    this.MANY(() => {
      this.CONSUME(T.LBracket);
      this.SUBRULE(this.expression, { LABEL: "stackSize" });
      this.CONSUME(T.RBracket);
    });
  });

  public baseType = this.RULE("baseType", () => {
    this.OR([
      { ALT: () => this.CONSUME(K.bool, { LABEL: "base" }) },
      { ALT: () => this.CONSUME(K.error, { LABEL: "base" }) },
      { ALT: () => this.CONSUME(K.match_kind, { LABEL: "base" }) },
      { ALT: () => this.CONSUME(K.string, { LABEL: "base" }) },
      { ALT: () => this.CONSUME(K.void, { LABEL: "base" }) },
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(K.bit, { LABEL: "base" }) },
            { ALT: () => this.CONSUME(K.int, { LABEL: "base" }) },
            { ALT: () => this.CONSUME(K.varbit, { LABEL: "base" }) },
          ]);
          this.OPTION(() => {
            this.CONSUME(T.Less);
            this.SUBRULE(this.widthBinary, { LABEL: "widthExpression" });
            this.CONSUME(T.Greater);
          });
        },
      },
    ]);
  });

  public typeArgumentList = this.RULE("typeArgumentList", () => {
    this.SUBRULE(this.typeArgument);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.typeArgument);
    });
  });

  public typeArgument = this.RULE("typeArgument", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.DontCare) },
      { ALT: () => this.CONSUME(T.IntegerLiteral) },
      { ALT: () => this.SUBRULE(this.typeRef) },
    ]);
  });

  public typeParameters = this.RULE("typeParameters", () => {
    this.CONSUME(T.Less);
    this.SUBRULE(this.name);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.name);
    });
    this.CONSUME(T.Greater);
  });

  public parameterList = this.RULE("parameterList", () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.parameter);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.parameter);
      });
    });
    this.CONSUME(T.RParen);
  });

  public parameter = this.RULE("parameter", () => {
    this.SUBRULE(this.annotations);
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.CONSUME(K.in, { LABEL: "direction" }) },
        { ALT: () => this.CONSUME(K.out, { LABEL: "direction" }) },
        { ALT: () => this.CONSUME(K.inout, { LABEL: "direction" }) },
      ]),
    );
    this.SUBRULE(this.typeRef);
    this.SUBRULE(this.name);
    this.OPTION2(() => {
      this.CONSUME(T.Assign);
      this.SUBRULE(this.expression);
    });
  });

  // Statements -------------------------------------------------------------------------------

  public blockStatement = this.RULE("blockStatement", () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(T.RBrace);
  });

  public statement = this.RULE("statement", () => {
    this.SUBRULE(this.annotations);
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.CONSUME(T.Semicolon, { LABEL: "empty" }) },
        { ALT: () => this.SUBRULE(this.blockStatement) },
        { ALT: () => this.SUBRULE(this.ifStatement) },
        { ALT: () => this.SUBRULE(this.switchStatement) },
        { ALT: () => this.SUBRULE(this.forStatement) },
        {
          ALT: () => {
            this.CONSUME(K.return);
            this.OPTION(() => this.SUBRULE(this.expression, { LABEL: "returnValue" }));
            this.CONSUME2(T.Semicolon, { LABEL: "returnEnd" });
          },
        },
        {
          ALT: () => {
            this.OR2([
              { ALT: () => this.CONSUME(K.exit, { LABEL: "jump" }) },
              { ALT: () => this.CONSUME(K.break, { LABEL: "jump" }) },
              { ALT: () => this.CONSUME(K.continue, { LABEL: "jump" }) },
            ]);
            this.CONSUME3(T.Semicolon, { LABEL: "jumpEnd" });
          },
        },
        { ALT: () => this.SUBRULE(this.constantDeclaration) },
        {
          GATE: () => S.startsDeclaration(this.peek),
          ALT: () => this.SUBRULE(this.typeLeadingDeclaration),
        },
        { ALT: () => this.SUBRULE(this.expressionStatement) },
      ],
    });
  });

  public expressionStatement = this.RULE("expressionStatement", () => {
    this.SUBRULE(this.expression, { LABEL: "target" });
    this.OPTION(() => {
      this.SUBRULE(this.assignmentOperator);
      this.SUBRULE2(this.expression, { LABEL: "value" });
    });
    this.CONSUME(T.Semicolon);
  });

  public assignmentOperator = this.RULE("assignmentOperator", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Assign) },
      { ALT: () => this.CONSUME(T.PlusAssign) },
      { ALT: () => this.CONSUME(T.MinusAssign) },
      { ALT: () => this.CONSUME(T.StarAssign) },
      { ALT: () => this.CONSUME(T.SlashAssign) },
      { ALT: () => this.CONSUME(T.PercentAssign) },
      { ALT: () => this.CONSUME(T.ShlAssign) },
      { ALT: () => this.CONSUME(T.AndAssign) },
      { ALT: () => this.CONSUME(T.OrAssign) },
      { ALT: () => this.CONSUME(T.XorAssign) },
      { ALT: () => this.CONSUME(T.SatAddAssign) },
      { ALT: () => this.CONSUME(T.SatSubAssign) },
      {
        // `>>=` arrives as `>` `>=` (the lexer never joins `>`s, for nested type arguments).
        GATE: () => S.adjacent(this.LA(1), this.LA(2)),
        ALT: () => {
          this.CONSUME(T.Greater);
          this.CONSUME(T.GreaterEq);
        },
      },
    ]);
  });

  public ifStatement = this.RULE("ifStatement", () => {
    this.CONSUME(K.if);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
    this.SUBRULE(this.statement, { LABEL: "then" });
    this.OPTION(() => {
      this.CONSUME(K.else);
      this.SUBRULE2(this.statement, { LABEL: "else" });
    });
  });

  public switchStatement = this.RULE("switchStatement", () => {
    this.CONSUME(K.switch);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.switchCase));
    this.CONSUME(T.RBrace);
  });

  public switchCase = this.RULE("switchCase", () => {
    this.OR([{ ALT: () => this.CONSUME(K.default) }, { ALT: () => this.SUBRULE(this.expression) }]);
    this.CONSUME(T.Colon);
    this.OPTION(() => this.SUBRULE(this.blockStatement));
  });

  public forStatement = this.RULE("forStatement", () => {
    this.CONSUME(K.for);
    this.OR([
      {
        GATE: () => S.startsForIn(this.peek),
        ALT: () => {
          this.CONSUME(T.LParen);
          this.OPTION({
            GATE: () => !(S.isNameToken(this.LA(1)) && this.LA(2).tokenType === K.in),
            DEF: () => this.SUBRULE(this.typeRef),
          });
          this.SUBRULE(this.name);
          this.CONSUME(K.in);
          this.SUBRULE(this.expression, { LABEL: "collection" });
          this.OPTION5(() => {
            this.CONSUME(T.RangeOp);
            this.SUBRULE3(this.expression, { LABEL: "collectionEnd" });
          });
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.LParen);
          this.OPTION2(() => this.SUBRULE(this.forUpdates, { LABEL: "init" }));
          this.CONSUME(T.Semicolon);
          this.OPTION3(() => this.SUBRULE2(this.expression, { LABEL: "condition" }));
          this.CONSUME2(T.Semicolon);
          this.OPTION4(() => this.SUBRULE2(this.forUpdates, { LABEL: "update" }));
          this.CONSUME2(T.RParen);
        },
      },
    ]);
    this.SUBRULE(this.statement, { LABEL: "body" });
  });

  public forUpdates = this.RULE("forUpdates", () => {
    this.SUBRULE(this.forSimpleStatement);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.forSimpleStatement);
    });
  });

  public forSimpleStatement = this.RULE("forSimpleStatement", () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => S.startsDeclaration(this.peek),
          ALT: () => {
            this.SUBRULE(this.typeRef);
            this.SUBRULE(this.name);
            this.CONSUME(T.Assign, { LABEL: "initAssign" });
            this.SUBRULE(this.expression, { LABEL: "initializer" });
          },
        },
        {
          ALT: () => {
            this.SUBRULE2(this.expression, { LABEL: "target" });
            this.OPTION(() => {
              this.SUBRULE(this.assignmentOperator);
              this.SUBRULE3(this.expression, { LABEL: "value" });
            });
          },
        },
      ],
    });
  });

  // Expressions (lowest precedence first) ----------------------------------------------------

  public expressionList = this.RULE("expressionList", () => {
    this.SUBRULE(this.expression);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expression);
    });
  });

  public namedArgumentList = this.RULE("namedArgumentList", () => {
    this.SUBRULE(this.namedArgument);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.namedArgument);
    });
  });

  public namedArgument = this.RULE("namedArgument", () => {
    this.SUBRULE(this.name);
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expression);
  });

  public expression = this.RULE("expression", () => {
    this.SUBRULE(this.binary, { LABEL: "condition" });
    this.OPTION(() => {
      this.CONSUME(T.Question);
      this.SUBRULE(this.expression, { LABEL: "then" });
      this.CONSUME(T.Colon);
      this.SUBRULE2(this.expression, { LABEL: "else" });
    });
  });

  /** Operands and infix operators in a flat list; precedence is applied by the lowering. */
  public binary = this.RULE("binary", () => {
    this.SUBRULE(this.unary, { LABEL: "operand" });
    this.MANY({
      // `>` `>=` written together is `>>=`, an assignment operator, not a comparison.
      GATE: () =>
        !(
          this.LA(1).tokenType === T.Greater &&
          this.LA(2).tokenType === T.GreaterEq &&
          S.adjacent(this.LA(1), this.LA(2))
        ),
      DEF: () => {
        this.CONSUME(T.BinaryOperator, { LABEL: "operator" });
        // `>` `>` written together is a right shift (the lexer never joins `>`s).
        this.OPTION({
          GATE: () =>
            this.LA(0).tokenType === T.Greater &&
            this.LA(1).tokenType === T.Greater &&
            S.adjacent(this.LA(0), this.LA(1)),
          DEF: () => this.CONSUME(T.Greater, { LABEL: "shrSecond" }),
        });
        this.SUBRULE2(this.unary, { LABEL: "operand" });
      },
    });
  });

  /** A type's width (`bit<W * 2>`): an expression whose operators cannot include `>`. */
  public widthBinary = this.RULE("widthBinary", () => {
    this.SUBRULE(this.unary, { LABEL: "operand" });
    this.MANY({
      GATE: () => this.LA(1).tokenType !== T.Greater && this.LA(1).tokenType !== T.GreaterEq,
      DEF: () => {
        this.CONSUME(T.BinaryOperator, { LABEL: "operator" });
        this.SUBRULE2(this.unary, { LABEL: "operand" });
      },
    });
  });

  public unary = this.RULE("unary", () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.OR2([
              { ALT: () => this.CONSUME(T.Bang, { LABEL: "operator" }) },
              { ALT: () => this.CONSUME(T.Tilde, { LABEL: "operator" }) },
              { ALT: () => this.CONSUME(T.Minus, { LABEL: "operator" }) },
              { ALT: () => this.CONSUME(T.Plus, { LABEL: "operator" }) },
            ]);
            this.SUBRULE(this.unary, { LABEL: "operand" });
          },
        },
        {
          GATE: () => this.LA(1).tokenType === T.LParen && S.startsCast(this.peek),
          ALT: () => {
            this.CONSUME(T.LParen, { LABEL: "castOpen" });
            this.SUBRULE(this.typeRef, { LABEL: "castType" });
            this.CONSUME(T.RParen, { LABEL: "castClose" });
            this.SUBRULE2(this.unary, { LABEL: "castOperand" });
          },
        },
        { ALT: () => this.SUBRULE(this.postfix) },
      ],
    });
  });

  public postfix = this.RULE("postfix", () => {
    this.SUBRULE(this.primary);
    this.MANY({
      // A `<` continues the expression only as a generic call's type arguments.
      GATE: () => this.LA(1).tokenType !== T.Less || S.startsTypeArgsCall(this.peek),
      DEF: () => this.SUBRULE(this.postfixOp),
    });
  });

  public postfixOp = this.RULE("postfixOp", () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            this.SUBRULE(this.name, { LABEL: "member" });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            this.SUBRULE(this.expression, { LABEL: "index" });
            this.OPTION(() =>
              this.OR2([
                { ALT: () => this.CONSUME(T.Colon, { LABEL: "sliceColon" }) },
                { ALT: () => this.CONSUME(T.PlusColon, { LABEL: "slicePlusColon" }) },
              ]),
            );
            this.OPTION2(() => this.SUBRULE2(this.expression, { LABEL: "sliceOther" }));
            this.CONSUME(T.RBracket);
          },
        },
        { ALT: () => this.SUBRULE(this.argumentList) },
        {
          GATE: () => this.LA(1).tokenType === T.Less && S.startsTypeArgsCall(this.peek),
          ALT: () => {
            this.CONSUME(T.Less, { LABEL: "typeArgsOpen" });
            this.SUBRULE(this.typeArgumentList);
            this.CONSUME(T.Greater, { LABEL: "typeArgsClose" });
            this.SUBRULE2(this.argumentList, { LABEL: "genericArgs" });
          },
        },
      ],
    });
  });

  public argumentList = this.RULE("argumentList", () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.argument);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.argument);
      });
    });
    this.CONSUME(T.RParen);
  });

  public argument = this.RULE("argument", () => {
    this.OPTION({
      GATE: () => S.isNameToken(this.LA(1)) && this.LA(2).tokenType === T.Assign,
      DEF: () => {
        this.SUBRULE(this.name, { LABEL: "argName" });
        this.CONSUME(T.Assign);
      },
    });
    this.SUBRULE(this.expression);
  });

  public primary = this.RULE("primary", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.IntegerLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(K.true) },
      { ALT: () => this.CONSUME(K.false) },
      { ALT: () => this.CONSUME(K.this) },
      { ALT: () => this.CONSUME(T.DontCare) },
      {
        ALT: () => {
          this.CONSUME(T.Dot, { LABEL: "global" });
          this.SUBRULE(this.name, { LABEL: "globalName" });
        },
      },
      { ALT: () => this.SUBRULE2(this.name) },
      { ALT: () => this.SUBRULE(this.baseType) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.braceExpression) },
    ]);
  });

  public braceExpression = this.RULE("braceExpression", () => {
    this.CONSUME(T.LBrace);
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.CONSUME(T.Hash, { LABEL: "invalid" }) },
        { ALT: () => this.CONSUME(T.Ellipsis, { LABEL: "rest" }) },
        {
          GATE: () => S.isNameToken(this.LA(1)) && this.LA(2).tokenType === T.Assign,
          ALT: () => {
            this.SUBRULE(this.namedArgument);
            this.MANY({
              GATE: () => this.LA(2).tokenType !== T.Ellipsis && this.LA(2).tokenType !== T.RBrace,
              DEF: () => {
                this.CONSUME(T.Comma);
                this.SUBRULE2(this.namedArgument);
              },
            });
            this.OPTION(() => this.SUBRULE(this.braceTail));
          },
        },
        {
          ALT: () => {
            this.SUBRULE(this.expression);
            this.MANY2({
              GATE: () => this.LA(2).tokenType !== T.Ellipsis && this.LA(2).tokenType !== T.RBrace,
              DEF: () => {
                this.CONSUME2(T.Comma);
                this.SUBRULE2(this.expression);
              },
            });
            this.OPTION2(() => this.SUBRULE2(this.braceTail));
          },
        },
        { ALT: () => {} },
      ],
    });
    this.CONSUME(T.RBrace);
  });

  /** `, ...` or a trailing `,` before the closing brace. */
  public braceTail = this.RULE("braceTail", () => {
    this.CONSUME(T.Comma);
    this.OPTION(() => this.CONSUME(T.Ellipsis, { LABEL: "rest" }));
  });
}

/** Chevrotain's recovery state on a parser (not in its typings). */
interface RecoveryState {
  recoveryEnabled: boolean;
  resyncFollows: Record<string, unknown>;
}

/** The one parser instance (Chevrotain parsers are reusable and costly to construct). */
let instance: P4Parser | undefined;
export function p4Parser(): P4Parser {
  instance ??= new P4Parser();
  return instance;
}

export type { IToken };
