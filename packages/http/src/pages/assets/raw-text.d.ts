/**
 * `import text from "./file.css?raw"`: the file's content as a string. Vite answers it in the
 * tests, packages/local/src/raw-text-loader.ts under `npm start`, stacks/raw-text.ts in the
 * Lambda bundles.
 */
declare module "*?raw" {
  const text: string;
  export default text;
}
