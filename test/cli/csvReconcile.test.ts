/**
 * `stockrec reconcile --books FILE.csv --statement FILE.csv`: the streamed CSV path gives the
 * same JSON as the workbook path on the same data (a workbook whose sheets are named as the
 * files), messy rows included; the CSV scanner's quoting; the usage errors.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { CsvScanner, rowCells } from "../../src/cli/csvStream";
import { main } from "../../src/cli/main";

let scratch = "";
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "stockrec-csv-"));
});

const BOOKS = [
  ["Stock record as of 10/30/2026"],
  [],
  ["CUSIP", "Description", "Location", "Quantity"],
  ["037833100", "Apple Inc", "DTC", "1000"],
  ["594918104", "Microsoft", "DTC", "250.5"],
  ["594918104", "Microsoft", "DTC", "100"],
  ["594918104", "Microsoft", "DTC", "100"],
  ["38259P508", "Alphabet", "DTC", "not a number"],
  ["US0231351067", "Amazon (as ISIN)", "DTC", "75"],
  ["459200101", "Bad check digit", "DTC", "5"],
  [],
  ["912828ZT0", "UST note", "DTC", "1000000.25"],
  ["912828ZT0", "UST note", "FED", "2000000"],
  ["30303M102", "Meta", "DIFF", "-3"],
  ["88160R101", "Tesla", "DTC", "9007199254740993"],
  ["Total", "", "", "4358427.75"],
];
const STATEMENT = [
  ["CUSIP", "Quantity"],
  ["037833100", "1000"],
  ["594918104", "450"],
  ["023135106", "70"],
  ["912828ZT0", "1000000.5"],
  ["46625H100", "12"],
  ["88160R101", "9007199254740992"],
  ["88160R101", "1"],
];

function csvText(rows: string[][]): string {
  return (
    rows.map((row) => row.map((c) => (c.includes(",") ? `"${c}"` : c)).join(",")).join("\n") + "\n"
  );
}

/** Plain decimals that a double holds exactly become numbers, as Excel stores them. */
function excelCell(text: string): string | number {
  return /^-?\d+(\.\d+)?$/.test(text) && String(Number(text)) === text && !/^0\d/.test(text)
    ? Number(text)
    : text;
}

async function writeWorkbook(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows, quantityColumn] of [
    ["books.csv", BOOKS, 3],
    ["DTC.csv", STATEMENT, 1],
  ] as const) {
    const sheet = workbook.addWorksheet(name);
    rows.forEach((row, index) => {
      row.forEach((text, column) => {
        if (text === "") return;
        sheet.getCell(index + 1, column + 1).value =
          column === quantityColumn && index > 0 ? excelCell(text) : text;
      });
    });
  }
  writeFileSync(path, Buffer.from(await workbook.xlsx.writeBuffer()));
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** `stockrec reconcile --books BOOKS --statement STATEMENT …more` over CSV files. */
const reconcileCsv = (books: string, statement: string, ...more: string[]) =>
  run(["reconcile", "--books", books, "--statement", statement, ...more]);

