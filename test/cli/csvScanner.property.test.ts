/**
 * The CSV scanner's simple-line path (`indexOf` over a line with no quote and no lone CR) against
 * its general path, which reads every record a character at a time: the same records, line
 * numbers and issues on random text cut into random chunks.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvScanner, rowCells } from "../../src/cli/csvStream";

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
