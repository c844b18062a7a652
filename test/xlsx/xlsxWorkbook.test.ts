import ExcelJS from "exceljs";
import fc from "fast-check";
import { inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { CellValue, Row, TableColumn, TableOutput } from "../../src/workbook/port";
import { WorkbookPortError } from "../../src/workbook/port";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";

// From 1900-03-01 on, an Excel serial counts days since 1899-12-30 (Excel's serial 60 is a
// 29 February 1900 that never was). 1899-12-30 to 1900-01-01 is 2 days; 1900 to 2026 is
// 126 years with 31 leap days (1904..2024) = 46,021; Jan..Sep 2026 is 273 days, plus 29 = 302.
// 2 + 46,021 + 302 = 46,325 (Python agrees: date(2026,10,30) - date(1899,12,30)).
const OCT_30_2026 = 46325;
const OCT_30_2026_UTC = new Date(Date.UTC(2026, 9, 30));

async function bytesOf(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

async function excelJsFrom(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.slice().buffer);
  return workbook;
}

async function open(workbook: ExcelJS.Workbook): Promise<XlsxWorkbook> {
  return XlsxWorkbook.fromBuffer(await bytesOf(workbook));
}

async function reopen(workbook: XlsxWorkbook): Promise<XlsxWorkbook> {
  return XlsxWorkbook.fromBuffer(await workbook.toBuffer());
}

function sheetOf(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`test workbook has no sheet ${name}`);
  return sheet;
}

/** One file of the .xlsx (a zip archive), for what ExcelJS does not read back, such as tabSelected. */
function zipEntryText(bytes: Uint8Array, path: string): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  let entry = view.getUint32(end + 16, true);
  for (let index = 0; index < view.getUint16(end + 10, true); index++) {
    const nameLength = view.getUint16(entry + 28, true);
    const name = new TextDecoder().decode(bytes.subarray(entry + 46, entry + 46 + nameLength));
    if (name === path) {
      const local = view.getUint32(entry + 42, true);
      const start =
        local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
      const data = bytes.subarray(start, start + view.getUint32(entry + 20, true));
      const raw = view.getUint16(entry + 10, true) === 0 ? data : inflateRawSync(data);
      return new TextDecoder().decode(raw);
    }
    entry += 46 + nameLength + view.getUint16(entry + 30, true) + view.getUint16(entry + 32, true);
  }
  throw new Error(`no ${path} in the archive`);
}

interface TableModel {
  name: string;
  tableRef: string;
  autoFilterRef: string;
  headerRow: boolean;
  totalsRow: boolean;
  style: { theme: string };
  columns: { name: string; filterButton?: boolean }[];
}

function tableModel(sheet: ExcelJS.Worksheet, name: string): TableModel {
  return (sheet.getTable(name) as unknown as { model: TableModel }).model;
}

async function portErrorOf(promise: Promise<unknown>): Promise<WorkbookPortError> {
  const error: unknown = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(WorkbookPortError);
  return error as WorkbookPortError;
}

const text = (header: string, width = 12): TableColumn => ({
  header,
  width,
  format: { kind: "text" },
});
const general = (header: string, width = 12): TableColumn => ({
  header,
  width,
  format: { kind: "general" },
});
const quantity = (header: string, decimals: number): TableColumn => ({
  header,
  width: 14,
  format: { kind: "quantity", decimals },
});
const date = (header: string): TableColumn => ({ header, width: 12, format: { kind: "date" } });

function breaksTable(rows: readonly Row[]): TableOutput {
  return {
    sheetName: "Breaks",
    tableName: "Breaks",
    columns: [
      text("Security ID"),
      general("Description", 30),
      quantity("Difference", 0),
      quantity("Price", 2),
      date("Count date"),
    ],
    rows,
  };
}

