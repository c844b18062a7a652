import { describe, expect, expectTypeOf, it } from "vitest";
import type { ExcelContext, ExcelRun } from "../../src/excel/excelApi";
import { createOfficeWorkbook } from "../../src/excel/officeWorkbook";
import {
  WorkbookPortError,
  type CellValue,
  type Progress,
  type TableColumn,
  type TableOutput,
} from "../../src/workbook/port";
import { createExcelStandIn, type ExcelStandIn } from "../fakes/excelStandIn";

const FIVE_MB = 5_000_000;

/** `rows` × `columns` strings of about 30 characters: 60,000 × 8 is ~16 MB of JSON. */
function bigGrid(rows: number, columns: number): CellValue[][] {
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length: columns }, (_, c) => `row ${r + 1} column ${c + 1} `.padEnd(30, "x")),
  );
}

function succeeded(standIn: ExcelStandIn) {
  return standIn.stats.syncs.filter((sync) => sync.failed === undefined);
}

/** Runs one batch against the stand-in and returns what it rejected with. */
async function rejection(standIn: ExcelStandIn, batch: (context: ExcelContext) => Promise<void>) {
  return standIn.run(batch).then(
    () => expect.unreachable("the batch should have been rejected"),
    (error: unknown) =>
      error as { name: string; code: string; message: string; debugInfo: unknown },
  );
}

describe("the Excel API slice", () => {
  it("is a subset of the real Office.js types, so the add-in can pass Excel.run", () => {
    // Compile-time checks (tsc): they fail when src/excel/excelApi.ts drifts from @types/office-js.
    expectTypeOf<Excel.RequestContext>().toExtend<ExcelContext>();
    expectTypeOf<typeof Excel.run>().toExtend<ExcelRun>();
  });
});

describe("the Excel stand-in enforces what real Excel does", () => {
  it("rejects a sync whose request is over 5 MB and applies none of it", async () => {
    const standIn = createExcelStandIn({ Data: [] });
    const error = await rejection(standIn, async (context) => {
      const sheet = context.workbook.worksheets.getItem("Data");
      sheet.getRangeByIndexes(0, 0, 60_000, 8).values = bigGrid(60_000, 8);
      await context.sync();
    });
    expect(error).toMatchObject({
      name: "OfficeExtension.Error",
      code: "RequestPayloadSizeLimitExceeded",
    });
    expect(error.debugInfo).toMatchObject({ code: "RequestPayloadSizeLimitExceeded" });
    expect(standIn.stats.syncs[0]!.requestBytes).toBeGreaterThan(FIVE_MB);
    expect(standIn.sheet("Data")).toEqual([]);
  });

  it("rejects a sync whose response is over 5 MB", async () => {
    const standIn = createExcelStandIn({ Data: bigGrid(60_000, 8) });
    const error = await rejection(standIn, async (context) => {
      const range = context.workbook.worksheets.getItem("Data").getRangeByIndexes(0, 0, 60_000, 8);
      range.load("values");
      await context.sync();
    });
    expect(error.code).toBe("ResponsePayloadSizeLimitExceeded");
  });

  it("answers null for a values load over the cell limit, as Excel may", async () => {
    const standIn = createExcelStandIn({ Data: bigGrid(10, 2) }, { limits: { cellsPerRead: 19 } });
    const values = await standIn.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Data").getRangeByIndexes(0, 0, 10, 2);
      range.load("values");
      await context.sync();
      return range.values;
    });
    expect(values).toBeNull();
  });

  it("throws when a property is read before load and sync, like Office.js", async () => {
    const standIn = createExcelStandIn({ Data: [["a", 1]] });
    await standIn.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Data").getRangeByIndexes(0, 0, 1, 2);
      expect(() => range.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      range.load("values");
      expect(() => range.rowCount).toThrow(/not available/);
      await context.sync();
      expect(range.values).toEqual([["a", 1]]);
      expect(() => range.rowCount).toThrow(/not available/); // only what was loaded
    });
  });

  it("coerces written strings as Excel does: formulas, apostrophes, numbers unless '@' came first", async () => {
    const standIn = createExcelStandIn({ Data: [] });
    await standIn.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Data");
      sheet.getRangeByIndexes(0, 0, 1, 6).values = [
        ["037833100", "=SUM(A1)", "-5", "'=SUM(A1)", "TRUE", "12345E101"],
      ];
      const textColumn = sheet.getRangeByIndexes(1, 0, 2, 1);
      textColumn.numberFormat = "@"; // one scalar fills both cells
      textColumn.values = [["037833100"], ["12345E101"]];
      await context.sync();
    });
    expect(standIn.sheet("Data")).toEqual([
      [37833100, "#NAME?", "#NAME?", "=SUM(A1)", true, 1.2345e105],
      ["037833100", null, null, null, null, null],
      ["12345E101", null, null, null, null, null],
    ]);
    expect(standIn.cell("Data", 1, 2).formula).toBe(true);
    expect(standIn.cell("Data", 1, 4).quotePrefix).toBe(true);
    expect(standIn.cell("Data", 3, 1).numberFormat).toBe("@");
  });

  it("refuses commands that a batch leaves unsynced, and the last visible sheet's deletion", async () => {
    const standIn = createExcelStandIn({ Only: [] });
    await expect(
      standIn.run(async (context) => {
        context.workbook.worksheets.getItem("Only").activate();
      }),
    ).rejects.toThrow(/never synced/);
    const error = await rejection(standIn, async (context) => {
      context.workbook.worksheets.getItem("Only").delete();
      await context.sync();
    });
    expect(error.code).toBe("InvalidOperation");
  });
});

