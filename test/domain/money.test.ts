import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  abs,
  add,
  compare,
  parseDecimal,
  subtract,
  sum,
  toDecimalString,
  ZERO,
  type Decimal,
} from "../../src/domain/decimal";
import {
  moneyBreakId,
  parseMoneySheet,
  reconcileMoney,
  type MoneyRecord,
  type MoneyReconcileOutput,
} from "../../src/domain/money";
import { contraKey } from "../../src/domain/positions";
import type { Row, SheetSnapshot } from "../../src/domain/sheet";

const d = (text: string): Decimal => parseDecimal(text)!;
const sheet = (name: string, rows: Row[]): SheetSnapshot => ({ name, rows });
const books = (rows: Row[], defaultCurrency?: string) =>
  parseMoneySheet(sheet("GL Cash", rows), {
    role: "books",
    contra: null,
    ...(defaultCurrency === undefined ? {} : { defaultCurrency }),
  });
const statement = (name: string, rows: Row[], contra: string | null = null) =>
  parseMoneySheet(sheet(name, rows), { role: "statement", contra });

describe("parsing money balance sheets (bad input is data)", () => {
  it("reads GL balances below title rows, with the date from the titles", () => {
    const parsed = books([
      ["Broker-Dealer Inc. — GL cash balances"],
      ["As of 10/30/2026"],
      [],
      ["GL Account", "GL Account Name", "Bank", "Bank Account Number", "Currency", "Balance"],
      ["1010-100", "Operating cash", "JPM", "000123456", "usd", "1,250,000.00"],
      ["1010-200", "Reserve bank account", "JPM", "000999888", "USD", "(1,234.56)"],
      ["1020-000", "Clearing deposit", "NSCC", null, "USD", 5000000],
    ]);
    expect(parsed.header?.headerRow).toBe(4);
    expect(parsed.asOfFound).toEqual(["2026-10-30"]);
    expect(parsed.issues).toEqual([]);
    expect(
      parsed.records.map((r) => [
        r.account,
        r.glAccount,
        r.contra,
        r.currency,
        toDecimalString(r.balance),
        r.description,
        r.source.row,
      ]),
    ).toEqual([
      ["000123456", "1010-100", "JPM", "USD", "1250000", "Operating cash", 5],
      ["000999888", "1010-200", "JPM", "USD", "-1234.56", "Reserve bank account", 6],
      ["1020-000", "1020-000", "NSCC", "USD", "5000000", "Clearing deposit", 7],
    ]);
    expect(parsed.contras).toEqual(["JPM", "NSCC"]);
  });

  it("reports a missing balance column, naming where the account is", () => {
    const parsed = statement("JPM", [
      ["Account", "Description"],
      ["000123456", "Operating"],
    ]);
    expect(parsed.usable).toBe(false);
    expect(parsed.issues[0]).toMatchObject({
      code: "balance_column_is_required",
      severity: "error",
      where: { sheet: "JPM", row: 1 },
    });
    expect(parsed.issues[0]!.message).toContain('A "Account"');
  });

  it("reports a missing account column and an empty sheet", () => {
    expect(statement("JPM", [["Closing Balance"], [5]]).issues[0]?.code).toBe(
      "account_column_is_required",
    );
    expect(statement("JPM", []).issues[0]).toMatchObject({
      code: "sheet_must_have_rows",
      where: { sheet: "JPM" },
    });
  });

  it("needs a contra column on the books, and a contra on every books row", () => {
    const parsed = books([
      ["Account", "Balance"],
      ["1010", 5],
    ]);
    expect(parsed.usable).toBe(false);
    expect(parsed.issues[0]).toMatchObject({
      code: "contra_column_is_required",
      severity: "error",
      where: { row: 1 },
    });
    expect(parsed.issues[0]!.hint).toContain('"Contra"');
    const blank = books([
      ["Account", "Contra", "Balance", "Currency"],
      ["1010", "", 5, "USD"],
    ]);
    expect(blank.issues).toMatchObject([
      { code: "contra_is_required", severity: "error", where: { row: 2, column: "B" } },
    ]);
  });

  it("reports a balance that is not a number and a currency that is not a code", () => {
    const parsed = statement("JPM", [
      ["Account", "Currency", "Closing Ledger Balance"],
      ["111", "USD", "about 100"],
      ["222", "US Dollars", 100],
      ["333", "eur", "1,000.50-"],
      ["444", "USD", null],
    ]);
    expect(parsed.issues.map((i) => [i.code, i.where.row, i.where.column])).toEqual([
      ["balance_must_be_a_number", 2, "C"],
      ["currency_must_be_a_three_letter_code", 3, "B"],
      ["balance_is_required", 5, "C"],
    ]);
    expect(parsed.records.map((r) => [r.account, r.currency, toDecimalString(r.balance)])).toEqual([
      ["333", "EUR", "-1000.5"],
    ]);
    // Rows whose key is known but whose balance is not: the break will say it is incomplete.
    expect(parsed.unreadable.map((u) => [u.account, u.contra, u.source.row])).toEqual([
      ["111", "JPM", 2],
      ["444", "JPM", 5],
    ]);
    expect(parsed.issues.every((i) => i.hint.length > 0 && i.where.sheet === "JPM")).toBe(true);
  });

  it("assumes the default currency once per sheet when there is no currency column", () => {
    const parsed = statement("JPM", [
      ["Account", "Balance"],
      ["111", 1],
      ["222", 2],
    ]);
    expect(parsed.records.map((r) => r.currency)).toEqual(["USD", "USD"]);
    expect(parsed.issues).toMatchObject([
      { code: "currency_is_assumed", severity: "info", where: { sheet: "JPM", row: 1 } },
    ]);
    expect(parsed.issues[0]!.message).toContain("USD");
    const euro = books(
      [
        ["Account", "Custodian", "Balance"],
        ["1010", "Euroclear", 1],
      ],
      "eur",
    );
    expect(euro.records[0]!.currency).toBe("EUR");
    expect(euro.issues.map((i) => i.code)).toEqual(["currency_is_assumed"]);
  });

  it("lists the rows whose currency cell is blank, once", () => {
    const parsed = statement("JPM", [
      ["Account", "Ccy", "Balance"],
      ["111", "", 1],
      ["222", "EUR", 2],
      ["333", null, 3],
    ]);
    expect(parsed.records.map((r) => r.currency)).toEqual(["USD", "EUR", "USD"]);
    expect(parsed.issues).toMatchObject([
      { code: "currency_is_assumed", severity: "info", where: { row: 2, column: "B" } },
    ]);
    expect(parsed.issues[0]!.message).toContain("rows 2, 4");
  });

  it("takes the statement's contra from the user's choice, a contra column, or the sheet name", () => {
    const rows: Row[] = [
      ["Statement Account", "Custodian", "Ledger Balance"],
      ["987654", "BNYM", 10],
    ];
    expect(statement("BNY Mellon Cash", rows).records[0]!.contra).toBe("BNYM");
    expect(statement("BNY Mellon Cash", rows, "BONY").records[0]!.contra).toBe("BONY");
    const named = statement("JPM", [
      ["Account", "Balance"],
      ["111", 1],
    ]);
    expect(named.records[0]!.contra).toBe("JPM");
    expect(named.contras).toEqual(["JPM"]);
    // On a statement "Statement Account" is the account itself.
    expect(statement("BNYM", rows).records[0]!.account).toBe("987654");
  });

  it("treats total rows as totals, not accounts", () => {
    const parsed = statement("JPM", [
      ["Account", "Balance"],
      ["111", 1],
      ["Total", 1],
      [null, 1, "Grand total"],
    ]);
    expect(parsed.records).toHaveLength(1);
    expect(parsed.issues.filter((i) => i.code === "total_row_is_not_a_balance")).toMatchObject([
      { severity: "info", where: { row: 3 } },
      { severity: "info", where: { row: 4 } },
    ]);
  });

  it("flags account numbers stored as numbers, and rejects ones Excel has damaged", () => {
    const parsed = statement("JPM", [
      ["Account", "Currency", "Balance"],
      [123456, "USD", 1],
      [1.23456789012e21, "USD", 1],
    ]);
    expect(parsed.records.map((r) => r.account)).toEqual(["123456"]);
    expect(parsed.issues.map((i) => [i.code, i.severity, i.where.row])).toEqual([
      ["account_damaged_by_excel", "error", 3],
      ["account_is_stored_as_a_number", "info", 2],
    ]);
  });

  it("accounts for every non-blank data row: a record or an issue", () => {
    const parsed = books([
      ["Account", "Contra", "Currency", "Balance"],
      ["1010", "JPM", "USD", 1],
      [],
      ["1020", "JPM", "DOLLARS", 1],
      ["1030", "JPM", "USD", "x"],
      [null, "JPM", "USD", 5],
      ["1040", null, "USD", 5],
    ]);
    const issueRows = new Set(parsed.issues.map((i) => i.where.row));
    const recordRows = new Set(parsed.records.map((r) => r.source.row));
    expect(parsed.dataRowCount).toBe(5);
    expect([...recordRows, ...issueRows].sort()).toEqual([2, 4, 5, 6, 7]);
    expect(parsed.issues.find((i) => i.where.row === 6)?.code).toBe("account_is_required");
  });

  it("warns about a statement with no rows but still covers its contra", () => {
    const parsed = statement("JPM", [["Account", "Balance"]]);
    expect(parsed.usable).toBe(true);
    expect(parsed.contras).toEqual(["JPM"]);
    expect(parsed.issues).toMatchObject([
      { code: "statement_has_no_balances", severity: "warning", where: { row: 2 } },
    ]);
  });
});

