import css from "@eslint/css";
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * Core's areas: each is a namespace of verbs (`User.invite`), used by the others and by the HTTP
 * layer only through its index. The rest of core (store, policy, crypto, totp, tokens, mail and
 * the root modules) are layers any area builds on.
 */
const AREAS = ["api-client", "audit", "auth", "events", "jobs", "membership", "notify", "password", "personal-token", "session", "setup", "sso", "tenant", "throttle", "user", "workspace"];

const TESTS = ["**/*.test.ts", "**/*.test.tsx", "test/**"];

/** DynamoDB's command modules: only the storage layer sends commands (and the local stand-ins for AWS below). */
const DYNAMODB_MODULES = ["@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb", "@aws-sdk/client-dynamodb-streams", "@aws-sdk/util-dynamodb"];

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
    // No import cycle anywhere in the TypeScript: a cycle is two modules that cannot be understood apart.
    files: ["**/*.{ts,tsx}"],
    plugins: { "import-x": importX },
    settings: {
      // import-x's TypeScript preset, with the resolver that reads tsconfig.json (workspace paths).
      ...importX.flatConfigs.typescript.settings,
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "tsconfig.json" })],
    },
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    // Source files hold one idea each: past 300 lines a file holds several.
    files: ["**/*.{ts,tsx,js,mjs}"],
    ignores: TESTS,
    rules: { "max-lines": ["error", { max: 300 }] },
  },
  {
    files: ["packages/**/*.{ts,tsx}", "functions/**/*.ts", "stacks/**/*.ts", "scripts/**/*.{ts,mjs}"],
    ignores: [...TESTS, "packages/core/src/store/**", "packages/local/src/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: DYNAMODB_MODULES.map((name) => ({
            name,
            allowTypeImports: true,
            message: "Reach DynamoDB through core's storage layer (packages/core/src/store): its reads decode, its writes are named and guarded.",
          })),
        },
      ],
    },
  },
  {
    // Core's areas reach each other through their namespaces, never a file inside another area;
    // the package indexes (index.ts, start.ts) and the error-code union (types only) are the
    // exceptions that name them.
    files: ["packages/core/src/**/*.ts"],
    ignores: [...TESTS, "packages/core/src/store/**", "packages/core/src/index.ts", "packages/core/src/start.ts", "packages/core/src/error-codes.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: DYNAMODB_MODULES.map((name) => ({ name, allowTypeImports: true, message: "Reach DynamoDB through core's storage layer (packages/core/src/store)." })),
          patterns: [
            {
              regex: `^\\.\\.?/(\\.\\./)*(${AREAS.join("|")})/`,
              message: "Use the area through its namespace (`import * as User from \"../user\"`), not a file inside it.",
            },
          ],
        },
      ],
    },
  },
  {
    // Core's tests build what they need through core (test/fixtures), never through the HTTP app.
    files: ["packages/core/src/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "@roster/http", message: "Core's tests do not go through HTTP: use test/fixtures." }],
          patterns: [{ regex: "test/harness$", message: "Core's tests do not go through HTTP: use test/fixtures (testDeps, people)." }],
        },
      ],
    },
  },
  {
    // Everything core reads from DynamoDB goes through a decoder: no cast says what an item is.
    files: ["packages/core/src/**/*.ts"],
    ignores: TESTS,
    rules: { "@typescript-eslint/consistent-type-assertions": ["error", { assertionStyle: "never" }] },
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
  {
    // The console's stylesheets build on roster.css, which defines the colour variables they use.
    files: ["packages/http/src/pages/assets/console.css", "packages/http/src/pages/assets/console/*.css"],
    rules: { "css/no-invalid-properties": ["error", { allowUnknownVariables: true }] },
  },
);
