/**
 * Charts through the Office.js adapter, against the stand-in: one chart per spec over the right
 * cells, named and titled, series named by their headers with the category column as axis
 * labels, placed over the anchor's cells, queued with the table so writing charts costs no extra
 * round trip; and the stand-in refuses what Excel refuses.
 */
import { describe, expect, it } from "vitest";
import { createOfficeWorkbook } from "../../src/excel/officeWorkbook";
import { parseIsoDate } from "../../src/domain/isoDate";
import { closeSummaryTable } from "../../src/workbook/closeSummarySheet";
import { MemoryWorkbook } from "../../src/workbook/memoryWorkbook";
import { closeMonth } from "../../src/workbook/monthEndClose";
import type { ChartSpec, TableOutput } from "../../src/workbook/port";
import { createExcelStandIn } from "../fakes/excelStandIn";

const SPEC: ChartSpec = {
  name: "StockRec Counts",
  kind: "columnClustered",
  title: "Items by age",
  rows: { first: 3, last: 5 },
  categoryColumn: 2,
  valueColumns: { first: 3, last: 4 },
  anchor: { row: 2, column: 7, rowSpan: 15, columnSpan: 8 },
};

const TABLE: TableOutput = {
  sheetName: "Close Summary",
  tableName: "StockRecCloseSummary",
  columns: [
    { header: "Section", format: { kind: "text" }, width: 20 },
    { header: "Item", format: { kind: "text" }, width: 20 },
    { header: "Value", format: { kind: "general" }, width: 10 },
    { header: "Amount", format: { kind: "quantity", decimals: 2 }, width: 10 },
  ],
  rows: [
    ["Suspense", "Open items", 3, ""],
    ["Suspense by age", "0–7", 2, 350.5],
    ["Suspense by age", "8–15", 0, 0],
    ["Suspense by age", "Over 15", 1, 1000],
  ],
};

describe("charts through Office.js", () => {
  it("adds one chart per spec over the spec's cells, in the same round trips as the table", async () => {
    const plain = createExcelStandIn({ "Close Summary": [["old"]], Other: [] });
    await createOfficeWorkbook(plain.run).writeTable(TABLE);
    const standIn = createExcelStandIn({ "Close Summary": [["old"]], Other: [] });
    const second: ChartSpec = {
      ...SPEC,
      name: "StockRec Bars",
      kind: "barClustered",
      valueColumns: { first: 4, last: 4 },
      anchor: { ...SPEC.anchor, column: 16 },
    };
    await createOfficeWorkbook(standIn.run).writeTable({ ...TABLE, charts: [SPEC, second] });
    expect(standIn.stats.syncCount).toBe(plain.stats.syncCount);
    expect(standIn.charts()).toEqual([
      {
        name: "StockRec Counts",
        sheet: "Close Summary",
        type: "ColumnClustered",
        seriesBy: "Columns",
        source: "C3:D5",
        title: "Items by age",
        series: [
          { name: "Value", xAxisValues: "B3:B5" },
          { name: "Amount", xAxisValues: "B3:B5" },
        ],
        position: "G2:N16",
      },
      {
        name: "StockRec Bars",
        sheet: "Close Summary",
        type: "BarClustered",
        seriesBy: "Columns",
        source: "D3:D5",
        title: "Items by age",
        series: [{ name: "Amount", xAxisValues: "B3:B5" }],
        position: "P2:W16",
      },
    ]);
  });

  it("replaces the sheet's earlier charts with the sheet", async () => {
    const standIn = createExcelStandIn({ Other: [] });
    const workbook = createOfficeWorkbook(standIn.run);
    await workbook.writeTable({ ...TABLE, charts: [SPEC] });
    await workbook.writeTable({ ...TABLE, charts: [SPEC] });
    expect(standIn.charts()).toHaveLength(1);
    await workbook.writeTable(TABLE);
    expect(standIn.charts()).toEqual([]);
  });

  it("draws the Close Summary's charts", async () => {
    const memory = new MemoryWorkbook({
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
      memory,
      {
        books: "Stock Record",
        statements: [{ sheet: "DTC", contra: null }],
        asOf: parseIsoDate("2026-10-30")!,
      },
      {
        today: parseIsoDate("2026-11-12")!,
        actor: "J. Accountant",
        post: true,
        confirmResolutions: new Set(),
        reportNotices: false,
      },
    );
    const summary = closeSummaryTable({ close: close.result! });
    const standIn = createExcelStandIn({ Sheet1: [] });
    await createOfficeWorkbook(standIn.run).writeTable(summary);
    const charts = standIn.charts();
    expect(charts.map((c) => c.name)).toEqual(summary.charts!.map((c) => c.name));
    const deduction = charts.find((c) => c.name === "StockRec Deduction by Age")!;
    const cells = standIn.sheet("Close Summary");
    const [, first, last] = /^D(\d+):D(\d+)$/.exec(deduction.source)!;
    const rows = cells.slice(Number(first) - 1, Number(last));
    expect(rows.map((r) => r[1])).toEqual([
      "0–6 business days",
      "7–13 business days",
      "14–20 business days",
      "21–27 business days",
      "28+ business days",
    ]);
    expect(rows.map((r) => r[3])).toEqual([0, 3750, 0, 0, 0]);
    expect(deduction.series[0]!.name).toBe("Amount");
  });

  it("checks the specs before asking Excel for anything", async () => {
    const standIn = createExcelStandIn({ Other: [] });
    const bad = { ...TABLE, charts: [{ ...SPEC, rows: { first: 2, last: 5 } }] };
    await expect(createOfficeWorkbook(standIn.run).writeTable(bad)).rejects.toThrow(
      /D2 is not a number/,
    );
    expect(standIn.stats.syncCount).toBe(0);
  });
});

describe("the stand-in's charts behave as Excel's", () => {
  it("refuses a chart type or series orientation Excel does not have", async () => {
    const standIn = createExcelStandIn({ Data: [[1, 2]] });
    const attempt = (type: string, seriesBy: string) =>
      standIn.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("Data");
        sheet.charts.add(type, sheet.getRange("A1:B1"), seriesBy);
        await context.sync();
      });
    await expect(attempt("columnClustered", "Columns")).rejects.toMatchObject({
      code: "InvalidArgument",
    });
    await expect(attempt("ColumnClustered", "columns")).rejects.toMatchObject({
      code: "InvalidArgument",
    });
    await attempt("ColumnClustered", "Rows");
    expect(standIn.charts()[0]).toMatchObject({ source: "A1:B1", series: [{ name: "Series1" }] });
  });

  it("refuses source data on another sheet and a series the chart does not have", async () => {
    const standIn = createExcelStandIn({ Data: [[1]], Other: [[2]] });
    await expect(
      standIn.run(async (context) => {
        const data = context.workbook.worksheets.getItem("Data");
        const other = context.workbook.worksheets.getItem("Other");
        data.charts.add("ColumnClustered", other.getRange("A1"), "Columns");
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: "InvalidArgument" });
    await expect(
      standIn.run(async (context) => {
        const data = context.workbook.worksheets.getItem("Data");
        const chart = data.charts.add("ColumnClustered", data.getRange("A1"), "Columns");
        chart.series.getItemAt(1).name = "second";
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: "ItemNotFound" });
  });
});
