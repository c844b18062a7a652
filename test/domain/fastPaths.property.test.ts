/**
 * The streaming engine's fast paths against the slow ways they stand in for, on random input:
 * - `scaledFromNumber` (no string for a number with decimals) == `String` then the text parse;
 * - `cusipCode` (tables, two halves) == the CUSIP rule spelled out a character at a time;
 * - `sameRowContent` (exact duplicate rows) == the workbook check's JSON comparison;
 * - `ReconcileStream` on rows of cells and on rows of text == `runMonthlyReconciliation`, the
 *   workbook path, on the same sheets: breaks, matched count, contra totals and issues.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prepareReconciliation, reconcileSheets } from "../../src/domain/reconcileSheets";
import { toDecimalString } from "../../src/domain/decimal";
import type { IsoDate } from "../../src/domain/isoDate";
import { runMonthlyReconciliation } from "../../src/domain/monthlyReconciliation";
import type { ReconciliationOutcome } from "../../src/domain/monthlyReconciliation";
import {
  cusipCode,
  cusipFromCode,
  ReconcileStream,
  sameRowContent,
  type TextRow,
} from "../../src/domain/reconcileStream";
import { cusipCheckDigit, isinFromCusip } from "../../src/domain/identifiers";
import { DEFAULT_SETTINGS } from "../../src/domain/settings";
import type { CellValue, Row } from "../../src/domain/sheet";
import {
  parsePlainDecimalRange,
  scaledFromNumber,
  type ScaledNumber,
} from "../../src/domain/values";

const AS_OF = "2026-10-30" as IsoDate;

function viaString(value: number): ScaledNumber | null {
  const out = { units: 0, scale: 0 };
  if (Number.isSafeInteger(value)) return { units: value, scale: 0 };
  if (!Number.isFinite(value)) return null;
  const text = String(value);
  return parsePlainDecimalRange(text, 0, text.length, out) ? out : null;
}

/** Numbers as Excel hands them over: decimals of a few places, and any double at all. */
const excelNumber = fc.oneof(
  fc
    .tuple(fc.integer({ min: -(10 ** 9), max: 10 ** 9 }), fc.integer({ min: 0, max: 6 }))
    .map(([units, scale]) => units / 10 ** scale),
  fc
    .tuple(fc.maxSafeInteger(), fc.integer({ min: 0, max: 8 }))
    .map(([units, scale]) => units / 10 ** scale),
  fc.double({ noNaN: false }),
  fc.double({ min: -1e7, max: 1e7 }),
);

describe("scaledFromNumber", () => {
  it("reads a number as its shortest decimal, as String(value) writes it", () => {
    fc.assert(
      fc.property(excelNumber, (value) => {
        const out = { units: 0, scale: 0 };
        const expected = viaString(value);
        const read = scaledFromNumber(value, out);
        expect(read).toBe(expected !== null);
        if (expected !== null) expect(out).toEqual(expected);
      }),
      { numRuns: 20_000 },
    );
  });
});

/** The rule `cusipCode` implements, written plainly: the reference it is checked against. */
function cusipCodeReference(text: string): number {
  if (text.length !== 9) return -1;
  let code = 0;
  let total = 0;
  for (let i = 0; i < 8; i++) {
    const c = text.charCodeAt(i);
    const value = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : -1;
    if (value < 0) return -1;
    code = code * 36 + value;
    const weighted = i % 2 === 1 ? value * 2 : value;
    total += Math.floor(weighted / 10) + (weighted % 10);
  }
  if (!/[0-9]/.test(text.slice(0, 3))) return -1;
  return text.charCodeAt(8) - 48 === (10 - (total % 10)) % 10 ? code : -1;
}