describe("XlsxWorkbook.readSheet", () => {
  it("hands cells over as Excel's API would, from A1, padded with nulls", async () => {
    const source = new ExcelJS.Workbook();
    const sheet = source.addWorksheet("Stock Record");
    sheet.getCell("A1").value = "Acme Clearing — Stock Record";
    sheet.getCell("A2").value = {
      richText: [{ text: "As of " }, { text: "October", font: { bold: true } }],
    };
    sheet.addRow([]);
    sheet.getRow(4).values = ["CUSIP", "Location", "Quantity", "Settled", "Active", "Check"];
    sheet.getRow(5).values = [
      "037833100",
      "DTC",
      1500,
      OCT_30_2026_UTC,
      true,
      { formula: "C5*2", result: 3000 },
    ];
    sheet.getRow(6).values = [
      "594918104",
      "FED",
      0.1,
      null,
      false,
      { formula: "NA()", result: { error: "#N/A" } },
    ];
    sheet.getRow(7).values = [123456789012345, "BOX", -2.5, null, null, { formula: "C7" }];
    sheet.getCell("D5").numFmt = "yyyy-mm-dd";
    sheet.getCell("B8").value = { text: "statement", hyperlink: "https://example.com/s" };
    sheet.getCell("C8").value = { error: "#DIV/0!" };

    const snapshot = await (await open(source)).readSheet("Stock Record");

    expect(snapshot).toEqual({
      name: "Stock Record",
      rows: [
        ["Acme Clearing — Stock Record", null, null, null, null, null],
        ["As of October", null, null, null, null, null],
        [null, null, null, null, null, null],
        ["CUSIP", "Location", "Quantity", "Settled", "Active", "Check"],
        ["037833100", "DTC", 1500, OCT_30_2026, true, 3000],
        ["594918104", "FED", 0.1, null, false, "#N/A"],
        [123456789012345, "BOX", -2.5, null, null, null],
        [null, "statement", "#DIV/0!", null, null, null],
      ],
    });
  });

  it("gives shared formulas their own cached results", async () => {
    const source = new ExcelJS.Workbook();
    const sheet = source.addWorksheet("Calc");
    sheet.getCell("A1").value = 1;
    sheet.getCell("A2").value = 2;
    // ExcelJS's documented shape for a shared formula's master cell, missing from its types.
    const master = { formula: "A1*10", result: 10, shareType: "shared", ref: "B1:B2" };
    sheet.getCell("B1").value = master as ExcelJS.CellFormulaValue;
    sheet.getCell("B2").value = { sharedFormula: "B1", result: 20 };

    const workbook = await open(source);
    // The file really holds a shared formula, not two plain ones.
    const reloaded = await excelJsFrom(await bytesOf(source));
    expect(sheetOf(reloaded, "Calc").getCell("B2").value).toMatchObject({ sharedFormula: "B1" });
    expect((await workbook.readSheet("Calc")).rows).toEqual([
      [1, 10],
      [2, 20],
    ]);
  });

  it("turns dates into 1900-system serial numbers, times as fractions", async () => {
    const source = new ExcelJS.Workbook();
    const sheet = source.addWorksheet("Dates");
    sheet.getCell("A1").value = OCT_30_2026_UTC;
    sheet.getCell("A2").value = new Date(Date.UTC(2026, 9, 30, 18, 0, 0));
    sheet.getCell("A3").value = new Date(Date.UTC(1900, 2, 1));
    sheet.getCell("A4").value = { formula: "A1+1", result: new Date(Date.UTC(2026, 9, 31)) };
    sheet.getCell("A5").value = 46325; // a date-looking number without a date format stays a number
    for (const address of ["A1", "A2", "A3", "A4"]) sheet.getCell(address).numFmt = "yyyy-mm-dd";

    const rows = (await (await open(source)).readSheet("Dates")).rows;

    expect(rows).toEqual([[OCT_30_2026], [OCT_30_2026 + 0.75], [61], [OCT_30_2026 + 1], [46325]]);
  });

  it("reads dates of a 1904 workbook as 1900-system serials too", async () => {
    const source = new ExcelJS.Workbook();
    source.properties.date1904 = true;
    const sheet = source.addWorksheet("Dates");
    // 44863 days after 1904-01-01 is 2026-10-30: the number such a file stores for that date.
    sheet.getCell("A1").value = OCT_30_2026 - 1462;
    sheet.getCell("A1").numFmt = "yyyy-mm-dd";
    sheet.getCell("A2").value = OCT_30_2026_UTC;
    sheet.getCell("A2").numFmt = "d mmm yyyy";
    sheet.getCell("A3").value = 44863; // plain number: no date format, no conversion

    const workbook = await open(source);

    expect((await workbook.readSheet("Dates")).rows).toEqual([
      [OCT_30_2026],
      [OCT_30_2026],
      [44863],
    ]);
  });

  it("trims trailing empty rows and columns, even when they carry formatting", async () => {
    const source = new ExcelJS.Workbook();
    const sheet = source.addWorksheet("Data");
    sheet.getCell("A1").value = "id";
    sheet.getCell("B2").value = 5;
    sheet.getCell("E1").numFmt = "@";
    sheet.getCell("A9").font = { bold: true };
    sheet.getRow(12).height = 30;

    const workbook = await open(source);

    expect((await workbook.readSheet("Data")).rows).toEqual([
      ["id", null],
      [null, 5],
    ]);
    expect((await workbook.listSheets())[0]).toMatchObject({ rowCount: 2, columnCount: 2 });
  });

  it("reports a merged area's value in its top-left cell only", async () => {
    const source = new ExcelJS.Workbook();
    const sheet = source.addWorksheet("Merged");
    sheet.getCell("A1").value = "Title";
    sheet.mergeCells("A1:C1");
    sheet.getCell("A2").value = 1;

    const rows = (await (await open(source)).readSheet("Merged")).rows;

    // B1:C1 hold no value of their own, so the used range ends at column A.
    expect(rows).toEqual([["Title"], [1]]);
  });

  it("finds sheets regardless of case, and names a missing one", async () => {
    const source = new ExcelJS.Workbook();
    source.addWorksheet("Stock Record").getCell("A1").value = "x";
    const workbook = await open(source);

    expect((await workbook.readSheet("stock record")).name).toBe("Stock Record");
    const error = await portErrorOf(workbook.readSheet("DTC"));
    expect(error.code).toBe("sheet_not_found");
    expect(error.message).toContain('"DTC"');
  });

  it("reports progress on long sheets and stops when cancelled", async () => {
    const source = new ExcelJS.Workbook();
    const sheet = source.addWorksheet("Long");
    for (let row = 1; row <= 25_000; row++) sheet.getCell(row, 1).value = row;
    const workbook = await open(source);
    const fractions: number[] = [];

    const snapshot = await workbook.readSheet("Long", {
      onProgress: (progress) => fractions.push(progress.fraction),
    });

    expect(snapshot.rows).toHaveLength(25_000);
    expect(snapshot.rows[24_999]).toEqual([25_000]);
    expect(fractions).toEqual([10_000 / 25_000, 20_000 / 25_000, 1]);

    const controller = new AbortController();
    const reading = workbook.readSheet("Long", {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(reading).rejects.toThrow();
  });
});

describe("XlsxWorkbook.listSheets", () => {
  it("lists sheets in tab order with their used size and visibility", async () => {
    const source = new ExcelJS.Workbook();
    const record = source.addWorksheet("Stock Record");
    record.addRow(["CUSIP", "Location", "Quantity"]);
    record.addRow(["037833100", "DTC", 10]);
    source.addWorksheet("Empty");
    source.addWorksheet("Lookups", { state: "hidden" }).getCell("B3").value = 1;
    source.addWorksheet("_log", { state: "veryHidden" }).getCell("A1").value = "event";

    const sheets = await (await open(source)).listSheets();

    expect(sheets).toEqual([
      { name: "Stock Record", rowCount: 2, columnCount: 3, visible: true },
      { name: "Empty", rowCount: 0, columnCount: 0, visible: true },
      { name: "Lookups", rowCount: 3, columnCount: 2, visible: false },
      { name: "_log", rowCount: 1, columnCount: 1, visible: false },
    ]);
  });
});

describe("XlsxWorkbook.fromBuffer", () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ["empty bytes", new Uint8Array(0), /empty/],
    ["CSV text", new TextEncoder().encode("CUSIP,Quantity\n037833100,10\n"), /text or CSV/],
    [
      "an old .xls (OLE) file",
      Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]),
      /\.xls workbook or a password-protected/,
    ],
    ["random binary", Uint8Array.from([0x00, 0xff, 0x13, 0x37, 0x00, 0x01]), /not a zip archive/],
    // The smallest valid zip archive: an end-of-central-directory record and nothing else.
    [
      "an empty zip archive",
      Uint8Array.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]),
      /no worksheets/,
    ],
    ["a truncated zip", Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), /zip archive but not/],
  ];

  for (const [label, bytes, reason] of cases) {
    it(`rejects ${label} with a message the user can act on`, async () => {
      const error = await portErrorOf(XlsxWorkbook.fromBuffer(bytes));
      expect(error.code).toBe("not_xlsx");
      expect(error.message).toMatch(
        /^This file is not an Excel \.xlsx workbook \(.+\)\. Save it as \.xlsx and try again\.$/,
      );
      expect(error.message).toMatch(reason);
    });
  }

  it("accepts an ArrayBuffer and a Uint8Array that views part of a larger buffer", async () => {
    const source = new ExcelJS.Workbook();
    source.addWorksheet("S").getCell("A1").value = "ok";
    const bytes = await bytesOf(source);
    const padded = new Uint8Array(bytes.length + 16);
    padded.set(bytes, 8);

    const fromView = await XlsxWorkbook.fromBuffer(padded.subarray(8, 8 + bytes.length));
    const fromArrayBuffer = await XlsxWorkbook.fromBuffer(bytes.slice().buffer);

    expect((await fromView.readSheet("S")).rows).toEqual([["ok"]]);
    expect((await fromArrayBuffer.readSheet("S")).rows).toEqual([["ok"]]);
  });
});

