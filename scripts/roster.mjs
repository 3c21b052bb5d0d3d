#!/usr/bin/env node
// `npx roster …` (the root package's bin): the CLI is TypeScript and uses @roster/core's source, so
// it runs under tsx, as `npm start` does.
import process from "node:process";
import { register } from "tsx/esm/api";

register();
const { main } = await import("./roster-cli.ts");
process.exitCode = await main(process.argv.slice(2));
