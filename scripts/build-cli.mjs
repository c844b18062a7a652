// Bundles the `stockrec` CLI (src/cli/bin.ts) into lib/stockrec.cjs, and its CSV statements worker into
// lib/csvStatementsWorker.cjs, with esbuild; npm packages
// stay external and are loaded from node_modules.
import { build } from "esbuild";

// `node scripts/build-cli.mjs [OUTDIR]`: lib by default (a test builds into a directory of its own)
const outdir = process.argv[2] ?? "lib";

await build({
  // the statements of a CSV run are read in a worker thread of their own (src/cli/csvReconcile.ts)
  entryPoints: {
    stockrec: "src/cli/bin.ts",
    csvStatementsWorker: "src/cli/csvStatementsWorker.ts",
  },
  outdir,
  outExtension: { ".js": ".cjs" },
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
