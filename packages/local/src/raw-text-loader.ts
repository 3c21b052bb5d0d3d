import { register } from "node:module";

/*
 * `node --import tsx --import ./packages/local/src/raw-text-loader.ts …` (`npm start`): lets the
 * pages' `?raw` imports load their files as text. Registered after tsx, so these hooks see a
 * request first and hand everything but `?raw` on to tsx.
 */
register("./raw-text-hooks.ts", import.meta.url);
