import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add,
  compare,
  parseDecimal,
  subtract,
  sum,
  toDecimalString,
  ZERO,
  type Decimal,
} from "../../src/domain/decimal";
import { cusipCheckDigit } from "../../src/domain/identifiers";
import { contraKey, type PositionRecord } from "../../src/domain/positions";
import { reconcile } from "../../src/domain/reconcile";

const d = (text: string): Decimal => parseDecimal(text)!;

function record(
  securityKey: string,
  contra: string,
  quantity: string,
  sheet: string,
  row: number,
  location = "",
): PositionRecord {
  return {
    securityKey,
    securityId: securityKey,
    idKind: "cusip",
    description: "",
    contra,
    location,
    quantity: d(quantity),
    asOf: null,
    source: { sheet, row },
  };
}

describe("reconciliation (FINRA 4522(b)(1))", () => {
  const books = [
    record("037833100", "DTC", "1000", "Books", 2, "DTC-FREE"),
    record("037833100", "DTC", "200", "Books", 3, "DTC-SEG"),
    record("594918104", "DTC", "500", "Books", 4, "DTC-FREE"),
    record("38259P508", "DTC", "75", "Books", 5, "DTC-FREE"),
    record("594918104", "OCC", "100", "Books", 6, "OCC"),
    record("459200101", "VAULT", "10", "Books", 7, "VAULT"),
  ];
  const statements = [
    record("037833100", "DTC", "1000", "DTC", 5),
    record("037833100", "DTC", "150", "DTC", 6),
    record("594918104", "DTC", "500", "DTC", 7),
    record("023135106", "DTC", "40", "DTC", 8),
    record("594918104", "OCC", "100.5", "OCC", 2),
  ];
  const output = reconcile({ books, statements, statementContras: ["DTC", "OCC"] });

  it("aggregates split rows before comparing and says Long or Short", () => {
    const view = output.breaks.map((b) => [
      b.securityKey,
      b.contra,
      toDecimalString(b.difference),
      b.direction,
      b.kind,
    ]);
    expect(view).toEqual([
      ["38259P508", "DTC", "-75", "short", "books_only"],
      ["037833100", "DTC", "-50", "short", "quantity_difference"],
      ["023135106", "DTC", "40", "long", "statement_only"],
      ["594918104", "OCC", "0.5", "long", "quantity_difference"],
    ]);
    expect(output.breaks[1]!.booksRows).toEqual([
      { sheet: "Books", row: 2 },
      { sheet: "Books", row: 3 },
    ]);
    expect(output.breaks[1]!.locations).toEqual(["DTC-FREE", "DTC-SEG"]);
    expect(output.matched.map((m) => m.id)).toEqual(["594918104@DTC"]);
  });

  it("reports books positions at a contra no statement covers, instead of dropping them", () => {
    expect(output.unreconciledBooks.map((r) => r.source.row)).toEqual([7]);
    expect(output.issues).toMatchObject([
      { code: "contra_has_no_statement", severity: "warning", where: { sheet: "Books", row: 7 } },
    ]);
  });

  it("checks the identity books + differences = statement per contra", () => {
    expect(
      output.contras.map((c) => [
        c.contra,
        toDecimalString(c.booksTotal),
        toDecimalString(c.differenceTotal),
        toDecimalString(c.statementTotal),
        c.conserved,
      ]),
    ).toEqual([
      ["DTC", "1775", "-85", "1690", true],
      ["OCC", "100", "0.5", "100.5", true],
    ]);
  });

  it("marks a break incomplete when a row of its key had an unreadable quantity", () => {
    const out = reconcile({
      books,
      statements: statements.filter((r) => r.securityKey !== "594918104"),
      statementContras: ["DTC", "OCC"],
      unreadable: [{ securityKey: "594918104", contra: "dtc", source: { sheet: "DTC", row: 7 } }],
    });
    const msft = out.breaks.find((b) => b.id === "594918104@DTC")!;
    expect(msft.kind).toBe("books_only");
    expect(msft.unreadableRows).toEqual([{ sheet: "DTC", row: 7 }]);
    expect(out.breaks.find((b) => b.id === "037833100@DTC")!.unreadableRows).toEqual([]);
  });

  it("treats an empty statement as covering its contra: every books position there is short", () => {
    const empty = reconcile({ books, statements: [], statementContras: ["occ"] });
    expect(empty.breaks.map((b) => [b.id, b.direction, b.kind])).toEqual([
      ["594918104@OCC", "short", "books_only"],
    ]);
  });
});

// ---- properties ---------------------------------------------------------------------------

const SECURITIES = ["03783310", "59491810", "38259P50", "02313510", "45920010"].map(
  (body) => body + String(cusipCheckDigit(body)),
);
const CONTRAS = ["DTC", "OCC", "BNYM", "dtc"];

