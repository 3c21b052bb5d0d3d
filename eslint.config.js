import css from "@eslint/css";
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", ".roster/", ".sst/", "cdk.out/", "coverage/"] },
  {
    // The JavaScript rules for code only: the stylesheet below has a language of its own.
    files: ["**/*.{js,mjs,cjs,ts,mts,cts,tsx}"],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-empty": ["error", { allowEmptyCatch: false }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // The pages' browser scripts: native ES modules (an entry per page, its parts beside it)
    // served as they are, run in the browser only, so they see the browser's globals and none of Node's.
    files: ["packages/http/src/pages/assets/**/*.js"],
    languageOptions: { sourceType: "module", ecmaVersion: 2020, globals: globals.browser },
    // No type checker reads these files: a name neither imported nor a browser global is a bug
    // (typescript-eslint turns this rule off, leaving it to tsc).
    rules: { "no-undef": "error" },
  },
  {
    // docs.js and its modules stay as they were until the docs page moves to Scalar: their unused
    // catch bindings (`catch (error)`) are their only findings.
    files: ["packages/http/src/pages/assets/docs.js", "packages/http/src/pages/assets/docs/**/*.js"],
    rules: { "@typescript-eslint/no-unused-vars": ["error", { caughtErrors: "none" }] },
  },
  {
    // The pages' stylesheet, in ESLint's own CSS language: invalid properties and values, empty
    // blocks, duplicate imports, unknown at-rules.
    files: ["**/*.css"],
    plugins: { css },
    language: "css/css",
    extends: [css.configs.recommended],
    rules: {
      // Its !important marks are overrides meant to win over every other rule: `[hidden]` stays
      // hidden whatever display a class sets, reduced motion turns every animation off.
      "css/no-important": "off",
      // Enhancements that degrade to nothing where missing: a textarea that does not resize, a
      // TOTP key selected by drag rather than by one click.
      "css/use-baseline": ["error", { allowProperties: ["resize", "user-select"] }],
    },
  },
);