// ---- reconciliation -----------------------------------------------------------------------

function record(
  account: string,
  contra: string,
  balance: string,
  sheet: string,
  row: number,
  options: { currency?: string; glAccount?: string } = {},
): MoneyRecord {
  return {
    account,
    glAccount: options.glAccount ?? (sheet === "Books" ? account : ""),
    currency: options.currency ?? "USD",
    contra,
    balance: d(balance),
    asOf: null,
    description: "",
    source: { sheet, row },
  };
}

const view = (out: MoneyReconcileOutput) =>
  out.breaks.map((b) => [b.id, toDecimalString(b.difference), b.direction, b.kind]);

describe("money reconciliation (FINRA 4522(b)(1))", () => {
  it("says Long when the statement shows more and Short when it shows less", () => {
    const out = reconcileMoney({
      books: [record("111", "JPM", "100.00", "Books", 2), record("222", "JPM", "50", "Books", 3)],
      statements: [
        record("111", "JPM", "100.25", "JPM", 2),
        record("222", "JPM", "49.10", "JPM", 3),
      ],
      statementContras: ["JPM"],
    });
    expect(view(out)).toEqual([
      ["222@JPM/USD", "-0.9", "short", "balance_difference"],
      ["111@JPM/USD", "0.25", "long", "balance_difference"],
    ]);
    expect(out.issues).toEqual([]);
  });

  it("reports one-sided balances as books only (Short) or statement only (Long)", () => {
    const out = reconcileMoney({
      books: [record("111", "JPM", "300", "Books", 2)],
      statements: [record("999", "jpm ", "20", "JPM", 2)],
      statementContras: [],
    });
    expect(view(out)).toEqual([
      ["111@JPM/USD", "-300", "short", "books_only"],
      ["999@JPM/USD", "20", "long", "statement_only"],
    ]);
    expect(out.breaks[0]!.contra).toBe("jpm");
  });

  it("rolls several GL accounts up to the one statement account they share", () => {
    const parsed = books([
      ["GL Account", "Statement Account", "Bank", "Currency", "Balance"],
      ["1010-100", "000123456", "JPM", "USD", 700],
      ["1010-150", "000123456", "JPM", "USD", 300.5],
      ["1010-900", "", "JPM", "USD", 1],
    ]);
    const out = reconcileMoney({
      books: parsed.records,
      statements: [
        record("000123456", "JPM", "1000", "JPM", 4),
        record("1010-900", "JPM", "1", "JPM", 5),
      ],
      statementContras: ["JPM"],
    });
    expect(view(out)).toEqual([["000123456@JPM/USD", "-0.5", "short", "balance_difference"]]);
    expect(out.breaks[0]!.glAccounts).toEqual(["1010-100", "1010-150"]);
    expect(out.breaks[0]!.booksRows.map((r) => r.row)).toEqual([2, 3]);
    expect(out.matched.map((m) => [m.id, m.withinTolerance])).toEqual([
      ["1010-900@JPM/USD", false],
    ]);
  });

  it("compares accounts after trimming and upper-casing only (dashes and spaces count)", () => {
    const out = reconcileMoney({
      books: [record(" ab-12 ", "JPM", "5", "Books", 2), record("CD12", "JPM", "5", "Books", 3)],
      statements: [record("AB-12", "JPM", "5", "JPM", 2), record("CD-12", "JPM", "5", "JPM", 3)],
      statementContras: ["JPM"],
    });
    expect(out.matched.map((m) => m.id)).toEqual(["AB-12@JPM/USD"]);
    expect(view(out)).toEqual([
      ["CD-12@JPM/USD", "5", "long", "statement_only"],
      ["CD12@JPM/USD", "-5", "short", "books_only"],
    ]);
  });

  it("matches within the tolerance but keeps the difference, and breaks beyond it", () => {
    const out = reconcileMoney({
      books: [record("111", "JPM", "100", "Books", 2), record("222", "JPM", "100", "Books", 3)],
      statements: [
        record("111", "JPM", "100.005", "JPM", 2),
        record("222", "JPM", "99.98", "JPM", 3),
      ],
      statementContras: ["JPM"],
      tolerance: d("0.01"),
    });
    expect(view(out)).toEqual([["222@JPM/USD", "-0.02", "short", "balance_difference"]]);
    expect(out.matched).toMatchObject([{ id: "111@JPM/USD", withinTolerance: true }]);
    expect(toDecimalString(out.matched[0]!.difference)).toBe("0.005");
    const summary = out.contras[0]!;
    expect(
      [summary.differenceTotal, summary.toleratedDifferenceTotal].map(toDecimalString),
    ).toEqual(["-0.015", "0.005"]);
    expect(summary).toMatchObject({ withinToleranceCount: 1, conserved: true });
    const strict = reconcileMoney({
      books: [record("111", "JPM", "100", "Books", 2)],
      statements: [record("111", "JPM", "100.005", "JPM", 2)],
      statementContras: ["JPM"],
    });
    expect(view(strict)).toEqual([["111@JPM/USD", "0.005", "long", "balance_difference"]]);
  });

  it("keeps each currency of an account as its own key and its own summary", () => {
    const out = reconcileMoney({
      books: [
        record("111", "BNYM", "100", "Books", 2),
        record("111", "BNYM", "80", "Books", 3, { currency: "EUR" }),
      ],
      statements: [record("111", "BNYM", "100", "BNYM", 2)],
      statementContras: ["BNYM"],
    });
    expect(view(out)).toEqual([["111@BNYM/EUR", "-80", "short", "books_only"]]);
    expect(out.matched.map((m) => m.id)).toEqual(["111@BNYM/USD"]);
    expect(
      out.contras.map((c) => [
        c.contra,
        c.currency,
        toDecimalString(c.booksTotal),
        toDecimalString(c.differenceTotal),
        toDecimalString(c.statementTotal),
        c.conserved,
      ]),
    ).toEqual([
      ["BNYM", "EUR", "80", "-80", "0", true],
      ["BNYM", "USD", "100", "0", "100", true],
    ]);
  });

  it("warns once per contra about books balances no money statement covers", () => {
    const out = reconcileMoney({
      books: [
        record("111", "JPM", "1", "Books", 2),
        record("222", "Citi", "1", "Books", 3),
        record("333", "CITI", "1", "Books", 4),
      ],
      statements: [record("111", "JPM", "1", "JPM", 2)],
      statementContras: ["JPM"],
    });
    expect(out.unreconciledBooks.map((r) => r.source.row)).toEqual([3, 4]);
    expect(out.issues).toMatchObject([
      {
        code: "contra_has_no_money_statement",
        severity: "warning",
        where: { sheet: "Books", row: 3 },
      },
    ]);
    expect(out.issues[0]!.message).toContain("rows 3, 4");
  });

  it("marks a break incomplete when a row of its key had an unreadable balance", () => {
    const out = reconcileMoney({
      books: [record("111", "JPM", "10", "Books", 2)],
      statements: [],
      statementContras: ["JPM"],
      unreadable: [
        { account: "111 ", contra: "jpm", currency: "usd", source: { sheet: "JPM", row: 4 } },
      ],
    });
    expect(out.breaks[0]).toMatchObject({ kind: "books_only", unreadableRows: [{ row: 4 }] });
  });

  it("refuses a negative tolerance (a programmer error, not bad input)", () => {
    expect(() =>
      reconcileMoney({ books: [], statements: [], statementContras: [], tolerance: d("-1") }),
    ).toThrow(RangeError);
  });
});

