import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // One DynamoDB Local and one SES emulator per run, not per file: see test/global-setup.ts.
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup-file.ts"],
    include: ["packages/**/*.test.ts", "functions/**/*.test.ts", "stacks/**/*.test.ts", "test/**/*.test.ts"],
    // vitest's default, pinned: tests load native addons (@node-rs/argon2), which separate
    // processes isolate more robustly than worker threads.
    pool: "forks",
    // Real DynamoDB Local round trips and argon2 hashing are slow on a 2-core CI machine.
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
