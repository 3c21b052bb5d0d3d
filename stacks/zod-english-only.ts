import type { Plugin } from "./native-packages";

/** The locale Roster's bundles keep: zod's own English, the one it configures itself with. */
export const ZOD_LOCALE = "en";

/**
 * Leaves zod's translations of its issue messages (about 40 languages, 260 KB minified) out of a
 * bundle, keeping English. esbuild cannot tree-shake them: @hono/zod-openapi hands the whole `z`
 * namespace to a function, so everything it re-exports, `z.locales` included, stays reachable.
 * Roster never switches zod's locale, and its problem details carry its own English messages, so
 * `z.locales` holding English alone changes nothing a request can see.
 */
export function zodEnglishOnly(): Plugin {
  return {
    name: "roster-zod-english-only",
    setup(build) {
      build.onLoad({ filter: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
        contents: `export { default as ${ZOD_LOCALE} } from "./${ZOD_LOCALE}.js";\n`,
        loader: "js",
      }));
    },
  };
}