const quantityArb = fc
  .tuple(fc.integer({ min: -5000, max: 100000 }), fc.integer({ min: 0, max: 4 }))
  .map(([units, scale]) => toDecimalString({ units: BigInt(units), scale }));

const sideArb = (sheet: string) =>
  fc
    .array(fc.tuple(fc.constantFrom(...SECURITIES), fc.constantFrom(...CONTRAS), quantityArb), {
      maxLength: 40,
    })
    .map((rows) =>
      rows.map(([security, contra, quantity], index) =>
        record(security, contra, quantity, sheet, index + 2),
      ),
    );

const inputArb = fc.record({
  books: sideArb("Books"),
  statements: sideArb("Statement"),
  extraContras: fc.subarray(CONTRAS),
});

/** The obvious, quadratic matcher: for each key, sum each side by scanning everything. */
function bruteForce(books: PositionRecord[], statements: PositionRecord[], covered: Set<string>) {
  const keys = new Set<string>();
  for (const r of [...books, ...statements])
    if (covered.has(contraKey(r.contra))) keys.add(`${r.securityKey}@${contraKey(r.contra)}`);
  const differences = new Map<string, string>();
  for (const key of keys) {
    const total = (records: PositionRecord[]) =>
      records
        .filter((r) => `${r.securityKey}@${contraKey(r.contra)}` === key)
        .reduce((acc, r) => add(acc, r.quantity), ZERO);
    const difference = subtract(total(statements), total(books));
    if (difference.units !== 0n) differences.set(key, toDecimalString(difference));
  }
  return differences;
}

describe("reconciliation properties", () => {
  it("conserves quantity: books + differences = statement, per contra and overall", () => {
    fc.assert(
      fc.property(inputArb, ({ books, statements, extraContras }) => {
        const out = reconcile({ books, statements, statementContras: extraContras });
        for (const summary of out.contras) {
          expect(summary.conserved).toBe(true);
          expect(
            compare(add(summary.booksTotal, summary.differenceTotal), summary.statementTotal),
          ).toBe(0);
        }
        const reconciledBooks = sum(
          books.filter((r) => !out.unreconciledBooks.includes(r)).map((r) => r.quantity),
        );
        const overall = add(reconciledBooks, sum(out.breaks.map((b) => b.difference)));
        expect(toDecimalString(overall)).toBe(
          toDecimalString(sum(statements.map((r) => r.quantity))),
        );
        expect(out.issues.some((i) => i.code === "quantity_must_be_conserved")).toBe(false);
      }),
    );
  });

  it("accounts for every input row exactly once: matched, a break, or reported", () => {
    fc.assert(
      fc.property(inputArb, ({ books, statements, extraContras }) => {
        const out = reconcile({ books, statements, statementContras: extraContras });
        const seen = [
          ...out.breaks.flatMap((b) => [...b.booksRows, ...b.statementRows]),
          ...out.matched.flatMap((m) => [...m.booksRows, ...m.statementRows]),
          ...out.unreconciledBooks.map((r) => r.source),
        ].map((ref) => `${ref.sheet}:${ref.row}`);
        expect(seen.sort()).toEqual(
          [...books, ...statements].map((r) => `${r.source.sheet}:${r.source.row}`).sort(),
        );
      }),
    );
  });

  it("gives the same result whatever the row order", () => {
    fc.assert(
      fc.property(inputArb, fc.integer(), ({ books, statements, extraContras }, seed) => {
        const shuffle = <T>(items: T[]): T[] => {
          const copy = [...items];
          let state = seed >>> 0;
          for (let i = copy.length - 1; i > 0; i--) {
            state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
            const j = state % (i + 1);
            [copy[i], copy[j]] = [copy[j]!, copy[i]!];
          }
          return copy;
        };
        const view = (out: ReturnType<typeof reconcile>) =>
          out.breaks.map((b) => [b.id, toDecimalString(b.difference), b.kind, b.direction]);
        const a = reconcile({ books, statements, statementContras: extraContras });
        const b = reconcile({
          books: shuffle(books),
          statements: shuffle(statements),
          statementContras: shuffle(extraContras),
        });
        expect(view(b)).toEqual(view(a));
        expect(b.matched.map((m) => m.id).sort()).toEqual(a.matched.map((m) => m.id).sort());
      }),
    );
  });

  it("agrees with a brute-force matcher on random inputs", () => {
    fc.assert(
      fc.property(inputArb, ({ books, statements, extraContras }) => {
        const covered = new Set(
          [...extraContras, ...statements.map((r) => r.contra)].map(contraKey),
        );
        const expected = bruteForce(books, statements, covered);
        const out = reconcile({ books, statements, statementContras: extraContras });
        const actual = new Map(out.breaks.map((b) => [b.id, toDecimalString(b.difference)]));
        expect(actual).toEqual(expected);
        for (const b of out.breaks)
          expect(b.direction).toBe(b.difference.units < 0n ? "short" : "long");
      }),
    );
  });
});