describe("cusipCode", () => {
  const chars = fc.constantFrom(..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZa*@# é".split(""));
  const first8 = fc.array(chars, { minLength: 8, maxLength: 8 }).map((c) => c.join(""));
  const text = fc.oneof(
    // with each possible last character, so about one in ten has the right check digit
    fc.tuple(first8, fc.constantFrom(..."0123456789X".split(""))).map(([a, b]) => a + b),
    fc.array(chars, { maxLength: 11 }).map((c) => c.join("")),
  );
  it("agrees with the rule spelled out, and round-trips through cusipFromCode", () => {
    fc.assert(
      fc.property(text, fc.string({ maxLength: 3 }), (id, before) => {
        const code = cusipCode(before + id, before.length, before.length + id.length);
        expect(code).toBe(cusipCodeReference(id));
        if (code >= 0) expect(cusipFromCode(code)).toBe(id);
      }),
      { numRuns: 20_000 },
    );
  });
});

const cell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constantFrom(null, "", " ", "DTC", " DTC ", "dtc", "0", "1", "-0", true, false),
  fc.constantFrom(0, -0, 1, 1.5, NaN, Infinity, -Infinity),
  fc.integer({ min: -3, max: 3 }),
);

describe("sameRowContent", () => {
  it("equates rows exactly when the workbook check's JSON of them is equal", () => {
    const json = (row: Row) =>
      JSON.stringify(row.map((c) => (typeof c === "string" ? c.trim() : c)));
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 4 }), fc.array(cell, { maxLength: 4 }), (a, b) => {
        expect(sameRowContent(a, b)).toBe(json(a) === json(b));
        expect(sameRowContent(a, a)).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });
});

// Valid CUSIPs, a bad check digit, an ISIN of the first, and text that is no identifier.
const IDS = [
  "037833100",
  "594918104",
  "912828ZT0",
  "38259P508",
  "459200101",
  "US0378331005",
  "",
  "n/a",
];
const LOCATIONS = ["DTC", "FED", " dtc", "DIFF", "", "OCC"];

const quantityCell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.integer({ min: -1000, max: 100_000 }),
  fc.integer({ min: -100_000, max: 100_000 }).map((units) => units / 100),
  fc.constantFrom("100", "250.5", "1,000", "(5)", "abc", "", "9007199254740993", "-0", ".5", "5."),
  fc.constantFrom(9007199254740991, 123456789.125, 0.1, null),
);

const booksRow = fc.tuple(fc.constantFrom(...IDS), fc.constantFrom(...LOCATIONS), quantityCell);
const statementRow = fc.tuple(fc.constantFrom(...IDS), quantityCell);

/** Rows with some repeated (exact duplicates) and some blank. */
function withRepeats<T extends Row>(
  rows: fc.Arbitrary<T>,
  maxLength = 30,
  minLength = 0,
): fc.Arbitrary<Row[]> {
  return fc
    .array(fc.tuple(rows, fc.integer({ min: 0, max: 9 })), { minLength, maxLength })
    .map((drawn) => {
      const out: Row[] = [];
      for (const [row, roll] of drawn) {
        if (roll === 0 && out.length > 0) out.push([...out[Math.floor(out.length / 2)]!]);
        else if (roll === 1) out.push([]);
        else out.push(row);
      }
      return out;
    });
}

/** A row of text fields as the CSV scanner hands it over (fields joined, ranges into the text). */
function textRow(cells: readonly string[]): TextRow {
  const starts = new Int32Array(cells.length);
  const ends = new Int32Array(cells.length);
  let text = "";
  cells.forEach((c, i) => {
    const trimmed = c.trim();
    starts[i] = text.length;
    text += trimmed;
    ends[i] = text.length;
    text += ",";
  });
  return { text, starts, ends, count: cells.length, escaped: null };
}

/** Rows fed as lines of text, then their duplicates settled from the same lines (as readCsvFile does). */
function readText(stream: ReconcileStream, source: number, rows: readonly Row[]): void {
  const lines = rows.map((row) => row.map(String));
  lines.forEach((cells, i) => stream.addTextRow(source, i + 1, textRow(cells)));
  stream.settleDuplicates(source, (line) => lines[line - 1]!.map((cell) => cell.trim()));
}

/** "Statement" is DTC's; a second statement says its contras in a column. */
const contraOf = (sheet: string): string | null => (sheet === "Statement" ? "DTC" : null);

