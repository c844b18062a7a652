/**
 * The layers of DESIGN.md, checked: a rule that is checked stays true (STYLE.md §1).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

function imports(path: string): string[] {
  const text = readFileSync(path, "utf8");
  return [
    ...text.matchAll(
      /(?:import|export)[^"';]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g,
    ),
  ].map((m) => (m[1] ?? m[2])!);
}

describe("architecture", () => {
  it("keeps src/domain pure: no host, UI, file system, clock or randomness", () => {
    const banned =
      /^(react|react-dom|exceljs|fs|node:.*|path|@fluentui\/.*|\.\.\/(workbook|excel|xlsx|cli|taskpane|commands)\/.*)$/;
    for (const file of filesUnder("src/domain")) {
      for (const target of imports(file)) expect(`${file} imports ${target}`).not.toMatch(banned);
      const text = readFileSync(file, "utf8");
      for (const word of [
        /\bDate\.now\(/,
        /new Date\(/,
        /Math\.random\(/,
        /\bOffice\./,
        /\bExcel\./,
        /\bwindow\./,
        /\bdocument\./,
      ]) {
        expect(`${file}: ${word.test(text) ? word.source : "clean"}`).toBe(`${file}: clean`);
      }
    }
  });

  it("lets only src/excel touch the Excel API, and only the pane's entry touch Office", () => {
    for (const file of filesUnder("src")) {
      const text = readFileSync(file, "utf8");
      const entry = file === join("src", "taskpane", "index.tsx");
      const hostFile =
        entry || file.startsWith(join("src", "excel")) || file.startsWith(join("src", "commands"));
      if (hostFile) continue;
      expect(`${file} uses Excel: ${/\bExcel\.(?!js\b)\w/.test(text)}`).toBe(
        `${file} uses Excel: false`,
      );
      expect(`${file} uses Office: ${/\bOffice\.(?!js\b)\w/.test(text)}`).toBe(
        `${file} uses Office: false`,
      );
    }
  });

  it("keeps the host-neutral layers free of the hosts", () => {
    for (const file of [...filesUnder("src/workbook"), ...filesUnder("src/taskpane")]) {
      for (const target of imports(file)) {
        expect(`${file} imports ${target}`).not.toMatch(/^(fs|node:fs|path|node:path)$/);
      }
    }
    for (const file of filesUnder("src/taskpane")) {
      for (const target of imports(file)) {
        // ExcelJS is only reached through src/xlsx, loaded lazily in plain-browser mode.
        expect(`${file} imports ${target}`).not.toMatch(/^exceljs$/);
      }
    }
  });
});
