import { describe, expect, it } from "vitest";
import { first, parseOk, shape } from "../support/frontend.js";

describe("declarations", () => {
  it("parses constants with base, named and stack types", () => {
    const p = parseOk("const bit<16> A = 0x0800; const T B = 1; const bit<8>[2] C = {1, 2};");
    expect(p.declarations.map((d) => d.kind)).toEqual([
      "ConstantDeclaration",
      "ConstantDeclaration",
      "ConstantDeclaration",
    ]);
    expect(shape(first(p, "ConstantDeclaration"))).toMatchObject({
      name: { name: "A" },
      type: { kind: "BaseTypeRef", base: "bit", width: { kind: "IntegerLiteral", value: "16n" } },
      value: { kind: "IntegerLiteral", value: "2048n" },
    });
    const c = p.declarations[2]!;
    expect(c.kind === "ConstantDeclaration" && c.type.kind).toBe("HeaderStackTypeRef");
  });

  it("parses headers, header unions and structs with annotations on fields", () => {
    const p = parseOk(`
      header h_t { bit<4> a; @name("x") bit<4> b; varbit<320> opts; }
      header_union u_t { h_t h1; h_t h2; }
      struct s_t { h_t h; u_t u; h_t[4] stack; bool flag; }
      struct empty_t { }`);
    const h = first(p, "HeaderTypeDeclaration");
    expect(h.fields.map((f) => f.name.name)).toEqual(["a", "b", "opts"]);
    expect(h.fields[1]!.annotations[0]).toMatchObject({
      name: { name: "name" },
      body: { kind: "unparsed", tokens: ['"x"'] },
    });
    expect(first(p, "HeaderUnionDeclaration").fields).toHaveLength(2);
    expect(first(p, "StructTypeDeclaration").fields[2]!.type.kind).toBe("HeaderStackTypeRef");
  });

  it("parses plain and serializable enums, errors and match kinds", () => {
    const p = parseOk(`
      enum Color { Red, Green, }
      enum bit<8> Proto { TCP = 6, UDP = 17 }
      error { Custom1, Custom2 }
      match_kind { special }`);
    const enums = p.declarations.filter((d) => d.kind === "EnumDeclaration");
    expect(shape(enums[0])).toMatchObject({
      name: { name: "Color" },
      members: [{ name: { name: "Red" } }, { name: { name: "Green" } }],
    });
    expect(shape(enums[1])).toMatchObject({
      underlyingType: { base: "bit" },
      members: [{ value: { value: "6n" } }, { value: { value: "17n" } }],
    });
    expect(first(p, "ErrorDeclaration").members.map((m) => m.name)).toEqual(["Custom1", "Custom2"]);
    expect(first(p, "MatchKindDeclaration").members.map((m) => m.name)).toEqual(["special"]);
  });

  it("parses typedef and type, including an inline derived type", () => {
    const p = parseOk(
      "typedef bit<48> mac_t; type bit<32> Addr_t; typedef header h { bit<8> x; } h_t;",
    );
    expect(p.declarations.map((d) => d.kind)).toEqual([
      "TypedefDeclaration",
      "NewTypeDeclaration",
      "TypedefDeclaration",
    ]);
    const inline = p.declarations[2]!;
    expect(inline.kind === "TypedefDeclaration" && inline.type.kind).toBe("HeaderTypeDeclaration");
  });

  it("parses extern objects with constructors, generic and abstract methods, and extern functions", () => {
    const p = parseOk(`
      extern Register<T> {
        Register(bit<32> size);
        void read(out T value, in bit<32> index);
        T get<U>(in U x);
        abstract bit<16> hash(in T data);
      }
      extern void log<T>(in T value);
      extern bit<32> f();`);
    const e = first(p, "ExternObjectDeclaration");
    expect(e.typeParameters.map((t) => t.name.name)).toEqual(["T"]);
    expect(e.methods.map((m) => [m.name.name, m.isConstructor, m.isAbstract])).toEqual([
      ["Register", true, false],
      ["read", false, false],
      ["get", false, false],
      ["hash", false, true],
    ]);
    expect(e.methods[2]!.typeParameters.map((t) => t.name.name)).toEqual(["U"]);
    const fns = p.declarations.filter((d) => d.kind === "ExternFunctionDeclaration");
    expect(fns.map((f) => f.name.name)).toEqual(["log", "f"]);
  });

  it("parses actions, functions and parameters with directions and defaults", () => {
    const p = parseOk(`
      action drop(inout bit<9> port, in bit<8> why = 3) { port = 0; }
      bit<8> max(in bit<8> a, in bit<8> b) { return a > b ? a : b; }`);
    const a = first(p, "ActionDeclaration");
    expect(
      a.parameters.map((x) => [x.direction, x.name.name, x.defaultValue !== undefined]),
    ).toEqual([
      ["inout", "port", false],
      ["in", "why", true],
    ]);
    const f = first(p, "FunctionDeclaration");
    expect(f.body.statements[0]).toMatchObject({
      kind: "ReturnStatement",
      value: { kind: "TernaryExpression" },
    });
  });

  it("parses parser, control and package types and instantiations", () => {
    const p = parseOk(`
      parser P<H>(packet_in b, out H h);
      control C<H>(inout H h);
      package Pkg<H>(P<H> p, C<H> c);
      Pkg(MyP(), MyC()) main;
      Register<bit<8>>(32) reg;`);
    expect(p.declarations.map((d) => d.kind)).toEqual([
      "ParserTypeDeclaration",
      "ControlTypeDeclaration",
      "PackageTypeDeclaration",
      "InstantiationDeclaration",
      "InstantiationDeclaration",
    ]);
    expect(shape(p.declarations[3])).toMatchObject({
      name: { name: "main" },
      type: { name: { name: "Pkg" } },
      args: [{ value: { kind: "CallExpression", callee: { name: { name: "MyP" } } } }, {}],
    });
    expect(shape(p.declarations[4])).toMatchObject({
      type: { name: { name: "Register" }, typeArgs: [{ base: "bit" }] },
    });
  });

  it("parses an instantiation with abstract method implementations", () => {
    const p = parseOk(`Hasher(1) h = { bit<16> hash(in bit<8> d) { return (bit<16>) d; } };`);
    const inst = first(p, "InstantiationDeclaration");
    expect(inst.body?.map((d) => d.kind)).toEqual(["FunctionDeclaration"]);
  });

  it("parses a parser with constructor parameters, locals and value sets", () => {
    const p = parseOk(`
      parser P(packet_in b, out H h)(bit<8> depth) {
        value_set<bit<16>>(8) ethertypes;
        bit<8> counter = 0;
        const bit<8> LIMIT = 4;
        Sub() sub;
        state start { transition accept; }
      }`);
    const parser = first(p, "ParserDeclaration");
    expect(parser.constructorParameters.map((x) => x.name.name)).toEqual(["depth"]);
    expect(parser.locals.map((l) => l.kind)).toEqual([
      "ValueSetDeclaration",
      "VariableDeclaration",
      "ConstantDeclaration",
      "InstantiationDeclaration",
    ]);
  });

  it("parses controls with tables of every property kind", () => {
    const p = parseOk(`
      control C(inout H h) {
        action a(bit<8> x) { }
        table t {
          key = { h.eth.dst: exact; h.ip.src: lpm @name("src"); }
          actions = { a; @defaultonly NoAction; .b(1); }
          const entries = {
            (1, _): a(1);
            priority = 10: (2 &&& 3, 4 .. 5): a(2);
          }
          const default_action = NoAction();
          size = 1024;
          implementation = my_profile;
        }
        apply { t.apply(); }
      }`);
    const c = first(p, "ControlDeclaration");
    const t = c.locals.find((l) => l.kind === "TableDeclaration");
    expect(t?.kind).toBe("TableDeclaration");
    if (t?.kind !== "TableDeclaration") return;
    expect(t.properties.map((x) => x.kind)).toEqual([
      "TableKeyProperty",
      "TableActionsProperty",
      "TableEntriesProperty",
      "TableValueProperty",
      "TableValueProperty",
      "TableValueProperty",
    ]);
    const entries = t.properties[2]!;
    expect(shape(entries)).toMatchObject({
      isConst: true,
      entries: [
        { tuple: true, keysets: [{ kind: "ExpressionKeyset" }, { kind: "DontCareKeyset" }] },
        { priority: { value: "10n" }, keysets: [{ kind: "MaskKeyset" }, { kind: "RangeKeyset" }] },
      ],
    });
    const actions = t.properties[1]!;
    expect(shape(actions)).toMatchObject({
      actions: [
        { name: { name: "a" } },
        { annotations: [{ name: { name: "defaultonly" } }] },
        { global: true, args: [{}] },
      ],
    });
  });

  it("keeps annotations of every body form", () => {
    const p = parseOk(`
      @pure @name("n") @hidden
      @kv[a = 1, b = "x"]
      @list[1, 2]
      @tokens(a + (b, c) ; 3)
      extern void f();
      @pragma netronome hello world
      const bit<8> X = 1;`);
    const f = first(p, "ExternFunctionDeclaration");
    expect(f.annotations.map((a) => [a.name.name, a.body.kind])).toEqual([
      ["pure", "empty"],
      ["name", "unparsed"],
      ["hidden", "empty"],
      ["kv", "keyValues"],
      ["list", "expressions"],
      ["tokens", "unparsed"],
    ]);
    expect(f.annotations[5]!.body).toEqual({
      kind: "unparsed",
      tokens: ["a", "+", "(", "b", ",", "c", ")", ";", "3"],
    });
    expect(first(p, "ConstantDeclaration").annotations[0]).toMatchObject({
      name: { name: "pragma" },
      body: { tokens: ["netronome", "hello", "world"] },
    });
  });

  it("accepts forward references to types declared later", () => {
    const p = parseOk(`
      struct outer_t { inner_t inner; later_t[2] s; }
      control C() { apply { later_t x; inner_t y = { a = 1 }; x = y.a; } }
      struct inner_t { bit<8> a; }
      header later_t { bit<8> b; }`);
    const c = first(p, "ControlDeclaration");
    expect(c.apply.statements.map((s) => s.kind)).toEqual([
      "DeclarationStatement",
      "DeclarationStatement",
      "AssignmentStatement",
    ]);
  });

  it("gives every node a range in the file", () => {
    const p = parseOk("const bit<8> A = 1;\nheader h { bit<8> x; }");
    const h = first(p, "HeaderTypeDeclaration");
    expect(h.range).toMatchObject({ file: "test.p4", start: { line: 2, column: 1 } });
    expect(h.fields[0]!.name.range).toMatchObject({
      start: { line: 2, column: 19 },
      end: { line: 2, column: 20 },
    });
  });
});