describe("reconcile over CSV files", () => {
  it("gives the workbook path's JSON for the same data", async () => {
    const books = join(scratch, "books.csv");
    const statement = join(scratch, "DTC.csv");
    writeFileSync(books, csvText(BOOKS));
    writeFileSync(statement, csvText(STATEMENT));
    const workbook = join(scratch, "same.xlsx");
    await writeWorkbook(workbook);
    const fromCsv = await reconcileCsv(books, `${statement}=DTC`, "--json");
    const fromWorkbook = await run([
      "reconcile",
      workbook,
      "--books",
      "books.csv",
      "--statement",
      "DTC.csv=DTC",
      "--json",
      "--out",
      join(scratch, "same.out.xlsx"),
    ]);
    expect(fromCsv.err).toBe("");
    expect(fromWorkbook.err).toBe("");
    expect(fromWorkbook.code).toBe(fromCsv.code);
    const a = JSON.parse(fromCsv.out) as Record<string, unknown>;
    const b = JSON.parse(fromWorkbook.out) as Record<string, unknown>;
    delete a.output;
    delete b.output;
    // 9007199254740993 has no double, so the workbook holds it as text and says so; in a CSV
    // every cell is text, and that is not a finding.
    b.issues = (b.issues as { code: string }[]).filter(
      (i) => i.code !== "number_is_stored_as_text",
    );
    expect((a.breaks as unknown[]).length).toBeGreaterThan(4);
    expect(a).toEqual(b);
    const written = readFileSync(join(scratch, "books.breaks.csv"), "utf8").split("\n");
    expect(written[0]).toMatch(/^Break ID,Security ID/);
    expect(written).toHaveLength((a.breaks as unknown[]).length + 2);
  });

  it("finds a duplicate by its fields, however the line quotes or spaces them", async () => {
    const books = join(scratch, "dupes.csv");
    writeFileSync(
      books,
      [
        "CUSIP,Location,Quantity",
        "037833100,DTC,500",
        '"037833100", DTC ,"500"',
        "037833100,DTC,500.0",
        "594918104,DTC,7",
        " 037833100,DTC,500",
      ].join("\n") + "\n",
    );
    const statement = join(scratch, "DTC2.csv");
    writeFileSync(statement, "CUSIP,Quantity\n037833100,2000\n594918104,7\n");
    const result = await reconcileCsv(books, statement, "--as-of", "2026-10-30", "--json");
    const issues = (JSON.parse(result.out) as { issues: { code: string; message: string }[] })
      .issues;
    // 500.0 is another text of the same number: no duplicate, as in a sheet of text
    expect(
      issues.filter((i) => i.code === "row_is_an_exact_duplicate").map((i) => i.message),
    ).toEqual([
      "Row 3 repeats row 2 exactly; both are counted.",
      "Row 6 repeats row 2 exactly; both are counted.",
    ]);
  });

  it("takes the contra from the file name and writes .xlsx", async () => {
    const books = join(scratch, "b2.csv");
    const statement = join(scratch, "DTC.csv");
    writeFileSync(books, csvText(BOOKS));
    writeFileSync(statement, csvText(STATEMENT));
    const out = join(scratch, "breaks.xlsx");
    const result = await reconcileCsv(books, statement, "--out", out);
    expect(result.code).toBe(0);
    expect(result.out).toContain("DTC");
    expect(readFileSync(out).subarray(0, 2).toString()).toBe("PK");
  });

  it("refuses a run without statements or with a workbook-only option with CSV files", async () => {
    const books = join(scratch, "books.csv");
    writeFileSync(books, csvText(BOOKS));
    const noStatement = await run(["reconcile", "--books", books]);
    expect(noStatement.code).toBe(2);
    expect(noStatement.err).toContain("Name the statement files");
    const withLocations = await reconcileCsv(books, books, "--locations", "L");
    expect(withLocations.code).toBe(2);
    expect(withLocations.err).toContain("--locations needs a workbook");
  });
});

describe("the CSV scanner", () => {
  const records = (text: string, chunks: number[] = []): [number, string[]][] => {
    const scanner = new CsvScanner(",", "t.csv");
    const found: [number, string[]][] = [];
    let tail = "";
    let at = 0;
    for (const size of [...chunks, text.length]) {
      const piece = text.slice(at, at + size);
      at += size;
      const final = at >= text.length;
      const all = tail + piece;
      tail = all.slice(scanner.scan(all, final, (line, row) => found.push([line, rowCells(row)])));
      if (final) break;
    }
    return found;
  };

  it("reads quotes, doubled quotes, line breaks in quotes, CRLF and trims fields", () => {
    const text = 'a, b ,"c,d"\r\n"say ""hi""",x,"two\nlines"\n\nlast,,\n';
    const expected: [number, string[]][] = [
      [1, ["a", "b", "c,d"]],
      [2, ['say "hi"', "x", "two\nlines"]],
      [4, [""]],
      [5, ["last", "", ""]],
    ];
    expect(records(text)).toEqual(expected);
    for (let cut = 1; cut < text.length; cut++) expect(records(text, [cut])).toEqual(expected);
  });
});