// ---- properties ---------------------------------------------------------------------------

const ACCOUNTS = ["000123", "000123 ", "ab-1", "AB-1", "AB1", "7"];
const CONTRAS = ["JPM", "BNYM", "jpm", "Citi"];
const CURRENCIES = ["USD", "EUR"];
const TOLERANCES = ["0", "0.01", "1"];

const amountArb = fc
  .tuple(fc.integer({ min: -500_000, max: 1_000_000 }), fc.integer({ min: 0, max: 3 }))
  .map(([units, scale]) => toDecimalString({ units: BigInt(units), scale }));

const sideArb = (sheet: string) =>
  fc
    .array(
      fc.tuple(
        fc.constantFrom(...ACCOUNTS),
        fc.constantFrom(...CONTRAS),
        fc.constantFrom(...CURRENCIES),
        amountArb,
      ),
      { maxLength: 40 },
    )
    .map((rows) =>
      rows.map(([account, contra, currency, balance], index) =>
        record(account, contra, balance, sheet, index + 2, { currency }),
      ),
    );

const inputArb = fc.record({
  books: sideArb("Books"),
  statements: sideArb("Statement"),
  extraContras: fc.subarray(CONTRAS),
  tolerance: fc.constantFrom(...TOLERANCES).map(d),
});

