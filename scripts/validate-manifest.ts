// Offline manifest validation: `tsx scripts/validate-manifest.ts manifest.xml`.
//
// Runs scripts/manifestCheck.ts with real icon sizes (read from the PNG headers of the files the
// dev server would serve) and exits 1 if anything is wrong. Microsoft's own validator needs the
// internet, so this is the check CI and offline machines can run; the note at the end says so.

import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { checkManifest, devUrlToRelativePath, pngSize, type ImageSize } from "./manifestCheck";

function main(): number {
  const file = process.argv[2] ?? "manifest.xml";
  const manifestPath = resolve(file);
  // The manifest sits at the repository root, next to assets/ (the site root's layout).
  const root = dirname(manifestPath);

  let xml: string;
  try {
    xml = readFileSync(manifestPath, "utf8");
  } catch (error) {
    console.error(`Cannot read ${manifestPath}: ${(error as Error).message}`);
    return 1;
  }

  const readImageSize = (url: string): ImageSize | null => {
    const relative = devUrlToRelativePath(url);
    if (relative === null) return null;
    try {
      return pngSize(readFileSync(join(root, relative)));
    } catch {
      return null;
    }
  };

  const { problems } = checkManifest(xml, { readImageSize });
  if (problems.length === 0) {
    console.log(`OK: ${file} passes the offline manifest checks.`);
  } else {
    console.log(`${file}: ${problems.length} problem(s):`);
    for (const problem of problems) console.log(`  - ${problem}`);
  }
  console.log(
    "\nNote: these are offline checks. Microsoft's validator posts the manifest to an online " +
      "service,\nso run `npx office-addin-manifest validate manifest.xml` on a machine with " +
      "internet access\nbefore publishing.",
  );
  return problems.length === 0 ? 0 : 1;
}

process.exitCode = main();
