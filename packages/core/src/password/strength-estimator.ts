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
  const factory = new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  // `options` is private in zxcvbn's typings, not in its code: the dictionaries it built are there.
  withoutPrototypes(factory["options"].rankedDictionaries);
  return factory;
});

/**
 * zxcvbn looks every substring of the password (and of its reversed and l33t-decoded forms) up in
 * each of its twenty dictionaries, nearly always in vain, and a key a plain object lacks is then
 * looked for along Object.prototype too. The same words and ranks in prototype-less objects give
 * the same estimate in about 60% of the time (a 27-character passphrase: 10.5 ms → 6.8 ms of CPU),
 * and no longer take `constructor` or `__proto__` for words.
 */
function withoutPrototypes(dictionaries: Record<string, Record<string, number>>): void {
  for (const name of Object.keys(dictionaries)) dictionaries[name] = Object.assign(Object.create(null), dictionaries[name]);
}
