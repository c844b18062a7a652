/**
 * `stockrec count` end to end through `main`, on real .xlsx files: generate, record a scanner
 * file, compare and post; usage errors exit 2; every CSV row is recorded or named in an issue;
 * the count people persist in the workbook's settings; a signed-off month refuses postings.
 */
import ExcelJS from "exceljs";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { COUNT_HELP, readCountFile } from "../../src/cli/countCommand";
import { MAIN_HELP, main } from "../../src/cli/main";
import { loadSettings } from "../../src/workbook/settingsStore";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { readFileSync } from "node:fs";

let scratch = "";
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "stockrec-count-"));
});

async function run(args: readonly string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    out: (text) => (stdout += text),
    err: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

let files = 0;
function path(name: string, ext = "xlsx"): string {
  files += 1;
  return join(scratch, `${files}-${name}.${ext}`);
}

const APPLE = "037833100";
const MICROSOFT = "594918104";

async function vaultWorkbook(): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const books = workbook.addWorksheet("Stock Record");
  books.getColumn(1).numFmt = "@";
  books.addRows([
    ["CUSIP", "Description", "Location", "Quantity"],
    [APPLE, "APPLE INC COM", "VAULT", 150],
    [MICROSOFT, "MICROSOFT CORP COM", "VAULT", 80.5],
    [MICROSOFT, "MICROSOFT CORP COM", "DTC", 1000],
  ]);
  workbook.addWorksheet("Locations").addRows([
    ["Location", "Contra"],
    ["DTC", "DTC"],
    ["VAULT", "VAULT"],
  ]);
  const file = path("vault");
  writeFileSync(file, new Uint8Array(await workbook.xlsx.writeBuffer()));
  return file;
}

function csv(name: string, text: string): string {
  const file = path(name, "csv");
  writeFileSync(file, text);
  return file;
}

const DATE = ["--count-date", "2026-12-31"];

