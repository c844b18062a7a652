/** Printable sheets in an .xlsx file (ExcelJS page setup), read back from the saved bytes. */
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { TableOutput } from "../../src/workbook/port";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";

const countTable = (print?: TableOutput["print"]): TableOutput => ({
  sheetName: "Count 2026-12-31",
  tableName: "StockRecCount_20261231",
  columns: [
    { header: "Security ID", format: { kind: "text" }, width: 14 },
    { header: "Counted Quantity", format: { kind: "quantity", decimals: 0 }, width: 16 },
  ],
  rows: [["037833100", null]],
  ...(print === undefined ? {} : { print }),
});

async function savedSheet(workbook: XlsxWorkbook, name: string): Promise<ExcelJS.Worksheet> {
  const saved = new ExcelJS.Workbook();
  await saved.xlsx.load((await workbook.toBuffer()).slice().buffer);
  return saved.getWorksheet(name)!;
}

describe("XlsxWorkbook.writeTable: printable sheets", () => {
  it("saves landscape, fit to one page wide (any number tall) and the header row on every page", async () => {
    const workbook = XlsxWorkbook.createEmpty();
    await workbook.writeTable(
      countTable({ orientation: "landscape", fitToPagesWide: 1, repeatHeaderRow: true }),
    );
    const sheet = await savedSheet(workbook, "Count 2026-12-31");
    expect(sheet.pageSetup).toMatchObject({
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: "1:1",
    });
  });

  it("keeps the page setup when the file is opened and the sheet written again", async () => {
    const first = XlsxWorkbook.createEmpty();
    await first.writeTable(
      countTable({ orientation: "portrait", fitToPagesWide: 2, repeatHeaderRow: false }),
    );
    const reopened = await XlsxWorkbook.fromBuffer(await first.toBuffer());
    await reopened.writeTable(
      countTable({ orientation: "landscape", fitToPagesWide: 1, repeatHeaderRow: true }),
    );
    const sheet = await savedSheet(reopened, "Count 2026-12-31");
    expect(sheet.pageSetup).toMatchObject({
      orientation: "landscape",
      fitToWidth: 1,
      printTitlesRow: "1:1",
    });
  });

  it("writes a sheet without a print setup as before, and refuses an impossible one", async () => {
    const workbook = XlsxWorkbook.createEmpty();
    await workbook.writeTable(countTable());
    const sheet = await savedSheet(workbook, "Count 2026-12-31");
    expect(sheet.pageSetup.printTitlesRow).toBeUndefined();
    await expect(
      workbook.writeTable(
        countTable({ orientation: "landscape", fitToPagesWide: 1.5, repeatHeaderRow: true }),
      ),
    ).rejects.toThrow(/fitToPagesWide 1.5/);
  });
});
