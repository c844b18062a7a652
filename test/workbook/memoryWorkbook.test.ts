import { describe, expect, it } from "vitest";
import { MemoryWorkbook } from "../../src/workbook/memoryWorkbook";
import { WorkbookPortError, type Row, type TableOutput } from "../../src/workbook/port";

const stockRecord: Row[] = [
  ["Acme Clearing — Stock Record"],
  ["CUSIP", "Location", "Quantity"],
  ["037833100", "DTC", 1500, null],
];

function breaks(rows: readonly Row[]): TableOutput {
  return {
    sheetName: "Breaks",
    tableName: "Breaks",
    columns: [
      { header: "Security ID", width: 12, format: { kind: "text" } },
      { header: "Difference", width: 14, format: { kind: "quantity", decimals: 0 } },
    ],
    rows,
  };
}

async function portErrorOf(promise: Promise<unknown>): Promise<WorkbookPortError> {
  const error: unknown = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(WorkbookPortError);
  return error as WorkbookPortError;
}

describe("MemoryWorkbook", () => {
  it("reads back exactly the rows it was given", async () => {
    const workbook = new MemoryWorkbook({ "Stock Record": stockRecord, DTC: [] });

    const snapshot = await workbook.readSheet("Stock Record");

    expect(snapshot).toEqual({ name: "Stock Record", rows: stockRecord });
    expect((await workbook.readSheet("stock record")).name).toBe("Stock Record");
  });

  it("lists sheets in the order given, with sizes and visibility", async () => {
    const workbook = new MemoryWorkbook(
      [
        ["Stock Record", stockRecord],
        ["2026", [[1, 2]]],
        ["Lookups", []],
      ],
      { hidden: ["Lookups"] },
    );

    expect(await workbook.listSheets()).toEqual([
      { name: "Stock Record", rowCount: 3, columnCount: 4, visible: true },
      { name: "2026", rowCount: 1, columnCount: 2, visible: true },
      { name: "Lookups", rowCount: 0, columnCount: 0, visible: false },
    ]);
  });

  it("records written tables and reads them back as header plus rows", async () => {
    const workbook = new MemoryWorkbook({ "Stock Record": stockRecord });
    const output = breaks([["037833100", -5]]);

    await workbook.writeTable(output);

    expect(workbook.writtenTables).toHaveLength(1);
    expect(workbook.writtenTables[0]).toBe(output);
    expect((await workbook.readSheet("Breaks")).rows).toEqual([
      ["Security ID", "Difference"],
      ["037833100", -5],
    ]);
    expect((await workbook.listSheets()).map((sheet) => sheet.name)).toEqual([
      "Stock Record",
      "Breaks",
    ]);
  });

  it("replaces an existing sheet in place, matching its name regardless of case", async () => {
    const workbook = new MemoryWorkbook({ breaks: [["old"]], DTC: [["CUSIP"]] });

    await workbook.writeTable(breaks([]));
    await workbook.writeTable(breaks([["594918104", 3]]));

    expect((await workbook.listSheets()).map((sheet) => sheet.name)).toEqual(["Breaks", "DTC"]);
    expect((await workbook.readSheet("Breaks")).rows).toEqual([
      ["Security ID", "Difference"],
      ["594918104", 3],
    ]);
    expect((await workbook.readSheet("DTC")).rows).toEqual([["CUSIP"]]);
    expect(workbook.writtenTables.map((table) => table.rows.length)).toEqual([0, 1]);
  });

  it("exposes its records without letting callers change them", async () => {
    const workbook = new MemoryWorkbook();
    await workbook.writeTable(breaks([]));

    (workbook.writtenTables as TableOutput[]).length = 0;

    expect(workbook.writtenTables).toHaveLength(1);
  });

  it("remembers the last selection", async () => {
    const workbook = new MemoryWorkbook({ Breaks: [], DTC: [] });
    expect(workbook.selection).toBeNull();

    await workbook.selectCell("Breaks", 2, 1);
    await workbook.selectCell("dtc", 7, 3);

    expect(workbook.selection).toEqual({ sheetName: "DTC", row: 7, column: 3 });
  });

  it("refuses missing and hidden sheets and cells outside the grid", async () => {
    const workbook = new MemoryWorkbook({ Breaks: [], Secret: [] }, { hidden: ["Secret"] });

    expect((await portErrorOf(workbook.readSheet("Nope"))).code).toBe("sheet_not_found");
    expect((await portErrorOf(workbook.selectCell("Nope", 1, 1))).code).toBe("sheet_not_found");
    expect((await portErrorOf(workbook.selectCell("Secret", 1, 1))).code).toBe("sheet_hidden");
    expect((await portErrorOf(workbook.selectCell("Breaks", 0, 1))).code).toBe("bad_cell");
    expect((await portErrorOf(workbook.selectCell("Breaks", 1, 2.5))).code).toBe("bad_cell");
    expect(workbook.selection).toBeNull();
  });

  it("honours cancellation and reports progress like a host", async () => {
    const workbook = new MemoryWorkbook({ Breaks: [] });
    const controller = new AbortController();
    controller.abort();
    const labels: string[] = [];

    await expect(workbook.readSheet("Breaks", { signal: controller.signal })).rejects.toThrow();
    await expect(workbook.writeTable(breaks([]), { signal: controller.signal })).rejects.toThrow();
    await workbook.readSheet("Breaks", { onProgress: (progress) => labels.push(progress.label) });

    expect(workbook.writtenTables).toEqual([]);
    expect(labels).toEqual(["Read Breaks"]);
  });
});
