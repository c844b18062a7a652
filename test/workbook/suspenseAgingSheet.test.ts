/**
 * The Suspense Aging and Suspense Buckets sheets: fixed names, one row per open item with the
 * words Debit/Credit and Long/Short beside magnitudes, and a type × bucket summary of gross
 * amounts that lists every type, so a chart over it keeps its shape month to month.
 */
import { describe, expect, it } from "vitest";
import { addBusinessDays, businessDaysBetween } from "../../src/domain/calendars";
import type { BusinessCalendar } from "../../src/domain/differenceLedger";
import { excelSerialFromIsoDate, parseIsoDate } from "../../src/domain/isoDate";
import { ageSuspense, parseSuspenseItems } from "../../src/domain/suspense";
import { MemoryWorkbook } from "../../src/workbook/memoryWorkbook";
import {
  SUSPENSE_AGING_SHEET,
  SUSPENSE_AGING_TABLE,
  SUSPENSE_BUCKETS_SHEET,
  SUSPENSE_BUCKETS_TABLE,
  suspenseAgingTable,
  suspenseBucketTable,
} from "../../src/workbook/suspenseAgingSheet";

const AS_OF = parseIsoDate("2026-10-30")!;
const NYSE: BusinessCalendar = {
  addBusinessDays: (from, days) => addBusinessDays("nyse", from, days),
  businessDaysBetween: (from, to) => businessDaysBetween("nyse", from, to),
};

const parsed = parseSuspenseItems({
  name: "Suspense Items",
  rows: [
    [
      "Item ID",
      "GL Account",
      "Type",
      "Opened On",
      "Amount",
      "Dr/Cr",
      "Quantity",
      "L/S",
      "Security ID",
      "Description",
      "Owner",
      "Last Research Note On",
      "Known Facts",
    ],
    [
      "S-1",
      "2900",
      "DK",
      "2026-09-15",
      "1,250.00",
      "Cr",
      300,
      "S",
      "037833100",
      "APPLE",
      "",
      "",
      "Contra DKs",
    ],
    [
      "S-2",
      "2910",
      "Returned delivery",
      "2026-10-27",
      "80.5",
      "Dr",
      null,
      null,
      "",
      "",
      "Ann",
      "2026-10-29",
      "",
    ],
    [
      "S-3",
      "2920",
      "Other",
      "2026-10-01",
      "0.125",
      "Dr",
      null,
      null,
      "",
      "",
      "Bob",
      "2026-10-28",
      "",
    ],
  ],
});
const aging = ageSuspense(parsed.records, { asOf: AS_OF, calendar: NYSE });

describe("the Suspense Aging sheet", () => {
  const table = suspenseAgingTable(aging);

  it("has the fixed sheet, table and column names", () => {
    expect(parsed.issues).toEqual([]);
    expect([table.sheetName, table.tableName]).toEqual([
      SUSPENSE_AGING_SHEET,
      SUSPENSE_AGING_TABLE,
    ]);
    expect([table.sheetName, table.tableName]).toEqual(["Suspense Aging", "StockRecSuspenseAging"]);
    expect(table.columns.map((c) => c.header)).toEqual([
      "Item ID",
      "GL Account",
      "Type",
      "Opened On",
      "Age (Calendar Days)",
      "Age (Business Days)",
      "Bucket",
      "Amount",
      "Debit/Credit",
      "Currency",
      "Quantity",
      "Long/Short",
      "Security ID",
      "Description",
      "Owner",
      "Last Research Note On",
      "Flags",
      "15c3-3a Item 8",
      "Known Facts",
      "Source",
    ]);
    const format = (header: string) => table.columns.find((c) => c.header === header)!.format;
    expect(format("Item ID")).toEqual({ kind: "text" });
    expect(format("Security ID")).toEqual({ kind: "text" });
    expect(format("Opened On")).toEqual({ kind: "date" });
    // Cents always; three places because S-3 carries them.
    expect(format("Amount")).toEqual({ kind: "quantity", decimals: 3 });
  });

  it("lists the open items oldest first, magnitudes beside their sides, flags in words", () => {
    expect(table.rows).toEqual([
      [
        "S-1",
        "2900",
        "DK fail",
        excelSerialFromIsoDate(parseIsoDate("2026-09-15")!),
        45,
        33,
        "31–60",
        1250,
        "Credit",
        "USD",
        300,
        "Short",
        "037833100",
        "APPLE",
        "",
        null,
        "Over 30 calendar days; Over firm threshold (30 days); No owner; No research note in 10 days",
        "Yes",
        "Contra DKs",
        "Suspense Items!2",
      ],
      [
        "S-3",
        "2920",
        "Other",
        excelSerialFromIsoDate(parseIsoDate("2026-10-01")!),
        29,
        21,
        "16–30",
        0.125,
        "Debit",
        "USD",
        null,
        "",
        "",
        "",
        "Bob",
        excelSerialFromIsoDate(parseIsoDate("2026-10-28")!),
        "",
        "No",
        "",
        "Suspense Items!4",
      ],
      [
        "S-2",
        "2910",
        "Returned delivery",
        excelSerialFromIsoDate(parseIsoDate("2026-10-27")!),
        3,
        3,
        "0–7",
        80.5,
        "Debit",
        "USD",
        null,
        "",
        "",
        "",
        "Ann",
        excelSerialFromIsoDate(parseIsoDate("2026-10-29")!),
        "",
        "No",
        "",
        "Suspense Items!3",
      ],
    ]);
  });

  it("writes to a workbook as one table", async () => {
    const workbook = new MemoryWorkbook({});
    await workbook.writeTable(table);
    await workbook.writeTable(suspenseBucketTable(aging.totals));
    expect((await workbook.listSheets()).map((s) => s.name)).toEqual([
      "Suspense Aging",
      "Suspense Buckets",
    ]);
  });
});