function streamed(
  sheets: Map<string, Row[]>,
  asText: boolean,
  rowHashBits?: number,
): ReconciliationOutcome {
  const stream = new ReconcileStream({
    differenceLocations: DEFAULT_SETTINGS.differenceLocations,
    ...(rowHashBits === undefined ? {} : { rowHashBits }),
  });
  for (const [sheet, rows] of sheets) {
    const role = sheet === "Books" ? ("books" as const) : ("statement" as const);
    const source = stream.open(
      { name: sheet, rows: rows.slice(0, 30) },
      { sheet, role, contra: contraOf(sheet), typedCells: !asText },
    );
    if (source === null) continue;
    if (!asText) stream.addCellsRows(source, rows);
    else readText(stream, source, rows);
  }
  return stream.finish(AS_OF);
}

/**
 * `streamed`, with the sources of one role read by a stream of their own (as the CLI's worker
 * thread reads the statements) and merged, across a structured clone as between threads, into
 * the stream that read the others. Both streams open every sheet, in order.
 */
function streamedMerged(
  sheets: Map<string, Row[]>,
  asText: boolean,
  merged: "books" | "statement",
): ReconciliationOutcome {
  const options = { differenceLocations: DEFAULT_SETTINGS.differenceLocations };
  const other = new ReconcileStream(options);
  const stream = new ReconcileStream(options);
  for (const [sheet, rows] of sheets) {
    const role = sheet === "Books" ? ("books" as const) : ("statement" as const);
    const head = { name: sheet, rows: rows.slice(0, 30) };
    const open = { sheet, role, contra: contraOf(sheet), typedCells: !asText };
    const here = stream.open(head, open);
    const there = other.open(head, open);
    expect(there === null).toBe(here === null);
    const [reader, source] = role === merged ? [other, there] : [stream, here];
    if (source === null) continue;
    if (!asText) reader.addCellsRows(source, rows);
    else readText(reader, source, rows);
  }
  stream.merge(structuredClone(other.part(merged)));
  return stream.finish(AS_OF);
}

/** What both paths must agree on (the stream counts matched positions rather than listing them). */
function essentials(outcome: ReconciliationOutcome) {
  const issues = (
    list: readonly { code: string; severity: string; where: unknown; message: string }[],
  ) => list.map((i) => JSON.stringify([i.code, i.severity, i.where, i.message])).sort();
  if (!outcome.ok) return { ok: false, issues: issues(outcome.issues) };
  const r = outcome.result;
  return {
    ok: true,
    breaks: r.breaks.map((b) => ({
      ...b,
      booksQuantity: toDecimalString(b.booksQuantity),
      statementQuantity: toDecimalString(b.statementQuantity),
      difference: toDecimalString(b.difference),
    })),
    matchedCount: r.matchedCount,
    contras: r.contras.map((c) => ({
      ...c,
      booksTotal: toDecimalString(c.booksTotal),
      statementTotal: toDecimalString(c.statementTotal),
      differenceTotal: toDecimalString(c.differenceTotal),
    })),
    issues: issues(r.issues),
  };
}

const sheetsOf = (books: Row[], statement: Row[]) =>
  new Map<string, Row[]>([
    ["Books", [["CUSIP", "Location", "Quantity"], ...books]],
    ["Statement", [["CUSIP", "Quantity"], ...statement]],
  ]);
const plan = {
  books: "Books",
  statements: [{ sheet: "Statement", contra: "DTC" }],
  asOf: AS_OF,
};