describe("stockrec count", () => {
  it("is listed and helped", async () => {
    expect(MAIN_HELP).toContain("count generate|record|compare");
    const help = await run(["count", "--help"]);
    expect(help).toMatchObject({ code: 0, stdout: COUNT_HELP });
    expect((await run(["help", "count"])).stdout).toBe(COUNT_HELP);
  });

  it("names each step's file for the step, so the next step runs on it without --out", async () => {
    const input = await vaultWorkbook();
    const base = input.replace(/\.xlsx$/, "");
    expect((await run(["count", "generate", input, ...DATE])).code).toBe(0);
    const recorded = await run(["count", "record", `${base}.count.xlsx`, ...DATE]);
    expect(recorded.code, recorded.stderr).toBeLessThan(2);
    const compared = await run(["count", "compare", `${base}.recorded.xlsx`, ...DATE]);
    expect(compared.code, compared.stderr).toBeLessThan(2);
    expect(readFileSync(`${base}.compared.xlsx`).length).toBeGreaterThan(0);
  });

  it("refuses bad usage with exit 2 and says what to do", async () => {
    const input = await vaultWorkbook();
    const cases: [string[], RegExp][] = [
      [["count", input, ...DATE], /generate, record or compare/],
      [["count", "generate", input], /--count-date/],
      [["count", "generate", input, "--count-date", "31/12/2026"], /YYYY-MM-DD/],
      [["count", "generate", input, ...DATE, "--out", input], /never overwrites its input/],
      [["count", "compare", input, ...DATE, "--post"], /--actor/],
      [["count", "compare", input, ...DATE, "--replace"], /belongs to "stockrec count generate"/],
      [["count", "generate", input, ...DATE, "--custodian", "V. Keeper="], /NAME=LOCATION/],
    ];
    for (const [args, message] of cases) {
      const result = await run(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    const noSheet = await run(["count", "compare", input, ...DATE, "--out", path("none")]);
    expect(noSheet.code).toBe(2);
    expect(noSheet.stderr).toContain('There is no sheet "Count 2026-12-31"');
  });

  it("generates, records a scanner file, compares and posts once", async () => {
    const input = await vaultWorkbook();
    const generated = path("generated");
    const first = await run(["count", "generate", input, ...DATE, "--out", generated]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^Count of 2026-12-31: wrote Count 2026-12-31 from Stock Record — 3 lines: 2 to count, 0 to verify, 0 accounted for, 1 verified by reconciliation\./,
    );
    expect(first.stdout).toContain("Next count: between Sun 28 Feb 2027 and Fri 30 Apr 2027.");

    const counts = csv(
      "scan",
      [
        "Security ID,Location,Quantity",
        `US0378331005,VAULT,140`,
        `${MICROSOFT},VAULT,80.5`,
        ",VAULT,3",
        `${MICROSOFT},BOX-9,1`,
        "",
      ].join("\n"),
    );
    const recordedPath = path("recorded");
    const recorded = await run([
      "count",
      "record",
      generated,
      ...DATE,
      "--counts",
      counts,
      "--counted-by",
      "A. Auditor",
      "--supervised-by",
      "M. Chen",
      "--today",
      "2027-01-04",
      "--out",
      recordedPath,
      "--json",
    ]);
    expect(recorded.code).toBe(1); // two rows of the file are not recorded
    const json = JSON.parse(recorded.stdout) as Record<string, unknown>;
    expect(json.recordedEntries).toBe(2);
    expect((json.issues as { code: string; message: string }[]).map((i) => i.code)).toEqual([
      "count_file_row_must_name_a_line",
      "count_entry_must_match_a_line",
    ]);
    expect(json.differences).toEqual([
      {
        securityId: APPLE,
        description: "APPLE INC COM",
        differenceQuantity: "-10",
        direction: "short",
      },
    ]);

    const posted = path("posted");
    const compare = await run([
      "count",
      "compare",
      recordedPath,
      ...DATE,
      "--today",
      "2027-01-05",
      "--post",
      "--actor",
      "J. Accountant",
      "--out",
      posted,
    ]);
    expect(compare.code).toBe(0);
    expect(compare.stdout).toMatch(/^Count of 2026-12-31 \(Count 2026-12-31\): 3 lines/);
    expect(compare.stdout).toContain(`${APPLE}     Short           10  VAULT`);
    expect(compare.stdout).toContain(
      "Posting clock: 1 entry posted to the Difference account; deadline Tue 12 Jan 2027.",
    );
    expect(compare.stdout).toContain("DA-000001");

    const again = await run([
      "count",
      "compare",
      posted,
      ...DATE,
      "--today",
      "2027-01-06",
      "--post",
      "--actor",
      "J. Accountant",
      "--out",
      path("again"),
      "--json",
    ]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ postings: [], plannedPostings: [] });
  });

  it("keeps the count people in the workbook and judges the next run by them", async () => {
    const input = await vaultWorkbook();
    const generated = path("generated");
    await run([
      "count",
      "generate",
      input,
      ...DATE,
      "--custodian",
      "V. Keeper=VAULT",
      "--record-keeper",
      "R. Books",
      "--out",
      generated,
    ]);
    const saved = await loadSettings(await XlsxWorkbook.fromBuffer(readFileSync(generated)));
    expect(saved.settings.countPeople).toEqual({
      custodians: [{ name: "V. Keeper", locations: ["VAULT"] }],
      recordKeepers: ["R. Books"],
    });
    const counts = csv(
      "scan",
      `CUSIP,Location,Count\n${APPLE},VAULT,150\n${MICROSOFT},VAULT,80.5\n`,
    );
    const result = await run([
      "count",
      "record",
      generated,
      ...DATE,
      "--counts",
      counts,
      "--counted-by",
      "V. Keeper",
      "--supervised-by",
      "R. Books",
      "--today",
      "2027-01-04",
      "--out",
      path("recorded"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "Independence: 2 lines counted and supervised by no independent person.",
    );
    expect(result.stdout).toContain("V. Keeper (custodian of VAULT)");
  });

  it("refuses to post into a month a reviewer signed off", async () => {
    const input = await vaultWorkbook();
    const generated = path("generated");
    await run(["count", "generate", input, ...DATE, "--out", generated]);
    const counted = path("counted");
    await run([
      "count",
      "record",
      generated,
      ...DATE,
      "--counts",
      csv("scan", `CUSIP,Location,Quantity\n${APPLE},VAULT,149\n${MICROSOFT},VAULT,80.5\n`),
      "--counted-by",
      "A. Auditor",
      "--out",
      counted,
    ]);
    const posted = path("posted");
    await run([
      "count",
      "compare",
      counted,
      ...DATE,
      "--today",
      "2027-01-04",
      "--post",
      "--actor",
      "J. Accountant",
      "--out",
      posted,
    ]);
    let signed = posted;
    for (const [actor, role] of [
      ["J. Accountant", "preparer"],
      ["M. Chen", "reviewer"],
    ] as const) {
      const out = path(role);
      const signoff = await run([
        "signoff",
        signed,
        "--actor",
        actor,
        "--role",
        role,
        "--period",
        "2026-12",
        "--scope",
        "Difference Account",
        "--out",
        out,
      ]);
      expect(signoff.code, signoff.stderr).toBe(0);
      signed = out;
    }
    const refused = await run([
      "count",
      "compare",
      signed,
      ...DATE,
      "--post",
      "--actor",
      "J. Accountant",
      "--out",
      path("refused"),
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("signed off by a reviewer");
    expect(refused.stderr).toContain("Nothing was written.");
  });
});

describe("reading a count file", () => {
  it("finds its columns by their usual names and names every row it cannot record", () => {
    const read = readCountFile(
      "counts.csv",
      "\uFEFFLine ID,CUSIP,Loc,Qty,Counter,Confirmation Ref\n" +
        `${APPLE}@VAULT#in_possession,,,150,A. Auditor,\n` +
        `,${MICROSOFT},VAULT,,,\n` +
        "\n" +
        ",,,5,,\n",
    );
    expect(read!.entries).toEqual([
      {
        source: "counts.csv row 2",
        where: { sheet: "counts.csv", row: 2 },
        lineId: `${APPLE}@VAULT#in_possession`,
        cells: { "Counted Quantity": "150", "Counted By": "A. Auditor" },
      },
    ]);
    expect(read!.issues.map((i) => [i.code, i.where])).toEqual([
      ["count_file_row_must_enter_something", { sheet: "counts.csv", row: 3 }],
      ["count_file_row_must_name_a_line", { sheet: "counts.csv", row: 5 }],
    ]);
  });

  it("is not a count file without a column to find lines by or one to enter", () => {
    expect(readCountFile("x.csv", "Name,Phone\nA,1\n")).toBeNull();
    expect(readCountFile("x.csv", "CUSIP,Location\n037833100,VAULT\n")).toBeNull();
    expect(readCountFile("x.csv", "")).toBeNull();
  });
});
