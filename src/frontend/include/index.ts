// The built-in include files, by the name a program includes them with (`#include <core.p4>`).
// Kept as TypeScript strings so the core runs without a file system.

import { coreP4 } from "./core.js";
import { ebpfModelP4 } from "./ebpf-model.js";
import { p4flowP4 } from "./p4flow.js";
import { psaP4 } from "./psa.js";
import { v1modelP4 } from "./v1model.js";
import { xdpModelP4 } from "./xdp-model.js";

export const builtinIncludes: Readonly<Record<string, string>> = {
  "core.p4": coreP4,
  "p4flow.p4": p4flowP4,
  "v1model.p4": v1modelP4,
  "ebpf_model.p4": ebpfModelP4,
  "xdp_model.p4": xdpModelP4,
  "psa.p4": psaP4,
};
