/**
 * The Close Summary's aging blocks and their chart specs, and its Sign-offs section: each chart
 * plots exactly the adjacent rows of its block, in the column that holds the counts or the money,
 * and every host's check (assertChartsFit) accepts what the layout builds.
 */
import { describe, expect, it } from "vitest";
import { parseTimestamp } from "../../src/domain/auditLog";
import { addBusinessDays, businessDaysBetween } from "../../src/domain/calendars";
import { parseDecimal } from "../../src/domain/decimal";
import type { BusinessCalendar } from "../../src/domain/differenceLedger";
import { addDays, parseIsoDate, type IsoDate } from "../../src/domain/isoDate";
import { parsePeriod, type SignoffCheck } from "../../src/domain/signoff";
import { ageSuspense, type SuspenseItem } from "../../src/domain/suspense";
import {
  closeSummaryTable,
  deductionBands,
  type CloseSummaryInput,
} from "../../src/workbook/closeSummarySheet";
import { MemoryWorkbook } from "../../src/workbook/memoryWorkbook";
import { closeMonth, type CloseResult } from "../../src/workbook/monthEndClose";
import {
  assertChartsFit,
  type ChartSpec,
  type Row,
  type TableOutput,
} from "../../src/workbook/port";

const date = (text: string): IsoDate => parseIsoDate(text)!;
const AS_OF = date("2026-10-30");
const NYSE: BusinessCalendar = {
  addBusinessDays: (from, days) => addBusinessDays("nyse", from, days),
  businessDaysBetween: (from, to) => businessDaysBetween("nyse", from, to),
};

/** APPLE 100 short at DTC, posted, aged to Thu 12 Nov: 9 business days, 25 % of 15,000.00. */
async function closeWithOneShort(): Promise<CloseResult> {
  const port = new MemoryWorkbook({
    "Stock Record": [
      ["CUSIP", "Location", "Quantity", "Price"],
      ["037833100", "DTC", 1000, 150],
    ],
    DTC: [
      ["CUSIP", "Quantity"],
      ["037833100", 900],
    ],
  });
  const close = await closeMonth(
    port,
    { books: "Stock Record", statements: [{ sheet: "DTC", contra: null }], asOf: AS_OF },
    {
      today: date("2026-11-12"),
      actor: "J. Accountant",
      post: true,
      confirmResolutions: new Set(),
      reportNotices: false,
    },
  );
  return close.result!;
}

function suspenseItem(ageCalendarDays: number, amount: string, currency = "USD"): SuspenseItem {
  return {
    itemId: `S-${ageCalendarDays}-${currency}`,
    glAccount: "2900",
    type: "dk_fail",
    openedOn: addDays(AS_OF, -ageCalendarDays),
    amount: parseDecimal(amount)!,
    quantity: null,
    currency,
    securityId: "",
    description: "",
    knownFacts: "",
    owner: "J. Researcher",
    lastResearchNoteOn: AS_OF,
    status: "open",
    resolvedOn: null,
    source: { sheet: "Suspense Items", row: 2 },
    columns: {},
  };
}

