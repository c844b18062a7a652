/**
 * Printable sheets through Office.js (ExcelApi 1.9 page layout), against the stand-in: the page
 * setup is queued with the table and goes in the sync that creates it, never one of its own.
 */
import { describe, expect, it } from "vitest";
import { createOfficeWorkbook } from "../../src/excel/officeWorkbook";
import type { TableOutput } from "../../src/workbook/port";
import { createExcelStandIn } from "../fakes/excelStandIn";

const countTable = (print?: TableOutput["print"]): TableOutput => ({
  sheetName: "Count 2026-12-31",
  tableName: "StockRecCount_20261231",
  columns: [
    { header: "Security ID", format: { kind: "text" }, width: 14 },
    { header: "Counted Quantity", format: { kind: "quantity", decimals: 0 }, width: 16 },
  ],
  rows: [
    ["037833100", null],
    ["594918104", null],
  ],
  ...(print === undefined ? {} : { print }),
});

describe("createOfficeWorkbook: printable sheets", () => {
  it("sets orientation, fit to pages wide and the repeated header row in the table's own sync", async () => {
    const plain = createExcelStandIn({ Input: [["x"]] });
    await createOfficeWorkbook(plain.run).writeTable(countTable());
    const printed = createExcelStandIn({ Input: [["x"]] });
    await createOfficeWorkbook(printed.run).writeTable(
      countTable({ orientation: "landscape", fitToPagesWide: 1, repeatHeaderRow: true }),
    );

    expect(printed.stats.syncCount).toBe(plain.stats.syncCount);
    expect(printed.pageSetup("Count 2026-12-31")).toEqual({
      orientation: "Landscape",
      zoom: { horizontalFitToPages: 1 },
      printTitleRows: { first: 0, last: 0 },
    });
    expect(plain.pageSetup("Count 2026-12-31")).toEqual({
      orientation: null,
      zoom: null,
      printTitleRows: null,
    });
  });

  it("leaves the title rows alone when the header is not to repeat", async () => {
    const standIn = createExcelStandIn({ Input: [["x"]] });
    await createOfficeWorkbook(standIn.run).writeTable(
      countTable({ orientation: "portrait", fitToPagesWide: 2, repeatHeaderRow: false }),
    );
    expect(standIn.pageSetup("Count 2026-12-31")).toEqual({
      orientation: "Portrait",
      zoom: { horizontalFitToPages: 2 },
      printTitleRows: null,
    });
  });

  it("refuses a print setup no host can apply before anything is sent", async () => {
    const standIn = createExcelStandIn({ Input: [["x"]] });
    await expect(
      createOfficeWorkbook(standIn.run).writeTable(
        countTable({ orientation: "landscape", fitToPagesWide: 0, repeatHeaderRow: true }),
      ),
    ).rejects.toThrow(/fitToPagesWide 0/);
    expect(standIn.stats.syncCount).toBe(0);
  });
});

describe("the stand-in's page layout, as Excel's", () => {
  it("rejects an unknown orientation, a zoom out of range and partial title rows", async () => {
    const standIn = createExcelStandIn({ Sheet1: [["x"]] });
    const attempt = (change: (layout: unknown) => void) =>
      standIn.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("Sheet1");
        change(sheet.pageLayout);
        await context.sync();
      });
    await expect(
      attempt((l) => {
        (l as { orientation: string }).orientation = "Sideways";
      }),
    ).rejects.toMatchObject({ code: "InvalidArgument" });
    await expect(
      attempt((l) => {
        (l as { zoom: object }).zoom = { horizontalFitToPages: 101 };
      }),
    ).rejects.toMatchObject({ code: "InvalidArgument" });
    await expect(
      attempt((l) => {
        (l as { zoom: object }).zoom = { horizontalFitToPages: 1, scale: 50 };
      }),
    ).rejects.toMatchObject({ code: "InvalidArgument" });
    await expect(
      attempt((l) => (l as { setPrintTitleRows(a: string): void }).setPrintTitleRows("A1:D1")),
    ).rejects.toMatchObject({ code: "InvalidArgument" });
    await expect(
      standIn.run(async (context) => {
        void context.workbook.worksheets.getItem("Sheet1").pageLayout.zoom;
      }),
    ).rejects.toMatchObject({ code: "PropertyNotLoaded" });
  });
});
