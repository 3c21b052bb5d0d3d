import { defineConfig } from "vitest/config";
import HeaviestFirst from "./test/heaviest-first";

export default defineConfig({
  test: {
    // Two DynamoDB Local instances and one SES emulator per run, not per file: see test/global-setup.ts.
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup-file.ts"],
    // vitest empties every CSS import (no test renders styles): the pages' stylesheet is imported
    // as text (`?raw`) to be served, so those imports keep their content.
    css: { include: [/\.css\?raw$/] },
    include: ["packages/**/*.test.ts", "functions/**/*.test.ts", "stacks/**/*.test.ts", "test/**/*.test.ts", "bench/**/*.test.ts"],
    // vitest's default, pinned: tests load native addons (@node-rs/argon2), which separate
    // processes isolate more robustly than worker threads.
    pool: "forks",
    // Three files at a time on two cores (vitest's default is cores - 1, one here): most tests wait
    // on DynamoDB Local or a browser, and a third file keeps the cores busy meanwhile.
    maxWorkers: 3,
    // The AWS SDK and the app are loaded once per worker rather than once per file (a minute of
    // imports in all); every file still works in a table of its own, and no test mocks a module.
    isolate: false,
    // The longest files first, in a fresh clone too: see test/heaviest-first.ts.
    sequence: { sequencer: HeaviestFirst },
    // Real DynamoDB Local round trips and argon2 hashing are slow on a 2-core CI machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
