import { statSync } from "node:fs";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Files whose run is long for their size: they bundle every function (stacks), boot `npm start`
 * three times, or drive Chromium. Started first, they overlap the many short files instead of
 * being the last ones running while the other workers idle.
 */
const LONG_FOR_THEIR_SIZE = ["stacks/stacks.test.ts", "packages/local/src/npm-start.test.ts", "test/browser/"];

/**
 * The longest files first, so the run ends with short ones on every worker. vitest orders by the
 * durations it cached from an earlier run, but a fresh clone (CI) has none and then runs files in
 * the order found; there, the known long runners go first and the rest by size, largest first.
 */
export default class HeaviestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cached = await super.sort(files);
    if (files.every((file) => this.ctx.cache.getFileTestResults(`${file.project.name}:${file.moduleId.slice(this.ctx.config.root.length + 1)}`))) return cached;
    const long = (file: TestSpecification) => LONG_FOR_THEIR_SIZE.some((pattern) => file.moduleId.includes(pattern));
    const size = (file: TestSpecification) => statSync(file.moduleId).size;
    return [...files].sort((a, b) => Number(long(b)) - Number(long(a)) || size(b) - size(a));
  }
}
