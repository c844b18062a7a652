/**
 * The CSV scanner's simple-line path (`indexOf` over a line with no quote and no lone CR) against
 * its general path, which reads every record a character at a time: the same records, line
 * numbers and issues on random text cut into random chunks. And reading a file in chunks of any
 * size (ASCII chunks as Latin-1 with the unfinished record's bytes carried over, then UTF-8 from
 * the first other chunk on) finds what scanning the whole text at once finds.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { CsvScanner, rowCells, scanCsvFile } from "../../src/cli/csvStream";

type Found = { records: [number, string[]][]; issues: string[] };

function scanAll(text: string, cuts: number[], delimiter: string, simpleLines: boolean): Found {
  const scanner = new CsvScanner(delimiter, "t.csv", { simpleLines });
  const records: [number, string[]][] = [];
  let tail = "";
  let at = 0;
  for (const size of [...cuts, text.length]) {
    const piece = text.slice(at, at + size);
    at += size;
    const final = at >= text.length;
    const all = tail + piece;
    tail = all.slice(scanner.scan(all, final, (line, row) => records.push([line, rowCells(row)])));
    if (final) break;
  }
  return { records, issues: scanner.issues.map((i) => `${i.code}@${i.where.row}`) };
}

describe("the CSV scanner's simple lines", () => {
  it("read as the general path reads them, at any chunk boundary", () => {
    const pieces = ["a", "b1", " ", "\t", ",", ";", '"', '""', "\r", "\n", "\r\n", "037833100"];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((p) => p.join("")),
        fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 6 }),
        fc.constantFrom(",", ";", "\t"),
        (text, cuts, delimiter) => {
          expect(scanAll(text, cuts, delimiter, true)).toEqual(
            scanAll(text, cuts, delimiter, false),
          );
        },
      ),
      { numRuns: 5_000 },
    );
  });
});

describe("reading a CSV file in chunks", () => {
  const dir = mkdtempSync(join(tmpdir(), "stockrec-scan-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let file = 0;

  it("finds the records and issues of the whole text, at any chunk size", () => {
    const pieces = [
      "a",
      "037833100",
      " ",
      ",",
      '"',
      '""',
      "\r\n",
      "\n",
      "é",
      "€",
      "日本",
      "x".repeat(40),
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((p) => p.join("")),
        fc.integer({ min: 1, max: 24 }),
        (text, chunkBytes) => {
          const path = join(dir, `${file++}.csv`);
          writeFileSync(path, text, "utf8");
          const records: [number, string[]][] = [];
          const issues = scanCsvFile(
            path,
            ",",
            "t.csv",
            (line, row) => records.push([line, rowCells(row)]),
            chunkBytes,
          );
          const whole = scanAll(text, [], ",", true);
          expect({ records, issues: issues.map((i) => `${i.code}@${i.where.row}`) }).toEqual(whole);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
