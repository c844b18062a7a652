// Bundles the `stockrec` CLI (src/cli/bin.ts) into lib/stockrec.cjs with esbuild; npm packages
// stay external and are loaded from node_modules.
import { build } from "esbuild";

await build({
  entryPoints: ["src/cli/bin.ts"],
  outfile: "lib/stockrec.cjs",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