describe("createOfficeWorkbook: reading", () => {
  it("lists sheets in tab order with their used size from A1 and visibility", async () => {
    const standIn = createExcelStandIn({
      Books: [
        ["ID", "Qty"],
        ["A", 1],
        ["B", 2],
      ],
      Empty: [],
      Offset: [[], [null, null, "x"]],
    });
    standIn.setVisibility("Empty", "Hidden");
    const workbook = createOfficeWorkbook(standIn.run);
    expect(await workbook.listSheets()).toEqual([
      { name: "Books", rowCount: 3, columnCount: 2, visible: true },
      { name: "Empty", rowCount: 0, columnCount: 0, visible: false },
      { name: "Offset", rowCount: 2, columnCount: 3, visible: true },
    ]);
    expect(standIn.stats.syncCount).toBe(2);
  });

  it("reads a small sheet exactly, empty cells as null, in one block", async () => {
    const grid: CellValue[][] = [
      ["CUSIP", "Quantity", "Long", "Note"],
      ["037833100", 1500.25, true, null],
      ["594918104", -20, false, "#N/A"],
    ];
    const standIn = createExcelStandIn({ Books: grid });
    const snapshot = await createOfficeWorkbook(standIn.run).readSheet("Books");
    expect(snapshot).toEqual({ name: "Books", rows: grid });
    expect(standIn.stats.syncCount).toBe(2); // used range, then one block
  });

  it("reads an empty sheet as no rows and reports it done", async () => {
    const standIn = createExcelStandIn({ Empty: [] });
    const progress: Progress[] = [];
    const snapshot = await createOfficeWorkbook(standIn.run).readSheet("Empty", {
      onProgress: (p) => progress.push(p),
    });
    expect(snapshot.rows).toEqual([]);
    expect(progress.at(-1)?.fraction).toBe(1);
  });

  it("pads a used range that does not start at A1 with empty rows and columns", async () => {
    const standIn = createExcelStandIn({
      Offset: [[], [], [null, null, "ID", "Qty"], [null, null, "X1", 5]],
    });
    const snapshot = await createOfficeWorkbook(standIn.run).readSheet("Offset");
    expect(snapshot.rows).toEqual([
      [null, null, null, null],
      [null, null, null, null],
      [null, null, "ID", "Qty"],
      [null, null, "X1", 5],
    ]);
  });

  it("reads a sheet too large for one request in blocks under every limit, exactly", async () => {
    const grid = bigGrid(60_000, 8);
    const standIn = createExcelStandIn({ Big: grid });
    const workbook = createOfficeWorkbook(standIn.run);
    const progress: number[] = [];
    const snapshot = await workbook.readSheet("Big", {
      onProgress: (p) => progress.push(p.fraction),
    });

    expect(snapshot.rows).toEqual(grid);
    expect(JSON.stringify(grid).length).toBeGreaterThan(3 * FIVE_MB); // truly too big for one
    expect(standIn.stats.syncCount).toBeGreaterThanOrEqual(5);
    expect(succeeded(standIn)).toHaveLength(standIn.stats.syncCount); // sized right first time
    expect(standIn.stats.maxResponseBytes).toBeLessThan(FIVE_MB);
    expect(standIn.stats.maxResponseBytes).toBeGreaterThan(FIVE_MB / 4); // blocks are not tiny
    expect(standIn.stats.maxCellsPerRead).toBeLessThan(5_000_000);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(workbook.stats).toMatchObject({ syncs: standIn.stats.syncCount, cellsRead: 480_000 });
    expect(standIn.stats.untracked).toBeGreaterThanOrEqual(standIn.stats.syncCount - 1);
  });

  it("hands the rows over block by block as Excel returns them, in order, each row once", async () => {
    const grid = [[], [], ...bigGrid(30_000, 8).map((row) => [null, ...row])];
    const standIn = createExcelStandIn({ Big: grid });
    const blocks: { first: number; rows: number; syncsSoFar: number }[] = [];
    const handed: CellValue[][] = [];
    const snapshot = await createOfficeWorkbook(standIn.run).readSheet("Big", {
      onRows: (rows, first) => {
        blocks.push({ first, rows: rows.length, syncsSoFar: standIn.stats.syncCount });
        handed.push(...rows.map((row) => [...row]));
      },
    });
    expect(handed).toEqual(snapshot.rows);
    expect(snapshot.rows).toHaveLength(grid.length);
    // the two empty rows above the used range first, then one block per read, as it is read
    expect(blocks[0]).toMatchObject({ first: 1, rows: 2 });
    expect(blocks.length).toBeGreaterThan(3);
    blocks.slice(1).forEach((block, i) => {
      expect(block.first).toBe(blocks[i]!.first + blocks[i]!.rows);
      expect(block.syncsSoFar).toBe(i + 2); // the used range, then this block's sync
    });
  });

  it("retries a block the host refuses mid-read with fewer rows and still returns everything", async () => {
    const grid = bigGrid(30_000, 8);
    const standIn = createExcelStandIn({ Big: grid });
    const lowerLimit = 1_000_000;
    standIn.beforeSync = (syncNumber) => {
      if (syncNumber === 3) standIn.limits.responseBytes = lowerLimit; // e.g. a stricter host
    };
    const workbook = createOfficeWorkbook(standIn.run);
    const snapshot = await workbook.readSheet("Big");

    expect(snapshot.rows).toEqual(grid);
    const syncs = standIn.stats.syncs;
    expect(syncs.some((s) => s.failed === "ResponsePayloadSizeLimitExceeded")).toBe(true);
    const afterChange = syncs.slice(2).filter((s) => s.failed === undefined);
    expect(afterChange.length).toBeGreaterThan(1);
    for (const sync of afterChange) expect(sync.responseBytes).toBeLessThanOrEqual(lowerLimit);
    expect(workbook.stats.retries).toBeGreaterThan(0);
    // The budget learns: refusals do not repeat for every later block.
    expect(syncs.filter((s) => s.failed !== undefined).length).toBeLessThan(afterChange.length);
  });

  it("treats values: null (too many cells) as a limit hit and reads smaller blocks", async () => {
    const grid = bigGrid(5_000, 8);
    const standIn = createExcelStandIn({ Big: grid }, { limits: { cellsPerRead: 10_000 } });
    const snapshot = await createOfficeWorkbook(standIn.run).readSheet("Big");
    expect(snapshot.rows).toEqual(grid);
    expect(standIn.stats.maxCellsPerRead).toBeLessThanOrEqual(10_000);
  });

  it("keeps blocks under the cell cap even when the bytes would allow more", async () => {
    const grid = Array.from({ length: 3_000 }, () => [1, 2, 3, 4]);
    const standIn = createExcelStandIn({ Numbers: grid });
    await createOfficeWorkbook(standIn.run, { maxCellsPerBlock: 4_000 }).readSheet("Numbers");
    expect(standIn.stats.maxCellsPerRead).toBeLessThanOrEqual(4_000);
    expect(standIn.stats.syncCount).toBe(1 + 3); // used range, then 3 blocks of 1,000 rows
  });

  it("fails with the sheet and row when one row alone is over the limit", async () => {
    const standIn = createExcelStandIn(
      { Wide: [["short"], ["x".repeat(5_000)]] },
      { limits: { responseBytes: 2_000 } },
    );
    const error = await createOfficeWorkbook(standIn.run)
      .readSheet("Wide")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookPortError);
    expect(error).toMatchObject({ code: "row_too_large" });
    expect((error as Error).message).toMatch(/Row 2 of sheet "Wide"/);
  });

  it("stops between blocks when the signal is aborted", async () => {
    const standIn = createExcelStandIn({ Big: bigGrid(30_000, 8) });
    const controller = new AbortController();
    const read = createOfficeWorkbook(standIn.run).readSheet("Big", {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(read).rejects.toMatchObject({ name: "AbortError" });
    expect(standIn.stats.syncCount).toBe(2); // used range and the first block only
  });
});

const text = { kind: "text" } as const;

function table(rows: CellValue[][], overrides: Partial<TableOutput> = {}): TableOutput {
  const columns: TableColumn[] = [
    { header: "Security ID", format: text, width: 14 },
    { header: "Description", format: text, width: 30 },
    { header: "Quantity", format: { kind: "quantity", decimals: 2 }, width: 16 },
    { header: "As Of", format: { kind: "date" }, width: 12 },
    { header: "Note", format: { kind: "general" }, width: 10 },
  ];
  return { sheetName: "Breaks", tableName: "StockRecBreaks", columns, rows, ...overrides };
}

describe("createOfficeWorkbook: writing", () => {
  const rows: CellValue[][] = [
    ["037833100", "=SUM(A1)", 1234.5, 45_000, "1.50"],
    ["-5", "@handle", -12, 45_001, "TRUE"],
    ["'quoted", "+1 555 0100", 0, null, null],
  ];

  it("writes identifiers, formula-like text and quantities so Excel keeps them as given", async () => {
    const standIn = createExcelStandIn({ Input: [["x"]] });
    await createOfficeWorkbook(standIn.run).writeTable(table(rows));

    expect(standIn.sheet("Breaks")).toEqual([
      ["Security ID", "Description", "Quantity", "As Of", "Note"],
      ...rows,
    ]);
    const cell = (row: number, column: number) => standIn.cell("Breaks", row, column);
    expect(cell(2, 1)).toMatchObject({ value: "037833100", numberFormat: "@", formula: false });
    expect(cell(2, 2)).toMatchObject({ value: "=SUM(A1)", formula: false });
    expect(cell(3, 1)).toMatchObject({ value: "-5", formula: false });
    expect(cell(3, 2)).toMatchObject({ value: "@handle", quotePrefix: true });
    expect(cell(2, 3)).toMatchObject({ value: 1234.5, numberFormat: "#,##0.00" });
    expect(cell(2, 3).horizontalAlignment).toBe("Right");
    expect(cell(1, 3).horizontalAlignment).toBe("Right");
    expect(cell(2, 4)).toMatchObject({ value: 45_000, numberFormat: "yyyy-mm-dd" });
    expect(cell(2, 5)).toMatchObject({ value: "1.50", numberFormat: "General" });
    expect(cell(1, 1)).toMatchObject({ bold: true, numberFormat: "@" });
    expect(standIn.columnWidth("Breaks", 2)).toBeGreaterThan(standIn.columnWidth("Breaks", 1)!);
    expect(standIn.tables()).toEqual([
      {
        name: "StockRecBreaks",
        sheet: "Breaks",
        address: "A1:E4",
        style: "TableStyleMedium2",
        showBandedRows: true,
      },
    ]);
    expect(standIn.frozenRows("Breaks")).toBe(1);
    expect(standIn.stats.calculationSuspensions).toBeGreaterThan(0);
  });

  it("reads back what it wrote", async () => {
    const standIn = createExcelStandIn({ Input: [["x"]] });
    const workbook = createOfficeWorkbook(standIn.run);
    await workbook.writeTable(table(rows));
    const snapshot = await workbook.readSheet("Breaks");
    expect(snapshot.rows.slice(1)).toEqual(rows);
  });

  it("uses #,##0 for whole quantities", async () => {
    const standIn = createExcelStandIn({ Input: [["x"]] });
    const columns: TableColumn[] = [
      { header: "Qty", format: { kind: "quantity", decimals: 0 }, width: 8 },
    ];
    await createOfficeWorkbook(standIn.run).writeTable(table([[7]], { columns }));
    expect(standIn.cell("Breaks", 2, 1)).toMatchObject({ value: 7, numberFormat: "#,##0" });
  });

  it("replaces an existing sheet in its tab position, with one table", async () => {
    const standIn = createExcelStandIn({ Input: [["x"]], Breaks: [], Audit: [["y"]] });
    const workbook = createOfficeWorkbook(standIn.run);
    await workbook.writeTable(table(bigGrid(10, 5)));
    await workbook.writeTable(table(rows));
    expect(standIn.sheetNames()).toEqual(["Input", "Breaks", "Audit"]);
    expect(standIn.sheet("Breaks")).toHaveLength(1 + rows.length);
    expect(standIn.tables()).toHaveLength(1);
    expect(standIn.tables()[0]).toMatchObject({ name: "StockRecBreaks", address: "A1:E4" });
  });

  it("replaces a sheet that is the only one in the workbook", async () => {
    const standIn = createExcelStandIn({ Breaks: [["old"]] });
    await createOfficeWorkbook(standIn.run).writeTable(table(rows));
    expect(standIn.sheetNames()).toEqual(["Breaks"]);
    expect(standIn.sheet("Breaks")[1]).toEqual(rows[0]);
  });

  it("writes a header-only table when there are no rows", async () => {
    const standIn = createExcelStandIn({ Input: [["x"]] });
    await createOfficeWorkbook(standIn.run).writeTable(table([]));
    expect(standIn.sheet("Breaks")).toHaveLength(1);
    expect(standIn.tables()[0]!.address).toBe("A1:E2");
  });

  it("splits a large write into several requests, each under the limit", async () => {
    const grid = bigGrid(60_000, 5);
    const standIn = createExcelStandIn({ Input: [["x"]] });
    const workbook = createOfficeWorkbook(standIn.run);
    const progress: number[] = [];
    await workbook.writeTable(table(grid), { onProgress: (p) => progress.push(p.fraction) });

    expect(standIn.sheet("Breaks").slice(1)).toEqual(grid);
    const writes = standIn.stats.syncs.filter((s) => s.requestBytes > 100_000);
    expect(writes.length).toBeGreaterThanOrEqual(4);
    expect(standIn.stats.maxRequestBytes).toBeLessThan(FIVE_MB);
    expect(standIn.stats.syncs.every((s) => s.failed === undefined)).toBe(true);
    expect(progress.at(-1)).toBe(1);
    expect(workbook.stats.largestRequestBytes).toBeGreaterThanOrEqual(
      standIn.stats.maxRequestBytes - 10_000,
    );
  });

  it("retries a write block the host refuses for size with fewer rows", async () => {
    const grid = bigGrid(3_000, 5);
    const standIn = createExcelStandIn({ Input: [["x"]] }, { limits: { requestBytes: 200_000 } });
    const workbook = createOfficeWorkbook(standIn.run);
    await workbook.writeTable(table(grid));
    expect(standIn.sheet("Breaks").slice(1)).toEqual(grid);
    expect(standIn.stats.syncs.some((s) => s.failed === "RequestPayloadSizeLimitExceeded")).toBe(
      true,
    );
    expect(workbook.stats.retries).toBeGreaterThan(0);
  });

  it("works on hosts without suspendApiCalculationUntilNextSync", async () => {
    const standIn = createExcelStandIn({ Input: [["x"]] }, { withoutCalculationSuspension: true });
    await createOfficeWorkbook(standIn.run).writeTable(table(rows));
    expect(standIn.sheet("Breaks")).toHaveLength(4);
  });

  it("refuses a table it cannot write faithfully before touching Excel", async () => {
    const standIn = createExcelStandIn({ Input: [["x"]] });
    const workbook = createOfficeWorkbook(standIn.run);
    const duplicate: TableColumn[] = [
      { header: "Qty", format: text, width: 5 },
      { header: "qty", format: text, width: 5 },
    ];
    await expect(workbook.writeTable(table([], { columns: duplicate }))).rejects.toMatchObject({
      code: "bad_table",
      message: expect.stringMatching(/appears twice/),
    });
    await expect(workbook.writeTable(table([[1, 2, Number.NaN]]))).rejects.toMatchObject({
      code: "bad_table",
      message: expect.stringMatching(/row 1, column "Quantity"/),
    });
    expect(standIn.stats.syncCount).toBe(0);
  });
});

describe("createOfficeWorkbook: selecting and failing", () => {
  it("activates the sheet and selects the cell", async () => {
    const standIn = createExcelStandIn({ Input: [["x"]], Breaks: [["y"]] });
    await createOfficeWorkbook(standIn.run).selectCell("Breaks", 7, 3);
    expect(standIn.activeSheet()).toBe("Breaks");
    expect(standIn.selection()).toEqual({ sheet: "Breaks", address: "C7" });
    expect(standIn.stats.syncCount).toBe(1);
  });

  it("says which sheet is missing", async () => {
    const standIn = createExcelStandIn({ Input: [["x"]] });
    const workbook = createOfficeWorkbook(standIn.run);
    for (const attempt of [
      workbook.readSheet("Stock Record"),
      workbook.selectCell("Stock Record", 1, 1),
    ]) {
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkbookPortError);
      expect(error).toMatchObject({ code: "sheet_not_found" });
      expect((error as Error).message).toMatch(/"Stock Record".*renamed or deleted/);
    }
  });

  it("surfaces a host error with what failed, where, and what to do, keeping the cause", async () => {
    const standIn = createExcelStandIn({ Input: [["x"]] });
    const workbook = createOfficeWorkbook(standIn.run);
    standIn.failNextSync("InvalidOperationInCellEditMode", "Excel is in cell-editing mode.");
    const error = await workbook.writeTable(table([["A", "b", 1, 2, 3]])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookPortError);
    expect(error).toMatchObject({ code: "excel_busy" });
    expect((error as Error).message).toMatch(
      /table "StockRecBreaks" to "Breaks" while .*press Enter or Esc/,
    );
    expect((error as Error).cause).toMatchObject({ code: "InvalidOperationInCellEditMode" });
  });

  it("reports a table name already used elsewhere instead of swallowing it", async () => {
    const standIn = createExcelStandIn({ Input: [["x"]] });
    const workbook = createOfficeWorkbook(standIn.run);
    await workbook.writeTable(table([], { sheetName: "First" }));
    const error = await workbook
      .writeTable(table([], { sheetName: "Second" }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "name_taken", message: expect.stringMatching(/"Second"/) });
  });

  it("rejects a cell outside the sheet", async () => {
    const standIn = createExcelStandIn({ Input: [["x"]] });
    await expect(createOfficeWorkbook(standIn.run).selectCell("Input", 0, 1)).rejects.toMatchObject(
      {
        code: "bad_cell",
      },
    );
  });
});
