import { createRequire } from "node:module";
import { dirname, join, sep } from "node:path";
import type { Plugin } from "./native-packages";

/**
 * `sst/node/config` (how the api reads its secrets) imports the SSM client from SST's own copy of
 * the AWS SDK, an older release with its own @smithy packages beside it. Bundled as it is, the api
 * would parse two SDK cores at every cold start. This points that one import at the repository's
 * pinned client (the same GetParameters the SDK has always had), so the bundle keeps one SDK.
 */
export function oneSsmClient(root: string): Plugin {
  // Where esbuild sees SST's files: their real path, as it resolves them (through any symlink).
  const sstPackage = dirname(createRequire(join(root, "package.json")).resolve("sst/package.json")) + sep;
  const skip = Symbol("resolving");
  return {
    name: "roster-one-ssm-client",
    setup(build) {
      build.onResolve({ filter: /^@aws-sdk\/client-ssm$/ }, async (args) => {
        if (args.pluginData === skip || !args.importer.startsWith(sstPackage)) return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: root, pluginData: skip });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        return { path: resolved.path, namespace: resolved.namespace, sideEffects: resolved.sideEffects };
      });
    },
  };
}
