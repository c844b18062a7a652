/**
 * The Office.js adapter at Excel's scale, against the stand-in that enforces Excel on the web's
 * limits: a 1,000,000-row statement, the sheet's last row, the 5,000,000-cell read that Excel
 * answers with null, and a Breaks-sized write. Counts and limits only, never wall-clock times.
 */
import { describe, expect, it } from "vitest";
import { measureRead, measureWrite, statementRows } from "../../scripts/bench-excel";
import { createOfficeWorkbook } from "../../src/excel/officeWorkbook";
import { WorkbookPortError, type CellValue } from "../../src/workbook/port";
import { createExcelStandIn, MAX_SHEET_ROWS } from "../fakes/excelStandIn";

const FIVE_MB = 5_000_000;

describe("a 1,000,000-row statement", () => {
  it("is read exactly, in blocks under every limit, one sync per block, ranges untracked", async () => {
    const grid = statementRows(1_000_000);
    const standIn = createExcelStandIn({ Statement: grid });
    const workbook = createOfficeWorkbook(standIn.run);
    const progress: number[] = [];
    const snapshot = await workbook.readSheet("Statement", {
      onProgress: (p) => progress.push(p.fraction),
    });

    expect(snapshot.rows).toHaveLength(1_000_001);
    for (const r of [0, 1, 499_999, 1_000_000]) expect(snapshot.rows[r]).toEqual(grid[r]);
    const syncs = standIn.stats.syncs;
    expect(syncs.every((s) => s.failed === undefined)).toBe(true); // sized right first time
    // One sync for the used range, then one per block: about 2.3 MB each, so ~40 in all.
    expect(syncs.length).toBeGreaterThan(20);
    expect(syncs.length).toBeLessThan(80);
    expect(progress).toHaveLength(syncs.length - 1);
    expect(standIn.stats.maxResponseBytes).toBeLessThan(FIVE_MB);
    expect(standIn.stats.maxRequestBytes).toBeLessThan(10_000); // reads send no cell data
    expect(standIn.stats.maxCellsPerRead).toBeLessThan(5_000_000);
    expect(standIn.stats.untracked).toBe(syncs.length); // the used range and every block
    expect(standIn.stats.nullValueReads).toBe(0);
    expect(progress.at(-1)).toBe(1);
  }, 120_000);

  it("is refused when the sheet is used down to Excel's last row (it may have been cut off)", async () => {
    const full: CellValue[][] = Array.from({ length: MAX_SHEET_ROWS }, (_, r) => [r]);
    const standIn = createExcelStandIn({ Statement: full });
    const error = await createOfficeWorkbook(standIn.run)
      .readSheet("Statement")
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WorkbookPortError);
    expect(error).toMatchObject({ code: "sheet_full" });
    expect((error as Error).message).toMatch(/"Statement" is used down to Excel's last row/);
    expect(standIn.stats.syncCount).toBe(1); // refused from the used range, nothing read
  });

  it("reads a sheet that ends one row short of the ceiling", async () => {
    const almost: CellValue[][] = Array.from({ length: MAX_SHEET_ROWS - 1 }, (_, r) => [r]);
    const standIn = createExcelStandIn({ Statement: almost });
    const snapshot = await createOfficeWorkbook(standIn.run).readSheet("Statement");
    expect(snapshot.rows).toHaveLength(MAX_SHEET_ROWS - 1);
    expect(snapshot.rows.at(-1)).toEqual([MAX_SHEET_ROWS - 2]);
  });

  it("cannot exist in the stand-in past 1,048,576 rows, as in Excel", () => {
    const tooMany: CellValue[][] = Array.from({ length: MAX_SHEET_ROWS + 1 }, () => [1]);
    expect(() => createExcelStandIn({ Big: tooMany })).toThrow(/1048576 rows/);
  });
});

describe("Excel's answer to a read over 5,000,000 cells", () => {
  it("is null, not an error; the adapter notices and reads smaller blocks", async () => {
    const grid: CellValue[][] = Array.from({ length: 700_000 }, (_, r) => [r, 1, 2, 3, 4, 5, 6, 7]);
    const standIn = createExcelStandIn({ Numbers: grid });
    // Limits loose enough that the first block asks for every row: 5.6 million cells.
    const workbook = createOfficeWorkbook(standIn.run, {
      payloadBudgetBytes: 1e9,
      maxCellsPerBlock: 1e7,
      firstBlockBytesPerCell: 1,
    });
    const snapshot = await workbook.readSheet("Numbers");

    expect(standIn.stats.nullValueReads).toBe(1);
    expect(snapshot.rows).toHaveLength(700_000);
    expect(snapshot.rows[699_999]).toEqual(grid[699_999]);
    expect(workbook.stats.retries).toBeGreaterThanOrEqual(1);
    const ok = standIn.stats.syncs.filter((s) => s.failed === undefined);
    for (const sync of ok) {
      expect(sync.cellsRead).toBeLessThanOrEqual(5_000_000);
      expect(sync.responseBytes).toBeLessThanOrEqual(FIVE_MB);
    }
  }, 60_000);
});

describe("the bench's measures", () => {
  it("read 100,000 rows in a handful of syncs under the limits", async () => {
    const { measure, rowsRead } = await measureRead(100_000);
    expect(rowsRead).toBe(100_001);
    expect(measure.failedSyncs).toBe(0);
    expect(measure.syncs).toBeLessThanOrEqual(10);
    expect(measure.maxResponseBytes).toBeLessThan(FIVE_MB);
    expect(measure.totalBytes).toBeGreaterThan(8_000_000); // the data really went over the wire
  });

  it("write a Breaks-sized table of 100,000 rows in blocks under the limits, highlights included", async () => {
    const { measure, rowsWritten, conditionalFormats } = await measureWrite(100_000);
    expect(rowsWritten).toBe(100_000);
    expect(conditionalFormats).toBe(4);
    expect(measure.failedSyncs).toBe(0);
    // Existing sheets, layout, ~9 blocks of ~2.5 MB, then the table: one sync per block.
    expect(measure.syncs).toBeLessThanOrEqual(15);
    expect(measure.maxRequestBytes).toBeLessThan(FIVE_MB);
    expect(measure.maxRequestBytes).toBeGreaterThan(FIVE_MB / 4); // blocks are not tiny
  }, 60_000);
});
