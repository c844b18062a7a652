// Bundles the `stockrec` CLI (src/cli/bin.ts) into lib/stockrec.cjs, and its CSV scan worker into
// lib/csvScanWorker.cjs, with esbuild; npm packages
// stay external and are loaded from node_modules.
import { build } from "esbuild";

// `node scripts/build-cli.mjs [OUTDIR]`: lib by default (a test builds into a directory of its own)
const outdir = process.argv[2] ?? "lib";

await build({
  // the CSV scan runs in a worker thread of its own (src/cli/csvParallel.ts)
  entryPoints: { stockrec: "src/cli/bin.ts", csvScanWorker: "src/cli/csvScanWorker.ts" },
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