describe("the Suspense Buckets sheet", () => {
  const table = suspenseBucketTable(aging.totals);

  it("has one column per bucket and one row per type, every type listed", () => {
    expect([table.sheetName, table.tableName]).toEqual([
      SUSPENSE_BUCKETS_SHEET,
      SUSPENSE_BUCKETS_TABLE,
    ]);
    expect(table.columns.map((c) => c.header)).toEqual([
      "Type",
      "Currency",
      "0–7 Days",
      "8–15 Days",
      "16–30 Days",
      "31–60 Days",
      "61–90 Days",
      "Over 90 Days",
      "Total",
      "Debits",
      "Credits",
      "Items",
      "Long Quantity",
      "Short Quantity",
    ]);
    expect(table.rows.map((row) => row[0])).toEqual([
      "DK fail",
      "Unidentified fail",
      "Unallocable receipt versus payment",
      "Returned delivery",
      "Doubtful ownership",
      "Doubtful collectibility",
      "Doubtful deliverability",
      "Other",
    ]);
  });

  it("holds the gross amounts: a debit and a credit add, never net", () => {
    expect(table.rows[0]).toEqual([
      "DK fail",
      "USD",
      0,
      0,
      0,
      1250,
      0,
      0,
      1250,
      0,
      1250,
      1,
      0,
      300,
    ]);
    expect(table.rows[3]).toEqual([
      "Returned delivery",
      "USD",
      80.5,
      0,
      0,
      0,
      0,
      0,
      80.5,
      80.5,
      0,
      1,
      0,
      0,
    ]);
    expect(table.rows[7]).toEqual(["Other", "USD", 0, 0, 0.125, 0, 0, 0, 0.125, 0.125, 0, 1, 0, 0]);
    expect(table.rows[1]).toEqual(["Unidentified fail", "USD", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("has a row per type for each currency, and USD rows when nothing is open", () => {
    const mixed = ageSuspense(
      parsed.records.map((r, i) => (i === 0 ? { ...r, currency: "EUR" } : r)),
      { asOf: AS_OF, calendar: NYSE },
    );
    const rows = suspenseBucketTable(mixed.totals).rows;
    expect(rows.map((row) => row[1])).toEqual([...Array(8).fill("EUR"), ...Array(8).fill("USD")]);
    const empty = suspenseBucketTable(ageSuspense([], { asOf: AS_OF, calendar: NYSE }).totals);
    expect(empty.rows).toHaveLength(8);
    expect(empty.rows.every((row) => row[1] === "USD" && row[8] === 0)).toBe(true);
  });

  it("follows the buckets chosen", () => {
    const custom = ageSuspense(parsed.records, { asOf: AS_OF, calendar: NYSE, buckets: [30] });
    expect(
      suspenseBucketTable(custom.totals)
        .columns.slice(2, 4)
        .map((c) => c.header),
    ).toEqual(["0–30 Days", "Over 30 Days"]);
  });
});
