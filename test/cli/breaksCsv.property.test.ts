/**
 * The breaks CSV line (`breakCsvLine`): read back by StockRec's own CSV reader, every field is
 * the break's, with an apostrophe before text that would start a formula (= + - @), and the
 * numbers as exact decimals.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BREAKS_CSV_HEADER, breakCsvLine, csvField } from "../../src/cli/csvReconcile";
import { CsvScanner, rowCells } from "../../src/cli/csvStream";
import { toDecimalString, type Decimal } from "../../src/domain/decimal";
import type { Break } from "../../src/domain/reconcile";
import { formatSourceRows, KIND_LABELS } from "../../src/workbook/breaksSheet";

// text as a sheet may hold it: quotes, commas, line breaks, formula starts, no outer spaces
// (the reader trims fields)
const text = fc
  .array(
    fc.constantFrom("a", "Z", "0", " ", ",", '"', "\n", "\r\n", "=", "+", "-", "@", "é", ";"),
    {
      maxLength: 8,
    },
  )
  .map((parts) => parts.join("").trim());
const decimal: fc.Arbitrary<Decimal> = fc.record({
  units: fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
  scale: fc.integer({ min: 0, max: 8 }),
});
const refs = fc.array(
  fc.record({ sheet: fc.constantFrom("Books", "DTC, Inc", 'A "B"'), row: fc.nat(99) }),
  { maxLength: 3 },
);
const aBreak: fc.Arbitrary<Break> = fc.record({
  id: text,
  securityKey: text,
  securityId: text,
  description: text,
  contra: text,
  booksQuantity: decimal,
  statementQuantity: decimal,
  difference: decimal,
  direction: fc.constantFrom("long" as const, "short" as const),
  kind: fc.constantFrom(
    "quantity_difference" as const,
    "books_only" as const,
    "statement_only" as const,
  ),
  booksRows: refs,
  statementRows: refs,
  locations: fc.array(
    text.filter((t) => t !== ""),
    { maxLength: 2 },
  ),
  unreadableRows: refs,
});

/** What a cell shows once read back: text that would start a formula has its apostrophe. */
const shown = (value: string): string => (/^[=+\-@]/.test(value) ? `'${value}` : value);

describe("breakCsvLine", () => {
  it("reads back as the break's fields, formula starts behind an apostrophe", () => {
    fc.assert(
      fc.property(aBreak, (b) => {
        const rows: string[][] = [];
        new CsvScanner(",", "breaks.csv").scan(`${breakCsvLine(b)}\n`, true, (_, row) =>
          rows.push(rowCells(row)),
        );
        expect(rows).toHaveLength(1);
        const row = rows[0];
        expect(row).toEqual([
          shown(b.id),
          shown(b.securityId),
          shown(b.description),
          shown(b.contra),
          toDecimalString(b.booksQuantity),
          toDecimalString(b.statementQuantity),
          toDecimalString(b.difference),
          b.direction === "long" ? "Long" : "Short",
          KIND_LABELS[b.kind],
          shown(b.locations.join(" ")),
          shown(formatSourceRows(b.booksRows)),
          shown(formatSourceRows(b.statementRows)),
          shown(formatSourceRows(b.unreadableRows)),
        ]);
        expect(row).toHaveLength(BREAKS_CSV_HEADER.length);
      }),
      { numRuns: 2_000 },
    );
  });

  it("quotes a field only when it must", () => {
    expect(csvField("037833100")).toBe("037833100");
    expect(csvField("")).toBe("");
    expect(csvField("-5")).toBe("'-5");
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField("=SUM(A1)\n")).toBe('"\'=SUM(A1)\n"');
  });
});
