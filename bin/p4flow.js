#!/usr/bin/env node
import { main } from "../dist/p4flow.mjs";

process.exitCode = await main(process.argv.slice(2));
