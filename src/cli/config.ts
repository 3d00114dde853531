// Project defaults: `p4flow.config.json`, or a "p4flow" field in package.json, found in the source
// file's folder or the nearest folder above it. Keys are the long option names ("include-dir",
// "target", "output", ...; camelCase works too); values are what the flag takes (a string, a
// number, true for a switch, a list for repeatable options). Flags on the command line win.
// Paths in "include-dir" and "output" are relative to the file that sets them.

import type { Command, Option } from "commander";
import { closest } from "../typecheck/suggest.js";
import type { CliIo } from "./io.js";

export interface LoadedConfig {
  /** Where the defaults came from, for messages. */
  readonly path: string;
  readonly values: Readonly<Record<string, unknown>>;
}

const PATH_OPTIONS = new Set(["includeDir", "output"]);

const camel = (key: string) => key.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** Finds and reads the nearest config; a string is an error message (bad JSON, not an object). */
export function findConfig(io: CliIo, file: string): LoadedConfig | string | undefined {
  let dir = io.host.dirname(io.host.resolve(io.cwd, file));
  for (let depth = 0; depth < 64; depth++) {
    for (const name of ["p4flow.config.json", "package.json"]) {
      const path = io.host.resolve(dir, name);
      const text = io.host.readFile(path);
      if (text === undefined) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        return `${path}: not valid JSON (${(e as Error).message})`;
      }
      const values =
        name === "package.json" ? (parsed as { p4flow?: unknown } | null)?.p4flow : parsed;
      if (values === undefined) continue;
      if (typeof values !== "object" || values === null || Array.isArray(values))
        return `${path}: ${name === "package.json" ? 'the "p4flow" field' : "the file"} must be a JSON object of option names to values`;
      return { path, values: values as Record<string, unknown> };
    }
    const up = io.host.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/**
 * Fills every option the command line did not set from the config. A key that names an option of
 * another p4flow command only ("output" under `check`) is left for that command, so one config
 * serves them all. Returns an error message for a key no command knows (with the closest option
 * name) or a value of the wrong shape.
 */
export function applyConfig(cmd: Command, io: CliIo, config: LoadedConfig): string | undefined {
  const options = new Map<string, Option>();
  for (const o of cmd.options) options.set(o.attributeName(), o);
  const root = cmd.parent ?? cmd;
  const everyOption = [root, ...root.commands].flatMap((c) => c.options);
  const known = new Set(everyOption.map((o) => o.attributeName()));
  const base = io.host.dirname(config.path);
  for (const [rawKey, raw] of Object.entries(config.values)) {
    const key = camel(rawKey);
    const option = options.get(key);
    if (!option && known.has(key) && key !== "help" && key !== "version") continue;
    if (!option || key === "help" || key === "version") {
      const names = everyOption
        .map((o) => o.long?.replace(/^--/, ""))
        .filter((n): n is string => n !== undefined && n !== "help" && n !== "version");
      const guess = closest(rawKey, names);
      return `${config.path}: '${rawKey}' is not an option of 'p4flow'${guess ? ` (did you mean '${guess}'?)` : ""}`;
    }
    if (cmd.getOptionValueSource(key) === "cli") continue;
    const repeatable = Array.isArray(cmd.getOptionValue(key));
    let value: unknown = raw;
    if (repeatable) {
      const list = typeof raw === "string" ? [raw] : raw;
      if (!Array.isArray(list) || list.some((x) => typeof x !== "string"))
        return `${config.path}: '${rawKey}' takes a list of strings`;
      value = PATH_OPTIONS.has(key) ? list.map((p: string) => io.host.resolve(base, p)) : list;
    } else if (option.optional && raw === true) {
      value = "all"; // a switch with an optional value given bare (--Werror)
    } else if (option.isBoolean()) {
      if (typeof raw !== "boolean") return `${config.path}: '${rawKey}' takes true or false`;
    } else {
      if (typeof raw !== "string" && typeof raw !== "number")
        return `${config.path}: '${rawKey}' takes a string or a number`;
      value = String(raw);
      if (option.argChoices && !option.argChoices.includes(value as string))
        return `${config.path}: '${rawKey}' must be one of ${option.argChoices.join(", ")}, not '${value}'`;
      if (PATH_OPTIONS.has(key)) value = io.host.resolve(base, value as string);
    }
    cmd.setOptionValueWithSource(key, value, "config");
  }
  return undefined;
}