function chart(table: TableOutput, name: string): ChartSpec {
  const found = table.charts?.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no chart ${name}`);
  return found;
}

/** The rows a chart plots: the sheet rows of its span (the header is sheet row 1). */
function plotted(table: TableOutput, spec: ChartSpec): Row[] {
  return table.rows.slice(spec.rows.first - 2, spec.rows.last - 1);
}

describe("the Close Summary's charts", () => {
  it("charts the Difference account's open layers per 15c3-1 age band, count and deduction", async () => {
    const close = await closeWithOneShort();
    expect(close.aged).toHaveLength(1);
    const table = closeSummaryTable({ close });
    expect(deductionBands().map((b) => b.label)).toEqual(["0–6", "7–13", "14–20", "21–27", "28+"]);
    const layers = chart(table, "StockRec Difference Layers by Age");
    const deduction = chart(table, "StockRec Deduction by Age");
    expect(plotted(table, layers)).toEqual([
      ["Difference account by age", "0–6 business days", 0, 0, "0 short, 0 long"],
      ["Difference account by age", "7–13 business days", 1, 3750, "1 short, 0 long"],
      ["Difference account by age", "14–20 business days", 0, 0, "0 short, 0 long"],
      ["Difference account by age", "21–27 business days", 0, 0, "0 short, 0 long"],
      ["Difference account by age", "28+ business days", 0, 0, "0 short, 0 long"],
    ]);
    expect(layers).toMatchObject({ categoryColumn: 2, valueColumns: { first: 3, last: 3 } });
    expect(deduction).toMatchObject({
      rows: layers.rows,
      categoryColumn: 2,
      valueColumns: { first: 4, last: 4 },
    });
    expect(table.columns.map((c) => c.header)).toEqual([
      "Section",
      "Item",
      "Value",
      "Amount",
      "Detail",
    ]);
    // The deduction chart sits beside the count chart, not on top of it.
    expect(deduction.anchor.row).toBe(layers.anchor.row);
    expect(deduction.anchor.column).toBeGreaterThanOrEqual(
      layers.anchor.column + layers.anchor.columnSpan,
    );
    expect(() => assertChartsFit(table)).not.toThrow();
  });

  it("puts a layer on a band's first business day in that band (7, 14, 21, 28: ≥, not >)", async () => {
    const close = await closeWithOneShort();
    const layer = close.aged[0]!;
    const aged = [0, 6, 7, 13, 14, 21, 27, 28, 90].map((ageBusinessDays) => ({
      ...layer,
      ageBusinessDays,
      deduction: parseDecimal(String(ageBusinessDays))!,
    }));
    const table = closeSummaryTable({ close: { ...close, aged } });
    const spec = chart(table, "StockRec Deduction by Age");
    expect(plotted(table, spec).map((r) => [r[2], r[3]])).toEqual([
      [2, 6], // 0 and 6
      [2, 20], // 7 and 13
      [1, 14],
      [2, 48], // 21 and 27
      [2, 118], // 28 and 90
    ]);
  });

  it("charts the breaks by status, all four statuses even when empty", async () => {
    const close = await closeWithOneShort();
    const table = closeSummaryTable({ close });
    const spec = chart(table, "StockRec Breaks by Status");
    expect(plotted(table, spec).map((r) => [r[1], r[2]])).toEqual([
      ["Open", 0],
      ["Reported", 0],
      ["Resolved", 0],
      ["Posted", 1],
    ]);
  });

  it("charts suspense items per bucket, count and gross amount in the main currency", async () => {
    const close = await closeWithOneShort();
    const suspense = ageSuspense(
      [
        suspenseItem(3, "100"),
        suspenseItem(5, "-250.50"),
        suspenseItem(45, "1000"),
        suspenseItem(45, "70", "EUR"),
      ],
      { asOf: AS_OF, calendar: NYSE },
    );
    const table = closeSummaryTable({ close, suspense });
    const count = chart(table, "StockRec Suspense Items by Age");
    const amount = chart(table, "StockRec Suspense Amount by Age");
    expect(amount.title).toBe("Suspense gross amount by age (USD)");
    expect(amount.rows).toEqual(count.rows);
    expect(plotted(table, count).map((r) => [r[1], r[2], r[3], r[4]])).toEqual([
      ["Aged 0–7 days", 2, 350.5, "gross USD (debits and credits)"],
      ["Aged 8–15 days", 0, 0, "gross USD (debits and credits)"],
      ["Aged 16–30 days", 0, 0, "gross USD (debits and credits)"],
      ["Aged 31–60 days", 2, 1000, "gross USD (debits and credits); also EUR 70.00"],
      ["Aged 61–90 days", 0, 0, "gross USD (debits and credits)"],
      ["Aged over 90 days", 0, 0, "gross USD (debits and credits)"],
    ]);
    // Charts never overlap one another.
    const specs = table.charts ?? [];
    for (const a of specs)
      for (const b of specs) {
        if (a === b) continue;
        const apart =
          a.anchor.row + a.anchor.rowSpan <= b.anchor.row ||
          b.anchor.row + b.anchor.rowSpan <= a.anchor.row ||
          a.anchor.column + a.anchor.columnSpan <= b.anchor.column ||
          b.anchor.column + b.anchor.columnSpan <= a.anchor.column;
        expect(`${a.name} / ${b.name} apart: ${apart}`).toBe(`${a.name} / ${b.name} apart: true`);
      }
    expect(() => assertChartsFit(table)).not.toThrow();
    await new MemoryWorkbook().writeTable(table);
  });

  it("lists the period's sign-offs with role, name, scope, time and status", async () => {
    const close = await closeWithOneShort();
    const check = (
      id: string,
      role: "preparer" | "reviewer",
      name: string,
      status: SignoffCheck["status"],
    ): SignoffCheck => ({
      signoff: {
        id,
        period: parsePeriod("2026-10")!,
        scope: "Difference Account",
        role,
        name,
        timestamp: parseTimestamp("2026-11-04T10:15:00Z")!,
        comment: "",
        dataHash: "0".repeat(64),
        row: 2,
      },
      status,
      currentHash: null,
      supersededBy: null,
    });
    const input: CloseSummaryInput = {
      close,
      signoffs: [
        check("SO-000001", "preparer", "J. Accountant", "valid"),
        check("SO-000002", "reviewer", "M. Supervisor", "broken"),
      ],
    };
    const rows = closeSummaryTable(input).rows.filter((r) => r[0] === "Sign-offs");
    expect(rows).toEqual([
      [
        "Sign-offs",
        "Preparer J. Accountant",
        "Valid",
        "",
        "Difference Account, signed 2026-11-04T10:15:00Z (SO-000001, 2026-10)",
      ],
      [
        "Sign-offs",
        "Reviewer M. Supervisor",
        "Broken",
        "",
        "Difference Account, signed 2026-11-04T10:15:00Z (SO-000002, 2026-10)",
      ],
    ]);
    expect(
      closeSummaryTable({ close, signoffs: [] }).rows.filter((r) => r[0] === "Sign-offs"),
    ).toEqual([["Sign-offs", "None", "", "", "no sign-off recorded for the period"]]);
    expect(closeSummaryTable({ close }).rows.map((r) => r[0])).not.toContain("Sign-offs");
  });
});

describe("assertChartsFit: chart specs that do not fit their table are bugs", () => {
  const table: TableOutput = {
    sheetName: "Close Summary",
    tableName: "Summary",
    columns: [
      { header: "Item", format: { kind: "text" }, width: 10 },
      { header: "Count", format: { kind: "general" }, width: 10 },
    ],
    rows: [
      ["a", 1],
      ["b", "two"],
    ],
  };
  const spec: ChartSpec = {
    name: "Counts",
    kind: "columnClustered",
    title: "Counts",
    rows: { first: 2, last: 2 },
    categoryColumn: 1,
    valueColumns: { first: 2, last: 2 },
    anchor: { row: 2, column: 4, rowSpan: 10, columnSpan: 6 },
  };
  const cases: [string, Partial<ChartSpec>, RegExp][] = [
    ["rows past the table", { rows: { first: 2, last: 4 } }, /rows 2-4 not 2-3/],
    ["the header row", { rows: { first: 1, last: 2 } }, /rows 1-2/],
    ["a text value", { rows: { first: 2, last: 3 } }, /B3 is not a number/],
    ["a column past the table", { valueColumns: { first: 2, last: 3 } }, /value columns/],
    ["categories as values", { categoryColumn: 2 }, /also a value column/],
    ["an unknown kind", { kind: "pie" as ChartSpec["kind"] }, /unknown kind pie/],
    ["a bad anchor", { anchor: { row: 0, column: 4, rowSpan: 10, columnSpan: 6 } }, /bad anchor/],
    ["a bad name", { name: "a<b>" }, /bad name/],
  ];
  it.each(cases)("refuses %s", (_, change, message) => {
    expect(() => assertChartsFit({ ...table, charts: [{ ...spec, ...change }] })).toThrow(message);
  });

  it("accepts a spec that fits, and refuses the same name twice", () => {
    expect(() => assertChartsFit({ ...table, charts: [spec] })).not.toThrow();
    expect(() => assertChartsFit({ ...table, charts: [spec, spec] })).toThrow(/name used twice/);
  });

  it("is checked by the memory port too", async () => {
    const port = new MemoryWorkbook();
    await expect(
      port.writeTable({ ...table, charts: [{ ...spec, rows: { first: 2, last: 3 } }] }),
    ).rejects.toThrow(/B3 is not a number/);
  });
});
