/**
 * `stockrec import` end to end through `main`: every oracle statement (shared/oracles/PROVENANCE.md
 * B) into a copy of the bundled sample workbook, the exit codes, the sheet written and what
 * StockRec reads back from it, the refusals, and one round trip through `stockrec reconcile`.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MAIN_HELP, main } from "../../src/cli/main";
import { findHeader } from "../../src/domain/headers";
import type { SheetSnapshot } from "../../src/domain/sheet";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";

const SAMPLE_WORKBOOK = join(process.cwd(), "assets", "samples", "month-end-sample.xlsx");
const statementsDir = join(process.cwd(), "..", "shared", "oracles", "statements");

let scratch = "";

beforeAll(() => {
  if (!existsSync(statementsDir)) {
    throw new Error(
      `Oracle samples missing: ${statementsDir}. Run the tests from the repository root with ` +
        `shared/ beside it (shared/oracles/PROVENANCE.md, section B).`,
    );
  }
  scratch = mkdtempSync(join(tmpdir(), "stockrec-import-"));
});

function sample(folder: string, file: string): string {
  const path = join(statementsDir, folder, file);
  if (!existsSync(path)) throw new Error(`Oracle sample missing: ${path} (PROVENANCE.md B)`);
  return path;
}

let copies = 0;
/** A fresh copy of the sample workbook in the scratch folder, so default outputs land there. */
function workbookCopy(): string {
  copies += 1;
  const path = join(scratch, `month-end-${copies}.xlsx`);
  copyFileSync(SAMPLE_WORKBOOK, path);
  return path;
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(args: readonly string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    out: (text) => (stdout += text),
    err: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

interface ImportJson {
  readonly format: string;
  readonly sheet: string;
  readonly kind: string;
  readonly rowCount: number;
  readonly issues: readonly { code: string; severity: string; sheet: string; row: number | null }[];
  readonly output: string;
}

async function readSheet(path: string, sheet: string): Promise<SheetSnapshot> {
  const workbook = await XlsxWorkbook.fromBuffer(readFileSync(path));
  return workbook.readSheet(sheet);
}

async function sheetNames(path: string): Promise<string[]> {
  const workbook = await XlsxWorkbook.fromBuffer(readFileSync(path));
  // The Audit Log (very hidden) records each import; it is checked on its own below.
  return (await workbook.listSheets())
    .map((sheet) => sheet.name)
    .filter((name) => name !== "Audit Log");
}

const MT535_HEADERS = [
  "ISIN",
  "Description",
  "Quantity",
  "Quantity Type",
  "Available",
  "Safekeeping Account",
  "Statement Date",
  "Page",
  "Source Line",
];
const CASH_HEADERS = [
  "Account",
  "Currency",
  "Statement Number",
  "Opening Date",
  "Opening Balance",
  "As Of",
  "Closing Balance",
  "Closing Kind",
  "Entries",
  "Credits",
  "Debits",
  "Source Line",
];
const BAI2_HEADERS = [
  "Account",
  "Currency",
  "As Of",
  "Opening Ledger Balance",
  "Closing Ledger Balance",
  "Opening Available",
  "Closing Available",
  "Total Credits",
  "Total Debits",
  "Source Line",
];

interface SampleCase {
  readonly folder: string;
  readonly file: string;
  readonly exitCode: 0 | 1;
  readonly format: string;
  readonly sheet: string;
  readonly rows: number;
  readonly headers: readonly string[];
}

/**
 * Exit 1 exactly where the parsers give an error-level issue: the truncated MT535 messages, the
 * ABN AMRO statements that do not foot, BAI2 sample4 whose control totals are wrong. Warnings
 * (BAI2 without a closing ledger) and infos (more pages follow) leave the exit at 0.
 */
const CASES: readonly SampleCase[] = [
  {
    folder: "mt535",
    file: "prowide-core_SwiftParserConsumeTagTest_35B_with_colon_2.fin",
    exitCode: 1,
    format: "mt535",
    sheet: "MT535 S 02500 2008-03-12",
    rows: 1,
    headers: MT535_HEADERS,
  },
  {
    folder: "mt535",
    file: "prowide-core_SwiftParserConsumeTagTest_35B_with_colon.fin",
    exitCode: 1,
    format: "mt535",
    sheet: "MT535 S 02500 2008-03-12",
    rows: 1,
    headers: MT535_HEADERS,
  },
  {
    folder: "mt535",
    file: "prowide-core_MT535ParserTest_test535_1.fin",
    exitCode: 0,
    format: "mt535",
    sheet: "MT535 ABC 2007-03-27",
    rows: 0,
    headers: MT535_HEADERS,
  },
  {
    folder: "mt940",
    file: "wolph-mt940_cmxl_mt940.sta",
    exitCode: 0,
    format: "mt940",
    sheet: "MT940 45050050-76198 2013-10-17",
    rows: 3,
    headers: CASH_HEADERS,
  },
  {
    folder: "mt940",
    file: "wolph-mt940_jejik_abnamro.sta",
    exitCode: 1,
    format: "mt940",
    sheet: "MT940 517852257 2011-05-23",
    rows: 2,
    headers: CASH_HEADERS,
  },
  {
    folder: "mt940",
    file: "wolph-mt940_citi_mt940.txt",
    exitCode: 0,
    format: "mt940",
    sheet: "MT940 123456789 2024-03-12",
    rows: 1,
    headers: CASH_HEADERS,
  },
  {
    folder: "mt950",
    file: "prowide-core_MtSwiftMessageJsonSchemaTest_test_950.fin",
    exitCode: 0,
    format: "mt950",
    sheet: "MT950 123 456789 2002-05-28",
    rows: 1,
    headers: CASH_HEADERS,
  },
  {
    folder: "mt950",
    file: "prowide-core_MT950ParserTest.fin",
    exitCode: 0,
    format: "mt950",
    sheet: "MT950 12345678 2007-04-03",
    rows: 1,
    headers: CASH_HEADERS,
  },
  {
    folder: "bai2",
    file: "moov-io-bai2_sample1.txt",
    exitCode: 0,
    format: "bai2",
    sheet: "BAI2 10200123456 2006-03-17",
    rows: 2,
    headers: BAI2_HEADERS,
  },
  {
    folder: "bai2",
    file: "moov-io-bai2_sample2.txt",
    exitCode: 0,
    format: "bai2",
    sheet: "BAI2 0123456789 2004-06-20",
    rows: 5,
    headers: BAI2_HEADERS,
  },
  {
    folder: "bai2",
    file: "moov-io-bai2_sample3.txt",
    exitCode: 0,
    format: "bai2",
    sheet: "BAI2 1111111 2022-09-19",
    rows: 15,
    headers: BAI2_HEADERS,
  },
  {
    folder: "bai2",
    file: "moov-io-bai2_sample4-continuations-newline-delimited.txt",
    exitCode: 1,
    format: "bai2",
    sheet: "BAI2 107049924 2023-09-06",
    rows: 5,
    headers: BAI2_HEADERS,
  },
];

describe("stockrec import: the oracle statements into the sample workbook", () => {
  for (const testCase of CASES) {
    it(`${testCase.folder}/${testCase.file} → "${testCase.sheet}", exit ${testCase.exitCode}`, async () => {
      const into = workbookCopy();
      const before = readFileSync(into);
      const result = await run([
        "import",
        sample(testCase.folder, testCase.file),
        "--into",
        into,
        "--json",
      ]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(testCase.exitCode);
      const json = JSON.parse(result.stdout) as ImportJson;
      expect(json).toMatchObject({
        format: testCase.format,
        sheet: testCase.sheet,
        rowCount: testCase.rows,
        output: into.replace(/\.xlsx$/, ".imported.xlsx"),
      });
      expect(json.issues.some((issue) => issue.severity === "error")).toBe(testCase.exitCode === 1);
      expect(json.issues.every((issue) => issue.sheet === testCase.file)).toBe(true);
      // The input workbook is evidence: it is never written.
      expect(readFileSync(into).equals(before)).toBe(true);
      const names = await sheetNames(json.output);
      expect(names).toEqual([...(await sheetNames(SAMPLE_WORKBOOK)), testCase.sheet]);
      const written = await readSheet(json.output, testCase.sheet);
      expect(written.rows[0]).toEqual(testCase.headers);
      expect(written.rows.length - 1).toBe(testCase.rows);
    });
  }

  it("an MT535 sheet reads back through StockRec's header detection", async () => {
    const into = workbookCopy();
    const out = join(scratch, "mt535-header.xlsx");
    const file = sample("mt535", "prowide-core_SwiftParserConsumeTagTest_35B_with_colon_2.fin");
    expect((await run(["import", file, "--into", into, "--out", out])).code).toBe(1);
    const sheet = await readSheet(out, "MT535 S 02500 2008-03-12");
    const header = findHeader(sheet);
    expect(header?.headerRow).toBe(1);
    expect(header?.columns).toMatchObject({ securityId: 1, quantity: 3, account: 6, asOf: 7 });
    expect(sheet.rows[1]?.slice(0, 6)).toEqual([
      "XS0222550880",
      "4,125? LANXESS FIN.B.V.NT.V.05 21.6",
      300,
      "FAMT",
      200,
      "S 02500",
    ]);
  });

  it("prints a summary naming the format, statements, rows, sheet and issues", async () => {
    const result = await run([
      "import",
      sample("mt940", "wolph-mt940_jejik_abnamro.sta"),
      "--into",
      workbookCopy(),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("SWIFT MT940 customer statement, 2 statements");
    expect(result.stdout).toContain('into sheet "MT940 517852257 2011-05-23"');
    expect(result.stdout).toContain("2 rows of money");
    expect(result.stdout).toContain("Issues: 3 errors, 0 warnings, 0 info");
    expect(result.stdout).toContain("does not foot");
    expect(result.stdout).toContain("check them against the custodian's or bank's report");
  });
});

describe("stockrec import: CSV and workbook files", () => {
  it("keeps a CSV's identifiers and quantities as the text they were", async () => {
    const csv = join(scratch, "custodian positions.csv");
    writeFileSync(
      csv,
      '\uFEFFCUSIP;Description;Quantity\r\n037833100;APPLE INC;1.234,50\r\n00206R102;"AT&T; INC";10\r\n',
    );
    const into = workbookCopy();
    const out = join(scratch, "csv.xlsx");
    const result = await run(["import", csv, "--into", into, "--out", out, "--json"]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as ImportJson;
    expect(json).toMatchObject({ format: "csv", kind: "positions", rowCount: 2 });
    expect(json.sheet).toBe("CSV custodian positions");
    const sheet = await readSheet(out, json.sheet);
    expect(sheet.rows).toEqual([
      ["CUSIP", "Description", "Quantity", "Source Line"],
      ["037833100", "APPLE INC", "1.234,50", 2],
      ["00206R102", "AT&T; INC", "10", 3],
    ]);
  });

  it("imports a sheet of another workbook with --source-sheet", async () => {
    const into = workbookCopy();
    const out = join(scratch, "xlsx.xlsx");
    const result = await run([
      "import",
      SAMPLE_WORKBOOK,
      "--into",
      into,
      "--source-sheet",
      "DTC",
      "--out",
      out,
      "--json",
    ]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as ImportJson;
    expect(json).toMatchObject({ format: "xlsx", kind: "positions", sheet: "XLSX DTC 2026-10-30" });
    const original = await readSheet(SAMPLE_WORKBOOK, "DTC");
    const header = findHeader(original)!;
    // Blank rows carry nothing and are not copied; every other row below the header is.
    const dataRows = original.rows
      .slice(header.headerRow)
      .filter((row) => row.some((cell) => cell !== null && cell !== ""));
    expect(json.rowCount).toBe(dataRows.length);
    const copy = await readSheet(out, json.sheet);
    expect(findHeader(copy)?.columns).toMatchObject({ securityId: 1, asOf: 5 });
  });

  it("--source-sheet names a sheet the workbook lacks → exit 2", async () => {
    const result = await run([
      "import",
      SAMPLE_WORKBOOK,
      "--into",
      workbookCopy(),
      "--source-sheet",
      "Nope",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no sheet named "Nope"');
  });
});

describe("stockrec import: sheet names", () => {
  it("never replaces a sheet under a default name: a second import gets a new one", async () => {
    const into = workbookCopy();
    const first = join(scratch, "first.xlsx");
    const second = join(scratch, "second.xlsx");
    const file = sample("bai2", "moov-io-bai2_sample1.txt");
    expect((await run(["import", file, "--into", into, "--out", first])).code).toBe(0);
    expect((await run(["import", file, "--into", first, "--out", second])).code).toBe(0);
    const added = (await sheetNames(second)).slice((await sheetNames(SAMPLE_WORKBOOK)).length);
    expect(added).toEqual(["BAI2 10200123456 2006-03-17", "BAI2 10200123456 2006-03-17 (2)"]);
  });

  it("an existing sheet named with --sheet and no --replace → exit 2, nothing written", async () => {
    const into = workbookCopy();
    const out = join(scratch, "taken.xlsx");
    const result = await run([
      "import",
      sample("mt940", "wolph-mt940_citi_mt940.txt"),
      "--into",
      into,
      "--sheet",
      "OCC",
      "--out",
      out,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('already has a sheet named "OCC"');
    expect(result.stderr).toContain("--replace");
    expect(existsSync(out)).toBe(false);
  });

  it("--sheet with --replace replaces that sheet", async () => {
    const out = join(scratch, "replaced.xlsx");
    const result = await run([
      "import",
      sample("mt940", "wolph-mt940_citi_mt940.txt"),
      "--into",
      workbookCopy(),
      "--sheet",
      "OCC",
      "--replace",
      "--out",
      out,
    ]);
    expect(result.code).toBe(0);
    expect(await sheetNames(out)).toEqual(await sheetNames(SAMPLE_WORKBOOK));
    expect((await readSheet(out, "OCC")).rows[0]).toEqual(CASH_HEADERS);
  });

  it("a --sheet name Excel refuses → exit 2", async () => {
    const result = await run([
      "import",
      sample("mt940", "wolph-mt940_citi_mt940.txt"),
      "--into",
      workbookCopy(),
      "--sheet",
      "Cash/USD",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("cannot be the new sheet's name");
  });
});

describe("stockrec import: refusals (exit 2)", () => {
  it("an MT537 is not a format StockRec imports", async () => {
    const into = workbookCopy();
    const result = await run([
      "import",
      sample("mt537", "prowide-core_Issue78_penalties.fin"),
      "--into",
      into,
      "--json",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("MT537");
    expect(JSON.parse(result.stdout)).toMatchObject({
      error: "not_imported",
      format: "unknown",
      issues: [{ code: "statement_format_must_be_known", severity: "error" }],
    });
    expect(existsSync(into.replace(/\.xlsx$/, ".imported.xlsx"))).toBe(false);
  });

  it("a file of unknown format", async () => {
    const file = join(scratch, "notes.dat");
    writeFileSync(file, "Call the custodian about the October statement.\n");
    const result = await run(["import", file, "--into", workbookCopy()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("cannot tell what kind of statement this is");
  });

  it("--out equal to the input workbook", async () => {
    const into = workbookCopy();
    const file = sample("mt940", "wolph-mt940_citi_mt940.txt");
    const result = await run(["import", file, "--into", into, "--out", into]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("never overwrites its input");
  });

  it("a missing workbook, a missing file, no --into, --replace without --sheet", async () => {
    const file = sample("mt940", "wolph-mt940_citi_mt940.txt");
    const missing = await run(["import", file, "--into", join(scratch, "none.xlsx")]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining("no workbook")]);
    const noFile = await run(["import", join(scratch, "none.sta"), "--into", workbookCopy()]);
    expect([noFile.code, noFile.stderr]).toEqual([2, expect.stringContaining("no statement file")]);
    const noInto = await run(["import", file]);
    expect([noInto.code, noInto.stderr]).toEqual([2, expect.stringContaining("--into")]);
    const replace = await run(["import", file, "--into", workbookCopy(), "--replace"]);
    expect([replace.code, replace.stderr]).toEqual([2, expect.stringContaining("--replace needs")]);
  });

  it("has --help, and the main help lists the command", async () => {
    const help = await run(["import", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: stockrec import <file> --into <workbook.xlsx>");
    expect(MAIN_HELP).toContain("import <file> --into <workbook.xlsx>");
    expect((await run(["help", "import"])).stdout).toBe(help.stdout);
  });
});

describe("stockrec import, then stockrec reconcile", () => {
  it("reconciles an imported MT535 (contra FOOS): XS0222550880 is a statement-only Long 300", async () => {
    const imported = join(scratch, "round-trip.imported.xlsx");
    const file = sample("mt535", "prowide-core_SwiftParserConsumeTagTest_35B_with_colon_2.fin");
    const importRun = await run([
      "import",
      file,
      "--into",
      workbookCopy(),
      "--contra",
      "FOOS",
      "--out",
      imported,
      "--json",
    ]);
    // The message is truncated (an error-level issue), but its one complete holding is imported.
    expect(importRun.code).toBe(1);
    const { sheet } = JSON.parse(importRun.stdout) as ImportJson;
    expect((await readSheet(imported, sheet)).rows[0]?.at(-1)).toBe("Contra");

    const reconciled = join(scratch, "round-trip.reconciled.xlsx");
    const reconcileRun = await run([
      "reconcile",
      imported,
      "--books",
      "Stock Record",
      "--statement",
      `${sheet}=FOOS`,
      "--as-of",
      "2008-03-12",
      "--out",
      reconciled,
      "--json",
    ]);
    expect(reconcileRun.stderr).toBe("");
    expect(reconcileRun.code).toBe(0);
    const json = JSON.parse(reconcileRun.stdout) as {
      breaks: {
        securityId: string;
        contra: string;
        direction: string;
        kind: string;
        differenceQuantity: string;
        statementQuantity: string;
      }[];
    };
    const lanxess = json.breaks.filter((b) => b.securityId === "XS0222550880");
    expect(lanxess).toEqual([
      expect.objectContaining({
        contra: "FOOS",
        direction: "long",
        differenceQuantity: "300",
        statementQuantity: "300",
      }),
    ]);
    expect(lanxess[0]?.kind).toBe("statement_only");
  });
});

describe("the audit trail of an import", () => {
  it("logs the import in the very hidden Audit Log", async () => {
    const { XlsxWorkbook: Workbook } = await import("../../src/xlsx/xlsxWorkbook");
    const { mkdtempSync, readFileSync: read } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join: joinPath } = await import("node:path");
    const out = joinPath(mkdtempSync(joinPath(tmpdir(), "stockrec-import-audit-")), "out.xlsx");
    const { main: run } = await import("../../src/cli/main");
    const statement = joinPath(
      process.cwd(),
      "..",
      "shared",
      "oracles",
      "statements",
      "mt940",
      "wolph-mt940_cmxl_mt940.sta",
    );
    expect(
      await run(
        ["import", statement, "--into", "assets/samples/month-end-sample.xlsx", "--out", out],
        { out: () => {}, err: () => {} },
      ),
    ).toBe(0);
    const workbook = await Workbook.fromBuffer(read(out));
    expect((await workbook.listSheets()).find((s) => s.name === "Audit Log")?.visible).toBe(false);
    const log = (await workbook.readSheet("Audit Log")).rows;
    expect(log.slice(1).map((row) => row[3])).toEqual(["import"]);
  });
});
