/** Every host honours TableOutput.visibility: settings and logs live on very hidden sheets. */
import { describe, expect, it } from "vitest";
import { createOfficeWorkbook } from "../../src/excel/officeWorkbook";
import { MemoryWorkbook } from "../../src/workbook/memoryWorkbook";
import type { TableOutput, WorkbookPort } from "../../src/workbook/port";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { createExcelStandIn } from "../fakes/excelStandIn";

const hidden: TableOutput = {
  sheetName: "StockRec Settings",
  tableName: "StockRecSettings",
  columns: [
    { header: "Key", format: { kind: "text" }, width: 20 },
    { header: "Value", format: { kind: "text" }, width: 60 },
  ],
  rows: [["mapping:DTC", '{"securityId":"Sec ID"}']],
  visibility: "veryHidden",
};

async function listedVisibility(port: WorkbookPort): Promise<boolean | undefined> {
  await port.writeTable(hidden);
  return (await port.listSheets()).find((s) => s.name === hidden.sheetName)?.visible;
}

describe("sheet visibility on write", () => {
  it("is honoured in memory", async () => {
    expect(await listedVisibility(new MemoryWorkbook({ Sheet1: [["x"]] }))).toBe(false);
  });

  it("is honoured in an .xlsx file and survives saving", async () => {
    const workbook = XlsxWorkbook.createEmpty();
    await workbook.writeTable({
      ...hidden,
      sheetName: "Visible",
      tableName: "Visible",
      visibility: "visible",
    });
    expect(await listedVisibility(workbook)).toBe(false);
    const reopened = await XlsxWorkbook.fromBuffer(await workbook.toBuffer());
    expect((await reopened.listSheets()).map((s) => [s.name, s.visible])).toEqual([
      ["Visible", true],
      ["StockRec Settings", false],
    ]);
    expect((await reopened.readSheet("StockRec Settings")).rows[1]).toEqual([
      "mapping:DTC",
      '{"securityId":"Sec ID"}',
    ]);
  });

  it("is honoured in Excel through Office.js (stand-in)", async () => {
    const excel = createExcelStandIn({ Sheet1: [["x"]] });
    expect(await listedVisibility(createOfficeWorkbook(excel.run))).toBe(false);
  });
});