describe("ReconcileStream", () => {
  it("gives the workbook path's result on random rows of cells", () => {
    fc.assert(
      fc.property(withRepeats(booksRow), withRepeats(statementRow), (books, statement) => {
        const sheets = sheetsOf(books, statement);
        const workbook = runMonthlyReconciliation(
          new Map([...sheets].map(([name, rows]) => [name, { name, rows }])),
          plan,
          DEFAULT_SETTINGS,
        );
        expect(essentials(streamed(sheets, false))).toEqual(essentials(workbook));
      }),
      { numRuns: 400 },
    );
  });

  it("gives the workbook path's result on rows of cells with descriptions and a contra column", () => {
    // descriptions differ between a split's rows: the first row's is the position's
    const description = fc.constantFrom("APPLE INC", "Apple Inc.", "", null, "  MICROSOFT ");
    const contra = fc.constantFrom("DTC", "FED", " dtc", "", null, 7);
    const described = fc.tuple(
      fc.constantFrom(...IDS),
      fc.constantFrom(...LOCATIONS),
      description,
      quantityCell,
    );
    const byContra = fc.tuple(fc.constantFrom(...IDS), contra, description, quantityCell);
    const statements = [{ sheet: "Statement", contra: null }];
    fc.assert(
      fc.property(withRepeats(described), withRepeats(byContra), (books, statement) => {
        const sheets = new Map<string, Row[]>([
          ["Books", [["CUSIP", "Location", "Description", "Quantity"], ...books]],
          ["Statement", [["CUSIP", "Contra", "Description", "Quantity"], ...statement]],
        ]);
        const snapshots = new Map([...sheets].map(([name, rows]) => [name, { name, rows }]));
        const workbook = runMonthlyReconciliation(
          snapshots,
          { ...plan, statements },
          DEFAULT_SETTINGS,
        );
        const fast = reconcileSheets(snapshots, { ...plan, statements }, DEFAULT_SETTINGS);
        expect(essentials(fast)).toEqual(essentials(workbook));
      }),
      { numRuns: 400 },
    );
  });

  it("gives the workbook path's result on the same rows as text (a CSV file)", () => {
    const asText = (rows: Row[]) =>
      rows.map((row) => row.map((c) => (c === null ? "" : String(c))));
    fc.assert(
      fc.property(withRepeats(booksRow), withRepeats(statementRow), (books, statement) => {
        const sheets = sheetsOf(asText(books), asText(statement));
        const workbook = runMonthlyReconciliation(
          new Map([...sheets].map(([name, rows]) => [name, { name, rows }])),
          plan,
          DEFAULT_SETTINGS,
        );
        // every cell of a CSV file is text, so "number stored as text" is no finding there
        const expected = essentials(workbook);
        if (expected.ok)
          expected.issues = expected.issues.filter((i) => !i.includes("number_is_stored_as_text"));
        expect(essentials(streamed(sheets, true))).toEqual(expected);
        // hashes of one bit: rows of a bucket mostly collide, and only their text decides
        expect(essentials(streamed(sheets, true, 1))).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it("gives the same outcome when the books or the statements are read by a stream of their own and merged", () => {
    const asText = (rows: Row[]) =>
      rows.map((row) => row.map((c) => (c === null ? "" : String(c))));
    fc.assert(
      fc.property(
        withRepeats(booksRow),
        withRepeats(statementRow),
        withRepeats(
          fc.tuple(fc.constantFrom(...IDS), fc.constantFrom("FED", "dtc", "DTC", ""), quantityCell),
        ),
        fc.boolean(),
        fc.constantFrom("books" as const, "statement" as const),
        (books, statement, second, text, merged) => {
          const sheets = sheetsOf(
            text ? asText(books) : books,
            text ? asText(statement) : statement,
          );
          sheets.set("Statement 2", [
            ["CUSIP", "Contra", "Quantity"],
            ...(text ? asText(second) : second),
          ]);
          expect(streamedMerged(sheets, text, merged)).toEqual(streamed(sheets, text));
        },
      ),
      { numRuns: 600 },
    );
  });

  it("gives reconcileSheets's outcome when prepared before the rows and fed in blocks of any size", () => {
    fc.assert(
      fc.property(
        // longer than the header search window (30 rows), so blocks come after the opening
        withRepeats(booksRow, 90, 20),
        withRepeats(statementRow, 90, 20),
        fc.constantFrom(0, 1, 3, 1000, 2_000_000),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom("all", "some", "none", "out of order"),
        (books, statement, hint, sizes, handed) => {
          const sheets = new Map(
            [...sheetsOf(books, statement)].map(([name, rows]) => [name, { name, rows }]),
          );
          const expected = reconcileSheets(sheets, plan, DEFAULT_SETTINGS);
          const reconcile = prepareReconciliation(plan, DEFAULT_SETTINGS, hint);
          const order = [...sheets.values()];
          if (handed === "out of order") order.reverse();
          for (const { name, rows } of handed === "none" ? [] : order) {
            // blocks of the drawn sizes, in turn; "some" leaves the rest of each sheet to finish
            let at = 0;
            for (let i = 0; at < rows.length && (handed !== "some" || i < 2); i++) {
              const size = sizes[i % sizes.length]!;
              reconcile.block(name, rows.slice(at, at + size), at + 1);
              at += size;
            }
            if (rows.length === 0) reconcile.block(name, [], 1);
          }
          expect(reconcile.finish(sheets)).toEqual(expected);
          expect(() => reconcile.finish(sheets)).toThrow(/runs once/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("orders breaks of one size by contra, then security, as the workbook path does", () => {
    // few sizes and several contras: most breaks tie on size, and the place decides
    const cusips = IDS.slice(0, 5);
    // and sizes near 2^53 millionths, a millionth apart (as text: exact), and past millionths
    const quantity = fc.constantFrom<CellValue>(
      100,
      200,
      250.5,
      "9007199254.740991",
      "9007199254.74099",
      "4503599627.370496",
      // one size written to 7 and to 8 places: the same size, though not in doubles
      "0.0000003",
      "0.00000030",
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom(...cusips), fc.constantFrom("DTC", "FED", "OCC"), quantity),
          {
            maxLength: 25,
          },
        ),
        fc.array(fc.tuple(fc.constantFrom(...cusips), quantity), { maxLength: 10 }),
        fc.array(fc.tuple(fc.constantFrom(...cusips), fc.constantFrom("FED", "OCC"), quantity), {
          maxLength: 15,
        }),
        (books, statement, second) => {
          const sheets = sheetsOf(books, statement);
          sheets.set("Statement 2", [["CUSIP", "Contra", "Quantity"], ...second]);
          const workbook = runMonthlyReconciliation(
            new Map([...sheets].map(([name, rows]) => [name, { name, rows }])),
            { ...plan, statements: [...plan.statements, { sheet: "Statement 2", contra: null }] },
            DEFAULT_SETTINGS,
          );
          const order = (outcome: ReconciliationOutcome) =>
            outcome.ok ? outcome.result.breaks.map((b) => `${b.contra} ${b.securityKey}`) : [];
          expect(order(streamed(sheets, false))).toEqual(order(workbook));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("labels a split written in the 2,100th way of writing a security, as the workbook path does", () => {
    // each ISIN is a way of writing its security: past 2047 of them a row's id outgrows an Int32
    const cusips = Array.from({ length: 2100 }, (_, i) => {
      const first8 = String(10_000_000 + i * 7);
      return first8 + String(cusipCheckDigit(first8));
    });
    const books: Row[] = cusips.map((cusip) => [isinFromCusip(cusip), "DTC", 100]);
    books.push([isinFromCusip(cusips.at(-1)!), "DTC", 5], [isinFromCusip(cusips[3]!), "DTC", 7]);
    const statement: Row[] = cusips.map((cusip) => [cusip, 100]);
    const sheets = sheetsOf(books, statement);
    const workbook = runMonthlyReconciliation(
      new Map([...sheets].map(([name, rows]) => [name, { name, rows }])),
      plan,
      DEFAULT_SETTINGS,
    );
    const outcome = essentials(streamed(sheets, false));
    expect(outcome).toEqual(essentials(workbook));
    expect(JSON.stringify(outcome)).toContain(`${isinFromCusip(cusips.at(-1)!)} at DTC`);
    expect(streamedMerged(sheets, false, "books")).toEqual(streamed(sheets, false));
  });

  it("runs a workbook of books and statements alone through the stream, to the same outcome", () => {
    fc.assert(
      fc.property(withRepeats(booksRow), withRepeats(statementRow), (books, statement) => {
        const sheets = new Map(
          [...sheetsOf(books, statement)].map(([name, rows]) => [name, { name, rows }]),
        );
        const workbook = runMonthlyReconciliation(sheets, plan, DEFAULT_SETTINGS);
        const fast = reconcileSheets(sheets, plan, DEFAULT_SETTINGS);
        // the stream counts matched positions without listing them; all else is the same
        const unlisted = (outcome: ReconciliationOutcome) =>
          outcome.ok ? { ...outcome, result: { ...outcome.result, matched: [] } } : outcome;
        expect(unlisted(fast)).toEqual(unlisted(workbook));
      }),
      { numRuns: 400 },
    );
  });
});