/** The obvious, quadratic matcher: for each key, sum each side by scanning everything. */
function bruteForce(
  books: MoneyRecord[],
  statements: MoneyRecord[],
  covered: Set<string>,
  tolerance: Decimal,
) {
  const keyOf = (r: MoneyRecord) =>
    `${r.account.trim().toUpperCase()}@${contraKey(r.contra)}/${r.currency}`;
  const keys = new Set(
    [...books, ...statements].filter((r) => covered.has(contraKey(r.contra))).map(keyOf),
  );
  const breaks = new Map<string, string>();
  const tolerated = new Map<string, string>();
  for (const key of keys) {
    const total = (records: MoneyRecord[]) =>
      records.filter((r) => keyOf(r) === key).reduce((acc, r) => add(acc, r.balance), ZERO);
    const difference = subtract(total(statements), total(books));
    if (compare(abs(difference), tolerance) > 0) breaks.set(key, toDecimalString(difference));
    else if (difference.units !== 0n) tolerated.set(key, toDecimalString(difference));
  }
  return { breaks, tolerated };
}

describe("money reconciliation properties", () => {
  it("conserves money: books + differences = statement, per contra and currency", () => {
    fc.assert(
      fc.property(inputArb, ({ books, statements, extraContras, tolerance }) => {
        const out = reconcileMoney({
          books,
          statements,
          statementContras: extraContras,
          tolerance,
        });
        for (const summary of out.contras) {
          expect(summary.conserved).toBe(true);
          expect(
            compare(add(summary.booksTotal, summary.differenceTotal), summary.statementTotal),
          ).toBe(0);
        }
        for (const currency of CURRENCIES) {
          const inCurrency = <T extends { currency: string }>(items: readonly T[]) =>
            items.filter((item) => item.currency === currency);
          const reconciledBooks = inCurrency(books).filter(
            (r) => !out.unreconciledBooks.includes(r),
          );
          const differences = [...inCurrency(out.breaks), ...inCurrency(out.matched)].map(
            (x) => x.difference,
          );
          expect(
            toDecimalString(add(sum(reconciledBooks.map((r) => r.balance)), sum(differences))),
          ).toBe(toDecimalString(sum(inCurrency(statements).map((r) => r.balance))));
        }
        expect(out.issues.some((i) => i.code === "money_must_be_conserved")).toBe(false);
      }),
    );
  });

  it("accounts for every input row exactly once: matched, a break, or reported", () => {
    fc.assert(
      fc.property(inputArb, ({ books, statements, extraContras, tolerance }) => {
        const out = reconcileMoney({
          books,
          statements,
          statementContras: extraContras,
          tolerance,
        });
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
      fc.property(
        inputArb,
        fc.integer(),
        ({ books, statements, extraContras, tolerance }, seed) => {
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
          const summary = (out: MoneyReconcileOutput) =>
            out.contras.map((c) => [c.currency, toDecimalString(c.differenceTotal), c.breakCount]);
          const a = reconcileMoney({
            books,
            statements,
            statementContras: extraContras,
            tolerance,
          });
          const b = reconcileMoney({
            books: shuffle(books),
            statements: shuffle(statements),
            statementContras: shuffle(extraContras),
            tolerance,
          });
          expect(view(b)).toEqual(view(a));
          expect(b.matched.map((m) => [m.id, toDecimalString(m.difference)])).toEqual(
            a.matched.map((m) => [m.id, toDecimalString(m.difference)]),
          );
          expect(summary(b)).toEqual(summary(a));
        },
      ),
    );
  });

  it("agrees with a brute-force matcher on random inputs", () => {
    fc.assert(
      fc.property(inputArb, ({ books, statements, extraContras, tolerance }) => {
        const covered = new Set(
          [...extraContras, ...statements.map((r) => r.contra)].map(contraKey),
        );
        const expected = bruteForce(books, statements, covered, tolerance);
        const out = reconcileMoney({
          books,
          statements,
          statementContras: extraContras,
          tolerance,
        });
        expect(new Map(out.breaks.map((b) => [b.id, toDecimalString(b.difference)]))).toEqual(
          expected.breaks,
        );
        const tolerated = out.matched.filter((m) => m.withinTolerance);
        expect(new Map(tolerated.map((m) => [m.id, toDecimalString(m.difference)]))).toEqual(
          expected.tolerated,
        );
        for (const b of out.breaks) {
          expect(b.direction).toBe(b.difference.units < 0n ? "short" : "long");
          expect(b.id).toBe(moneyBreakId(b.account, b.contra, b.currency));
        }
      }),
    );
  });
});