describe("XlsxWorkbook.writeTable", () => {
  const rows: Row[] = [
    ["037833100", "Apple Inc.", 1500, 187.5, OCT_30_2026],
    ["=1+1", "-5", -5, 0.1, "2026-10-30"],
    ["@x", "+1", 1234567.891, null, null],
  ];

  async function writtenBreaks(): Promise<ExcelJS.Workbook> {
    const workbook = XlsxWorkbook.createEmpty();
    await workbook.writeTable(breaksTable(rows));
    return excelJsFrom(await workbook.toBuffer());
  }

  it("stores identifiers as text in Text-formatted columns", async () => {
    const sheet = sheetOf(await writtenBreaks(), "Breaks");
    const cusip = sheet.getCell("A2");
    expect(cusip.value).toBe("037833100");
    expect(cusip.type).toBe(ExcelJS.ValueType.String);
    expect(cusip.numFmt).toBe("@");
    expect(sheet.getColumn(1).numFmt).toBe("@");
  });

  it("stores quantities as right-aligned numbers with the requested decimals", async () => {
    const sheet = sheetOf(await writtenBreaks(), "Breaks");
    expect(sheet.getCell("C2").value).toBe(1500);
    expect(sheet.getCell("C2").numFmt).toBe("#,##0");
    expect(sheet.getCell("C2").alignment).toMatchObject({ horizontal: "right" });
    expect(sheet.getCell("C4").value).toBe(1234567.891);
    expect(sheet.getCell("D3").value).toBe(0.1);
    expect(sheet.getCell("D3").numFmt).toBe("#,##0.00");
    expect(sheet.getCell("D3").alignment).toMatchObject({ horizontal: "right" });
  });

  it("stores dates as dates formatted yyyy-mm-dd, from serials and ISO text", async () => {
    const sheet = sheetOf(await writtenBreaks(), "Breaks");
    expect(sheet.getCell("E2").value).toEqual(OCT_30_2026_UTC);
    expect(sheet.getCell("E3").value).toEqual(OCT_30_2026_UTC);
    expect(sheet.getCell("E2").numFmt).toBe("yyyy-mm-dd");
  });

  it("keeps strings that look like formulas as strings, formatted as text", async () => {
    const sheet = sheetOf(await writtenBreaks(), "Breaks");
    for (const [address, value] of [
      ["A3", "=1+1"],
      ["B3", "-5"],
      ["A4", "@x"],
      ["B4", "+1"],
    ] as const) {
      const cell = sheet.getCell(address);
      expect(cell.value).toBe(value);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      expect(cell.numFmt).toBe("@");
    }
    expect(sheet.getCell("C3").value).toBe(-5);
  });

  it("writes no formula at all into the sheet's XML", async () => {
    const workbook = XlsxWorkbook.createEmpty();
    await workbook.writeTable(breaksTable(rows));
    const xml = zipEntryText(await workbook.toBuffer(), "xl/worksheets/sheet1.xml");
    expect(xml).toContain("<sheetData>");
    expect(xml).not.toContain("<f>");
    expect(xml).not.toContain("<f ");
  });

  it("adds a styled Excel table with filter buttons over header and rows, header bold and frozen", async () => {
    const sheet = sheetOf(await writtenBreaks(), "Breaks");
    const table = tableModel(sheet, "Breaks");
    expect(table).toMatchObject({
      name: "Breaks",
      tableRef: "A1:E4",
      autoFilterRef: "A1:E4",
      headerRow: true,
      totalsRow: false,
      style: { theme: "TableStyleMedium2" },
    });
    expect(table.columns.map((column) => [column.name, column.filterButton])).toEqual([
      ["Security ID", true],
      ["Description", true],
      ["Difference", true],
      ["Price", true],
      ["Count date", true],
    ]);
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      "Security ID",
      "Description",
      "Difference",
      "Price",
      "Count date",
    ]);
    expect(sheet.getCell("B1").font).toMatchObject({ bold: true });
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getColumn(2).width).toBe(30);
  });

  it("reads back what it wrote, dates as serials", async () => {
    const workbook = XlsxWorkbook.createEmpty();
    await workbook.writeTable(breaksTable(rows));
    const expected = [
      ["Security ID", "Description", "Difference", "Price", "Count date"],
      ["037833100", "Apple Inc.", 1500, 187.5, OCT_30_2026],
      ["=1+1", "-5", -5, 0.1, OCT_30_2026],
      ["@x", "+1", 1234567.891, null, null],
    ];
    expect((await workbook.readSheet("Breaks")).rows).toEqual(expected);
    expect((await (await reopen(workbook)).readSheet("Breaks")).rows).toEqual(expected);
  });

  it("keeps a date column's number that no date can represent as that number", async () => {
    const workbook = XlsxWorkbook.createEmpty();
    await workbook.writeTable({
      ...breaksTable([]),
      rows: [
        ["x", "y", 1, 1, 1e20],
        ["x", "y", 1, 1, -1],
      ],
    });
    expect((await (await reopen(workbook)).readSheet("Breaks")).rows.slice(1)).toEqual([
      ["x", "y", 1, 1, 1e20],
      ["x", "y", 1, 1, -1],
    ]);
  });

  it("writes text columns as strings whatever the value", async () => {
    const workbook = XlsxWorkbook.createEmpty();
    await workbook.writeTable({
      sheetName: "Ids",
      tableName: "Ids",
      columns: [text("Id"), text("Flag")],
      rows: [
        [37833100, true],
        ["12345E101", false],
      ],
    });
    expect((await (await reopen(workbook)).readSheet("Ids")).rows).toEqual([
      ["Id", "Flag"],
      ["37833100", "TRUE"],
      ["12345E101", "FALSE"],
    ]);
  });

  it("writes an empty table as a header and one blank row, which Excel requires", async () => {
    const workbook = XlsxWorkbook.createEmpty();
    await workbook.writeTable(breaksTable([]));
    const bytes = await workbook.toBuffer();

    const sheet = sheetOf(await excelJsFrom(bytes), "Breaks");
    expect(tableModel(sheet, "Breaks").tableRef).toBe("A1:E2");
    expect(sheet.getCell("A2").value).toBeNull();
    expect((await (await XlsxWorkbook.fromBuffer(bytes)).readSheet("Breaks")).rows).toEqual([
      ["Security ID", "Description", "Difference", "Price", "Count date"],
    ]);
  });

  it("replaces an existing sheet in its tab position, leaving the other sheets alone", async () => {
    const source = new ExcelJS.Workbook();
    source.addWorksheet("Stock Record").addRows([
      ["CUSIP", "Quantity"],
      ["037833100", 10],
    ]);
    const old = source.addWorksheet("breaks");
    old.addTable({
      name: "Breaks",
      ref: "A1",
      columns: [{ name: "Old" }],
      rows: [["stale"], ["stale"], ["stale"]],
    });
    source.addWorksheet("DTC").addRows([
      ["CUSIP", "Position"],
      ["037833100", 12],
    ]);
    const workbook = await open(source);
    const before = await Promise.all(
      ["Stock Record", "DTC"].map((name) => workbook.readSheet(name)),
    );

    await workbook.writeTable(breaksTable([["037833100", "Apple", 2, 1, OCT_30_2026]]));
    const reopened = await reopen(workbook);

    expect((await reopened.listSheets()).map((sheet) => sheet.name)).toEqual([
      "Stock Record",
      "Breaks",
      "DTC",
    ]);
    expect(
      await Promise.all(["Stock Record", "DTC"].map((name) => reopened.readSheet(name))),
    ).toEqual(before);
    expect((await reopened.readSheet("Breaks")).rows).toEqual([
      ["Security ID", "Description", "Difference", "Price", "Count date"],
      ["037833100", "Apple", 2, 1, OCT_30_2026],
    ]);
    const reloaded = await excelJsFrom(await reopened.toBuffer());
    expect(tableModel(sheetOf(reloaded, "Breaks"), "Breaks").tableRef).toBe("A1:E2");
  });

  it("keeps a replaced sheet hidden if it was, and appends new sheets at the end", async () => {
    const source = new ExcelJS.Workbook();
    source.addWorksheet("Audit Log", { state: "veryHidden" }).getCell("A1").value = "old";
    source.addWorksheet("Stock Record").getCell("A1").value = "CUSIP";
    const workbook = await open(source);

    await workbook.writeTable({
      ...breaksTable([]),
      sheetName: "Audit Log",
      tableName: "AuditLog",
    });
    await workbook.writeTable(breaksTable([]));

    expect(await (await reopen(workbook)).listSheets()).toEqual([
      { name: "Audit Log", rowCount: 1, columnCount: 5, visible: false },
      { name: "Stock Record", rowCount: 1, columnCount: 1, visible: true },
      { name: "Breaks", rowCount: 1, columnCount: 5, visible: true },
    ]);
  });

  it("refuses a table name another sheet's table already uses, changing nothing", async () => {
    const workbook = XlsxWorkbook.createEmpty();
    await workbook.writeTable(breaksTable([["1", "a", 1, 1, 1]]));

    const error = await portErrorOf(
      workbook.writeTable({ ...breaksTable([]), sheetName: "Other" }),
    );

    expect(error.code).toBe("table_name_taken");
    expect(error.message).toContain('"Breaks"');
    expect((await workbook.listSheets()).map((sheet) => sheet.name)).toEqual(["Breaks"]);
  });

  it("refuses bad tables before touching the workbook", async () => {
    const source = new ExcelJS.Workbook();
    source.addWorksheet("Breaks").getCell("A1").value = "keep me";
    const workbook = await open(source);
    const bad: [string, TableOutput][] = [
      ["bad_sheet_name", { ...breaksTable([]), sheetName: "a/b" }],
      ["bad_sheet_name", { ...breaksTable([]), sheetName: "x".repeat(32) }],
      ["bad_table_name", { ...breaksTable([]), tableName: "A1" }],
      ["bad_table_name", { ...breaksTable([]), tableName: "Money Breaks" }],
      ["bad_columns", { ...breaksTable([]), columns: [text("Id"), text("ID")] }],
      ["bad_columns", { ...breaksTable([]), columns: [] }],
      ["bad_columns", { ...breaksTable([]), columns: [quantity("Q", 1.5)] }],
      ["row_too_wide", { ...breaksTable([]), columns: [text("Id")], rows: [["a", "b"]] }],
      ["bad_value", breaksTable([["x", "y", Number.NaN, 1, 1]])],
      ["bad_value", breaksTable([["x", "y", 1, Number.POSITIVE_INFINITY, 1]])],
      ["text_too_long", breaksTable([["x", "y".repeat(32_768), 1, 1, 1]])],
    ];

    for (const [code, output] of bad) {
      const error = await portErrorOf(workbook.writeTable(output));
      expect(`${code}: ${error.code}`).toBe(`${code}: ${code}`);
    }
    expect((await workbook.readSheet("Breaks")).rows).toEqual([["keep me"]]);
  });

  it("changes nothing when cancelled before it starts", async () => {
    const workbook = XlsxWorkbook.createEmpty();
    const controller = new AbortController();
    controller.abort();

    await expect(
      workbook.writeTable(breaksTable([]), { signal: controller.signal }),
    ).rejects.toThrow();
    expect(await workbook.listSheets()).toEqual([]);
  });

  it("round-trips any grid of strings, finite numbers, booleans and empty cells", async () => {
    const cell: fc.Arbitrary<CellValue> = fc.oneof(
      fc.string({ unit: "binary", maxLength: 12 }),
      fc.string({
        unit: fc.constantFrom("_", "x", "0", "4", "A", "f", "\r", "\u0001", "\uffff"),
        maxLength: 12,
      }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      // Values that have broken spreadsheet round trips before, drawn often on purpose.
      fc.constantFrom<CellValue>(
        -0,
        0.1,
        5e-324,
        1e21,
        123456789012345,
        "",
        " ",
        "=1+1",
        "037833100",
      ),
    );
    const grid = fc
      .integer({ min: 1, max: 5 })
      .chain((width) =>
        fc.tuple(
          fc.constant(width),
          fc.array(fc.array(cell, { maxLength: width }), { maxLength: 8 }),
        ),
      );

    await fc.assert(
      fc.asyncProperty(grid, async ([width, rows]) => {
        const headers = Array.from({ length: width }, (_, index) => `Column ${index + 1}`);
        const workbook = XlsxWorkbook.createEmpty();
        await workbook.writeTable({
          sheetName: "Grid",
          tableName: "Grid",
          columns: headers.map((header) => general(header)),
          rows,
        });

        const expected = expectedGrid(headers, rows);
        expect((await workbook.readSheet("Grid")).rows).toEqual(expected);
        expect((await (await reopen(workbook)).readSheet("Grid")).rows).toEqual(expected);
      }),
      { numRuns: 80 },
    );
  });

  it("round-trips every whole-day date serial Excel can show, in both date systems", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 61, max: 2_958_465 }), { minLength: 1, maxLength: 10 }),
        fc.boolean(),
        async (serials, date1904) => {
          const source = new ExcelJS.Workbook();
          source.properties.date1904 = date1904;
          source.addWorksheet("Other").getCell("A1").value = "x";
          const workbook = await open(source);
          await workbook.writeTable({
            sheetName: "Dates",
            tableName: "Dates",
            columns: [date("Date")],
            rows: serials.map((serial) => [serial]),
          });

          const rows = (await (await reopen(workbook)).readSheet("Dates")).rows.slice(1);

          expect(rows).toEqual(serials.map((serial) => [serial]));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("saves text with control characters and _xHHHH_ look-alikes exactly, leaving memory as it was", async () => {
    const tricky = [
      "a\rb",
      "a\r\nb",
      "x\u0001y\u001f",
      "\u007f",
      "_x0041_",
      "_x0041_x0042_",
      "_x0041\u0001",
      "\uffff",
      "tab\there",
    ];
    const workbook = XlsxWorkbook.createEmpty();
    await workbook.writeTable({
      sheetName: "Text",
      tableName: "Text",
      columns: [text("Value", 20)],
      rows: tricky.map((value) => [value]),
    });

    const reread = (await (await reopen(workbook)).readSheet("Text")).rows.slice(1);

    expect(reread).toEqual(tricky.map((value) => [value]));
    expect((await workbook.readSheet("Text")).rows.slice(1)).toEqual(
      tricky.map((value) => [value]),
    );
  });
});

