import type { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { loadOnce } from "../load-once";

/**
 * zxcvbn with its common and English dictionaries, loaded on the first password check rather than
 * when the module loads: the dictionaries are 1.6 MB of code, and most cold starts (sign-ins, reads,
 * admin changes) never check a password's strength. Bundled, they are a chunk of their own that
 * only this import reaches. Built once.
 */
export const strengthEstimator = loadOnce(async (): Promise<ZxcvbnFactory> => {
  const [{ ZxcvbnFactory }, common, english] = await Promise.all([
    import("@zxcvbn-ts/core"),
    import("@zxcvbn-ts/language-common"),
    import("@zxcvbn-ts/language-en"),
  ]);
  return new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
});
