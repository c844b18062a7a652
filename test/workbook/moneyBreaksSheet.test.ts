import { describe, expect, it } from "vitest";
import { parseDecimal, type Decimal } from "../../src/domain/decimal";
import { excelSerialFromIsoDate, parseIsoDate } from "../../src/domain/isoDate";
import { reconcileMoney, type MoneyRecord } from "../../src/domain/money";
import {
  firstSeenOn,
  MONEY_BREAKS_SHEET,
  MONEY_BREAKS_TABLE,
  moneyBreaksTable,
  readFirstSeen,
} from "../../src/workbook/moneyBreaksSheet";

const d = (text: string): Decimal => parseDecimal(text)!;
const asOf = parseIsoDate("2026-10-30")!;

function record(
  account: string,
  balance: string,
  sheet: string,
  row: number,
  extra: Partial<MoneyRecord> = {},
): MoneyRecord {
  return {
    account,
    glAccount: sheet === "GL Cash" ? account : "",
    currency: "USD",
    contra: "JPM",
    balance: d(balance),
    asOf: null,
    description: "",
    source: { sheet, row },
    ...extra,
  };
}

describe("the Money Breaks sheet", () => {
  const { breaks } = reconcileMoney({
    books: [
      record("000123456", "1000", "GL Cash", 2, {
        glAccount: "1010-100",
        description: "Operating cash",
      }),
      record("000123456", "250.5", "GL Cash", 3, { glAccount: "1010-150" }),
      record("000777", "40", "GL Cash", 4),
    ],
    statements: [record("000123456", "1200", "JPM", 7), record("=SUM(A1)", "3", "JPM", 8)],
    statementContras: ["JPM"],
  });
  const table = moneyBreaksTable({ asOf, breaks });

  it("has the fixed sheet, table and column names, with ids and accounts as text", () => {
    expect(table.sheetName).toBe(MONEY_BREAKS_SHEET);
    expect(table.tableName).toBe(MONEY_BREAKS_TABLE);
    expect(table.sheetName).toBe("Money Breaks");
    expect(table.tableName).toBe("StockRecMoneyBreaks");
    expect(table.columns.map((c) => c.header)).toEqual([
      "Break ID",
      "Contra",
      "Account",
      "GL Accounts",
      "Currency",
      "Description",
      "Books Balance",
      "Statement Balance",
      "Difference",
      "Long/Short",
      "Kind",
      "As Of",
      "First Seen",
      "Books Rows",
      "Statement Rows",
      "Unreadable Rows",
    ]);
    const format = (header: string) => table.columns.find((c) => c.header === header)!.format;
    for (const header of ["Break ID", "Account", "GL Accounts", "Currency"])
      expect(format(header)).toEqual({ kind: "text" });
    expect(format("Difference")).toEqual({ kind: "quantity", decimals: 2 });
    expect(format("As Of")).toEqual({ kind: "date" });
  });

  it("writes one row per break, largest first, the difference unsigned beside Long/Short", () => {
    expect(table.rows).toEqual([
      [
        "000123456@JPM/USD",
        "JPM",
        "000123456",
        "1010-100, 1010-150",
        "USD",
        "Operating cash",
        1250.5,
        1200,
        50.5,
        "Short",
        "Balance difference",
        excelSerialFromIsoDate(asOf),
        excelSerialFromIsoDate(asOf),
        "GL Cash!2, 3",
        "JPM!7",
        "",
      ],
      [
        "000777@JPM/USD",
        "JPM",
        "000777",
        "000777",
        "USD",
        "",
        40,
        0,
        40,
        "Short",
        "Books only",
        excelSerialFromIsoDate(asOf),
        excelSerialFromIsoDate(asOf),
        "GL Cash!4",
        "",
        "",
      ],
      [
        "=SUM(A1)@JPM/USD",
        "JPM",
        "=SUM(A1)",
        "",
        "USD",
        "",
        0,
        3,
        3,
        "Long",
        "Statement only",
        excelSerialFromIsoDate(asOf),
        excelSerialFromIsoDate(asOf),
        "",
        "JPM!8",
        "",
      ],
    ]);
  });

  it("shows more decimals when an amount needs them, and text when a double cannot hold it", () => {
    const { breaks: fine } = reconcileMoney({
      books: [
        record("1", "0.125", "GL Cash", 2),
        record("2", "12345678901234567.89", "GL Cash", 3),
      ],
      statements: [],
      statementContras: ["JPM"],
    });
    const out = moneyBreaksTable({ asOf, breaks: fine });
    expect(out.columns.find((c) => c.header === "Books Balance")!.format).toEqual({
      kind: "quantity",
      decimals: 3,
    });
    expect(out.rows.map((row) => row[6])).toEqual(["12345678901234567.89", 0.125]);
  });

  it("writes an empty table when there are no breaks", () => {
    const empty = moneyBreaksTable({ asOf, breaks: [] });
    expect(empty.rows).toEqual([]);
    expect(empty.columns).toHaveLength(16);
  });
});

describe("when each money break was first seen", () => {
  const { breaks } = reconcileMoney({
    books: [record("000123456", "1000", "GL Cash", 2), record("000777", "40", "GL Cash", 3)],
    statements: [record("000123456", "1200", "JPM", 7)],
    statementContras: ["JPM"],
  });
  const serial = (text: string) => excelSerialFromIsoDate(parseIsoDate(text)!);

  it("reads the First Seen column, else the As Of of a sheet written before it existed", () => {
    const withColumn = [
      ["Break ID", "As Of", "First Seen"],
      ["000123456@JPM/USD", serial("2026-10-30"), serial("2026-09-30")],
      ["", serial("2026-10-30"), serial("2026-09-30")],
      ["000999@JPM/USD", serial("2026-10-30"), "not a date"],
    ];
    expect([...readFirstSeen(withColumn)]).toEqual([["000123456@JPM/USD", "2026-09-30"]]);
    const older = [
      ["Break ID", "As Of"],
      ["000777@JPM/USD", "2026-09-30"],
    ];
    expect([...readFirstSeen(older)]).toEqual([["000777@JPM/USD", "2026-09-30"]]);
    expect(readFirstSeen([["Something else"]]).size).toBe(0);
    expect(readFirstSeen([]).size).toBe(0);
  });

  it("carries an earlier date, never a later one, and starts a new break on the run's date", () => {
    const history = new Map([
      ["000123456@JPM/USD", parseIsoDate("2026-09-30")!],
      ["000777@JPM/USD", parseIsoDate("2026-11-30")!],
      ["GONE@JPM/USD", parseIsoDate("2026-08-31")!],
    ]);
    const seen = firstSeenOn(breaks, asOf, history);
    expect([...seen].sort()).toEqual([
      ["000123456@JPM/USD", "2026-09-30"],
      ["000777@JPM/USD", "2026-10-30"],
    ]);
    const table = moneyBreaksTable({ asOf, breaks, firstSeen: seen });
    const column = table.columns.findIndex((c) => c.header === "First Seen");
    expect(table.rows.map((row) => [row[0], row[column]])).toEqual([
      ["000123456@JPM/USD", serial("2026-09-30")],
      ["000777@JPM/USD", serial("2026-10-30")],
    ]);
  });
});