/** What a grid written under general formats reads back as: header first, padded, no trailing blanks. */
function expectedGrid(headers: readonly string[], rows: readonly Row[]): CellValue[][] {
  const padded = rows.map((row) =>
    headers.map((_, index) => {
      const value = row[index] ?? null;
      return Object.is(value, -0) ? 0 : value;
    }),
  );
  while (padded.length > 0 && padded[padded.length - 1]!.every((value) => value === null)) {
    padded.pop();
  }
  return [[...headers], ...padded];
}

describe("XlsxWorkbook.selectCell", () => {
  async function threeSheets(): Promise<XlsxWorkbook> {
    const source = new ExcelJS.Workbook();
    for (const name of ["Stock Record", "Breaks", "DTC"])
      source.addWorksheet(name).getCell("A1").value = name;
    source.addWorksheet("Secret", { state: "hidden" }).getCell("A1").value = 1;
    sheetOf(source, "Stock Record").views = [
      { state: "normal", tabSelected: true } as Partial<ExcelJS.WorksheetView>,
    ];
    return open(source);
  }

  it("saves the file opening on that sheet with that cell selected", async () => {
    const workbook = await threeSheets();

    await workbook.selectCell("Stock Record", 2, 2);
    await workbook.selectCell("DTC", 7, 3);
    const bytes = await workbook.toBuffer();
    const reloaded = await excelJsFrom(bytes);

    expect(reloaded.views[0]?.activeTab).toBe(2);
    // ExcelJS does not read tabSelected back, so look at the sheets' XML: only DTC is selected
    // (two selected tabs would open as a group in Excel).
    const selected = [1, 2, 3, 4].map((sheet) =>
      zipEntryText(bytes, `xl/worksheets/sheet${sheet}.xml`).includes('tabSelected="1"'),
    );
    expect(selected).toEqual([false, false, true, false]);
    expect(sheetOf(reloaded, "DTC").views[0]).toMatchObject({ activeCell: "C7" });
  });

  it("selects below a frozen header and scrolls to far rows", async () => {
    const workbook = XlsxWorkbook.createEmpty();
    await workbook.writeTable(breaksTable([]));
    await workbook.writeTable({ ...breaksTable([]), sheetName: "Notices", tableName: "Notices" });

    await workbook.selectCell("Breaks", 500, 2);
    const reloaded = await excelJsFrom(await workbook.toBuffer());

    expect(reloaded.views[0]?.activeTab).toBe(0);
    expect(sheetOf(reloaded, "Breaks").views[0]).toMatchObject({
      state: "frozen",
      ySplit: 1,
      activeCell: "B500",
      topLeftCell: "A495",
    });
  });

  it("refuses hidden sheets, missing sheets and cells outside the grid", async () => {
    const workbook = await threeSheets();
    expect((await portErrorOf(workbook.selectCell("Secret", 1, 1))).code).toBe("sheet_hidden");
    expect((await portErrorOf(workbook.selectCell("Nope", 1, 1))).code).toBe("sheet_not_found");
    expect((await portErrorOf(workbook.selectCell("DTC", 0, 1))).code).toBe("bad_cell");
    expect((await portErrorOf(workbook.selectCell("DTC", 1, 16_385))).code).toBe("bad_cell");
    expect((await portErrorOf(workbook.selectCell("DTC", 1.5, 1))).code).toBe("bad_cell");
  });
});

describe("XlsxWorkbook.toBuffer", () => {
  it("refuses to save a workbook Excel could not open", async () => {
    const error = await portErrorOf(XlsxWorkbook.createEmpty().toBuffer());
    expect(error.code).toBe("no_visible_sheet");
  });
});
