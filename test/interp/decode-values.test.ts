// decodeKey's typed and readable values: numbers up to 32 bits, bigints up to 64, bytes above,
// booleans and error names; addresses readable by the width-and-name rule; the raw texts and
// the view's JSON unchanged.

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileInterpreter } from "../../src/interp/compiled.js";
import { decodeKey } from "../../src/interp/decode.js";
import { compileFile } from "../support/compile.js";

const r = compileFile(join(import.meta.dirname, "..", "..", "examples", "standard.p4"));
const run = compileInterpreter(r.ir!, r.layout!);
const frame = (hex: string) => Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ""), "hex"));

describe("decodeKey values", () => {
  it("types each value and gives addresses readable forms", () => {
    const view = decodeKey(
      r.layout!,
      run(
        frame(
          "001122334466 001122334455 86dd 6000000000081140 20010db8000000000000000000000001 fe800000000000000000000000000002 04d2003500080000",
        ),
      ).key,
    );
    const byPath = new Map(view.values.map((v) => [v.path, v]));
    expect(byPath.get("key.ethernet.dst")).toMatchObject({
      value: 0x001122334466n,
      text: "0x001122334466",
      readable: "00:11:22:33:44:66",
    });
    expect(byPath.get("key.ipv6.nextHdr")).toMatchObject({
      value: 17,
      text: "17",
      readable: "17",
    });
    const src = byPath.get("key.ipv6.src")!;
    expect(src.value).toEqual(
      Uint8Array.from(Buffer.from("20010db8000000000000000000000001", "hex")),
    );
    expect(src.readable).toBe("2001:db8::1");
    expect(byPath.get("key.ipv6.dst")!.readable).toBe("fe80::2");
    expect(byPath.get("key.ports.dst")).toMatchObject({ value: 53, readable: "53" });
    // The texts are the fields' texts; the view still serializes as before.
    expect(view.values.map((v) => [v.path, v.text])).toEqual(view.fields);
    expect(Object.keys(JSON.parse(JSON.stringify(view)))).toEqual([
      "outcome",
      "error",
      "valid",
      "fields",
    ]);
  });

  it("gives IPv4 addresses dotted and keeps their number", () => {
    const view = decodeKey(
      r.layout!,
      run(
        frame(
          "001122334466 001122334455 0800 4500001c00010000401166cdc0a8010bd157f912 abbe0035000800000000",
        ),
      ).key,
    );
    const src = view.values.find((v) => v.path === "key.ipv4.src")!;
    expect(src).toMatchObject({ value: 0xc0a8010b, text: "3232235787", readable: "192.168.1.11" });
  });
});
