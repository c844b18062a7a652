/**
 * Sheet protection and conditional formats in an .xlsx file, read back from the saved bytes (the
 * XML Excel opens), so the CLI and the plain-browser pane protect and highlight as Excel does.
 */
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { textHighlights, type TableOutput } from "../../src/workbook/port";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";

const base = {
  sheetName: "Breaks",
  tableName: "StockRecBreaks",
  columns: [
    { header: "Security ID", format: { kind: "text" }, width: 14 },
    { header: "Age", format: { kind: "quantity", decimals: 0 }, width: 8 },
    { header: "Status", format: { kind: "text" }, width: 10 },
  ],
  rows: [
    ["037833100", 3, "Open"],
    ["594918104", 30, "Posted"],
  ],
} satisfies TableOutput;

const breaks: TableOutput = {
  ...base,
  conditionalFormats: [
    ...textHighlights(base, "Status", { Open: "bad", Posted: "good" }),
    { column: 2, rule: { kind: "numberAbove", value: 27 }, style: "bad" },
  ],
};

async function reopen(workbook: XlsxWorkbook): Promise<XlsxWorkbook> {
  return XlsxWorkbook.fromBuffer(await workbook.toBuffer());
}

async function sheetXml(workbook: XlsxWorkbook, index = 1): Promise<string> {
  const zip = await JSZip.loadAsync(await workbook.toBuffer());
  return zip.file(`xl/worksheets/sheet${index}.xml`)!.async("string");
}

describe("XlsxWorkbook: protection", () => {
  it("protects a sheet without a password and says so after the file is saved and opened", async () => {
    const workbook = XlsxWorkbook.createEmpty();
    await workbook.writeTable(breaks);
    await workbook.setSheetProtection("Breaks", true);
    const xml = await sheetXml(workbook);
    expect(xml).toMatch(/<sheetProtection [^>]*sheet="1"/);
    expect(xml).not.toMatch(/hashValue/);
    const reopened = await reopen(workbook);
    expect((await reopened.listSheets())[0]).toMatchObject({ name: "Breaks", protected: true });

    await reopened.setSheetProtection("Breaks", false);
    expect((await reopened.listSheets())[0]).not.toHaveProperty("protected");
    expect(await sheetXml(reopened)).not.toMatch(/<sheetProtection/);
  });

  it("keeps a protected sheet protected when StockRec rewrites it", async () => {
    const workbook = XlsxWorkbook.createEmpty();
    await workbook.writeTable(breaks);
    await workbook.setSheetProtection("Breaks", true);
    await workbook.writeTable({ ...breaks, rows: [...breaks.rows, ["912828XG0", 1, "Open"]] });
    const reopened = await reopen(workbook);
    expect((await reopened.listSheets())[0]).toMatchObject({ rowCount: 4, protected: true });
  });
});

describe("XlsxWorkbook: conditional formats", () => {
  it("writes Cell Value rules over the data rows of their column, with Excel's style colours", async () => {
    const workbook = XlsxWorkbook.createEmpty();
    await workbook.writeTable(breaks);
    const xml = await sheetXml(workbook);
    const ranges = [...xml.matchAll(/<conditionalFormatting sqref="([^"]+)"/g)].map((m) => m[1]);
    expect(ranges).toEqual(["C2:C3", "C2:C3", "B2:B3"]);
    expect(xml).toMatch(
      /<cfRule type="cellIs"[^>]*operator="equal"[^>]*><formula>&quot;Open&quot;<\/formula>/,
    );
    expect(xml).toMatch(/operator="greaterThan"[^>]*><formula>27<\/formula>/);
    const styles = await (
      await JSZip.loadAsync(await workbook.toBuffer())
    )
      .file("xl/styles.xml")!
      .async("string");
    expect(styles).toMatch(/FFFFC7CE/);
    expect(styles).toMatch(/FF9C0006/);
  });

  it("refuses a rule on a column the table does not have, before the workbook changes", async () => {
    const workbook = XlsxWorkbook.createEmpty();
    const bad: TableOutput = {
      ...breaks,
      conditionalFormats: [{ column: 0, rule: { kind: "textEquals", text: "x" }, style: "bad" }],
    };
    await expect(workbook.writeTable(bad)).rejects.toThrow(/column 0 is not within 1-3/);
    expect(await workbook.listSheets()).toEqual([]);
  });
});
