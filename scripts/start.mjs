// `npm start`: sideload StockRec into Excel.
//
// On Windows and macOS with office-addin-debugging installed, hand over to it: it starts the dev
// server, registers manifest.xml with desktop Excel and opens Excel. That package cannot be
// installed offline or on Linux (see ENGINEERING.md §1), so everywhere else print the manual
// steps instead of failing. This script never starts a server itself.

import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = "manifest.xml";

function hasOfficeAddinDebugging() {
  const require = createRequire(join(root, "package.json"));
  for (const id of ["office-addin-debugging/package.json", "office-addin-debugging"]) {
    try {
      require.resolve(id);
      return true;
    } catch {
      // Try the next form: some packages do not export package.json.
    }
  }
  return false;
}

function printInstructions(reason) {
  const lines = [
    `StockRec: ${reason}`,
    "",
    "Sideload the add-in by hand:",
    "",
    "1. Start the dev server in another terminal:",
    "     npm run dev-server",
    "   It serves https://localhost:3000/taskpane.html.",
    "",
    "2. Trust the localhost certificate:",
    "   open https://localhost:3000/taskpane.html in the browser you will use and accept the",
    "   certificate (or install the dev CA into the system store; Excel desktop needs that).",
    "",
    "Excel on the web (any OS, including Linux):",
    "  a. Open a workbook at https://www.office.com (or your SharePoint/OneDrive).",
    "  b. Home → Add-ins → More Add-ins (Advanced) → My Add-ins → Upload My Add-in.",
    `  c. Browse to ${join(root, manifest)} and choose Upload.`,
    "  d. The Open StockRec button appears in the Reconciliation group on the Home tab.",
    "",
    "Excel desktop on Windows (shared-folder catalog):",
    "  a. Create a folder (e.g. C:\\AddinManifests), share it (Properties → Sharing → Share)",
    `     and copy ${manifest} into it. Note the network path, e.g. \\\\MYPC\\AddinManifests.`,
    "  b. Excel → File → Options → Trust Center → Trust Center Settings → Trusted Add-in",
    "     Catalogs: enter the network path as Catalog Url, Add catalog, tick Show in Menu, OK.",
    "  c. Restart Excel, then Home → Add-ins → More Add-ins → SHARED FOLDER → StockRec → Add.",
    "",
    "Excel desktop on Mac:",
    "  a. mkdir -p ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef",
    `  b. cp ${manifest} ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef/`,
    "  c. Restart Excel, open a workbook, then Home → Add-ins (or Insert → My Add-ins) → StockRec.",
    "",
    "Check the manifest offline first with: npx tsx scripts/validate-manifest.ts manifest.xml",
  ];
  console.log(lines.join("\n"));
}

const desktopPlatform = process.platform === "win32" || process.platform === "darwin";

if (!desktopPlatform) {
  printInstructions(`automatic sideloading needs Windows or macOS (this is ${process.platform}).`);
  process.exit(0);
}
if (!hasOfficeAddinDebugging()) {
  printInstructions(
    "office-addin-debugging is not installed, so Excel cannot be launched for you.",
  );
  process.exit(0);
}

const result = spawnSync("npx", ["office-addin-debugging", "start", manifest, "desktop"], {
  cwd: root,
  stdio: "inherit",
  // npx is npx.cmd on Windows, which only a shell can run.
  shell: process.platform === "win32",
});
if (result.error) {
  console.error(`Could not run office-addin-debugging: ${result.error.message}`);
  printInstructions("office-addin-debugging failed to start.");
  process.exit(1);
}
process.exit(result.status ?? 1);
