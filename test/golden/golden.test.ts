/**
 * Golden workbooks through the CLI (STYLE.md §9): each case's input workbook is reconciled by
 * `stockrec reconcile --json`; the printed JSON, the exit code and the written Breaks sheet must
 * equal test/golden/<case>/expected.json. After an intended change, rewrite the expectations
 * with `UPDATE_GOLDEN=1 npx vitest run test/golden` and review the diff in the commit.
 */
import ExcelJS from "exceljs";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";

interface GoldenCase {
  readonly name: string;
  readonly input: string;
  readonly args: readonly string[];
}

const CASES: readonly GoldenCase[] = [
  { name: "sample", input: "assets/samples/month-end-sample.xlsx", args: [] },
  { name: "clean", input: "test/golden/clean/input.xlsx", args: [] },
  { name: "messy-default-contra", input: "test/golden/messy/input.xlsx", args: [] },
  {
    name: "messy",
    input: "test/golden/messy/input.xlsx",
    args: ["--statement", "DTC Position Report=DTC"],
  },
  {
    name: "bad-input",
    input: "test/golden/bad-input/input.xlsx",
    args: [
      ...[
        "--statement",
        "DTC",
        "--statement",
        "OCC",
        "--statement",
        "BNYM",
        "--statement",
        "Empty",
      ],
      ...["--as-of", "2026-10-30"],
    ],
  },
  {
    name: "bad-input-detected",
    input: "test/golden/bad-input/input.xlsx",
    args: ["--as-of", "2026-10-30"],
  },
  {
    name: "no-statements",
    input: "test/golden/no-statements/input.xlsx",
    args: ["--as-of", "2026-10-30"],
  },
  {
    name: "explicit-roles",
    input: "assets/samples/month-end-sample.xlsx",
    args: [
      "--books",
      "Stock Record",
      "--statement",
      "OCC",
      "--statement",
      "BNY Mellon=BNYM",
      "--as-of",
      "2026-10-30",
    ],
  },
];

const UPDATE = process.env.UPDATE_GOLDEN === "1";
const scratch = mkdtempSync(join(tmpdir(), "stockrec-golden-"));

async function breaksSheet(path: string): Promise<unknown> {
  if (!existsSync(path)) return null;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.getWorksheet("Breaks");
  if (sheet === undefined) return null;
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    rows.push(
      (row.values as unknown[])
        .slice(1)
        .map((value) =>
          value instanceof Date ? value.toISOString().slice(0, 10) : (value ?? null),
        ),
    );
  });
  const table = (
    sheet as unknown as { tables: Record<string, { table: { name: string; ref: string } }> }
  ).tables;
  return {
    tables: Object.values(table).map((t) => t.table.name),
    frozenRows: sheet.views[0]?.state === "frozen" ? sheet.views[0].ySplit : 0,
    securityIdFormat: sheet.getColumn(2).numFmt ?? sheet.getCell("B2").numFmt,
    differenceAlignment: sheet.getCell("H2").alignment?.horizontal ?? null,
    rows,
  };
}

async function runCase(golden: GoldenCase): Promise<Record<string, unknown>> {
  const out = join(scratch, `${golden.name}.xlsx`);
  let stdout = "";
  let stderr = "";
  const exitCode = await main(["reconcile", golden.input, ...golden.args, "--out", out, "--json"], {
    out: (text) => (stdout += text),
    err: (text) => (stderr += text),
  });
  const json = JSON.parse(stdout) as Record<string, unknown>;
  delete json.output;
  const breaks =
    (json.breaks as
      | { securityId: string; contra: string; differenceQuantity: string; direction: string }[]
      | undefined) ?? [];
  return {
    exitCode,
    breakCount: breaks.length,
    stderr: stderr.replace(scratch, "<tmp>"),
    json,
    breaksSheet: await breaksSheet(out),
  };
}

describe("golden workbooks through the CLI", () => {
  for (const golden of CASES) {
    it(`reconciles ${golden.name} as expected`, async () => {
      const actual = await runCase(golden);
      const expectedPath = `test/golden/${golden.name}/expected.json`;
      if (UPDATE || !existsSync(expectedPath)) {
        if (!UPDATE)
          throw new Error(
            `${expectedPath} is missing: run UPDATE_GOLDEN=1 npx vitest run test/golden`,
          );
        mkdirSync(dirname(expectedPath), { recursive: true });
        writeFileSync(expectedPath, JSON.stringify(actual, null, 2) + "\n");
      }
      expect(actual).toEqual(JSON.parse(readFileSync(expectedPath, "utf8")));
    });
  }
});

describe("the stockrec binary", () => {
  beforeAll(() => {
    const build = spawnSync("node", ["scripts/build-cli.mjs"], { encoding: "utf8" });
    expect(build.status, build.stderr).toBe(0);
  });

  const run = (...args: string[]) =>
    spawnSync("node", ["bin/stockrec.js", ...args], { encoding: "utf8" });

  it("prints help for every command and exits 0", () => {
    for (const args of [["--help"], ["reconcile", "--help"], ["help", "reconcile"]]) {
      const result = run(...args);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain("Usage: stockrec");
    }
  });

  it("exits 2 with a message saying what to do on bad usage", () => {
    const cases: [string[], RegExp][] = [
      [["reconcile"], /Name the workbook/],
      [["reconcile", "missing.xlsx"], /There is no file "missing.xlsx"/],
      [["reconcile", "statement.csv"], /not an \.xlsx workbook/],
      [
        ["reconcile", "assets/samples/month-end-sample.xlsx", "--as-of", "30/10/2026"],
        /YYYY-MM-DD/,
      ],
      [
        [
          "reconcile",
          "assets/samples/month-end-sample.xlsx",
          "--out",
          "assets/samples/month-end-sample.xlsx",
        ],
        /never overwrites its input/,
      ],
      [["reconcile", "--bogus"], /Unknown option/],
      [["frobnicate"], /unknown command/],
    ];
    for (const [args, message] of cases) {
      const result = run(...args);
      expect(result.status, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });

  it("exits 2 on a file that is not a workbook", () => {
    const fake = join(scratch, "fake.xlsx");
    writeFileSync(fake, "this is not a zip");
    const result = run("reconcile", fake);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/xlsx/);
  });

  it("writes beside the input by default, never over it", () => {
    const input = join(scratch, "copy.xlsx");
    writeFileSync(input, readFileSync("test/golden/clean/input.xlsx"));
    const before = readFileSync(input);
    const result = run("reconcile", input);
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(join(scratch, "copy.reconciled.xlsx"))).toBe(true);
    expect(readFileSync(input).equals(before)).toBe(true);
    expect(result.stdout).toContain("0 breaks");
  });
});
