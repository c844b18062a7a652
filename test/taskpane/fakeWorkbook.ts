/**
 * The shared in-memory port (src/workbook/memoryWorkbook.ts) with what the pane's tests add: any
 * method can be made to fail the way a host would, and reads can be held to press Cancel mid-run.
 */
import { MemoryWorkbook } from "../../src/workbook/memoryWorkbook";
import type {
  CellValue,
  ReadOptions,
  SheetInfo,
  SheetSnapshot,
  TableOutput,
  WorkbookPort,
} from "../../src/workbook/port";

export type FakeFailures = Partial<Record<keyof WorkbookPort, Error>> & {
  /** Makes `writeTable` fail for this one sheet only (the others are written). */
  readonly writeSheet?: { readonly name: string; readonly error: Error };
};

export class FakeWorkbook extends MemoryWorkbook {
  private readonly failures: FakeFailures;
  private release: () => void = () => {};
  private readonly readsAllowed: Promise<void>;

  /** With `holdReads`, every read waits for `allowReads()`. */
  constructor(
    sheets: Record<string, CellValue[][]>,
    failures: FakeFailures = {},
    holdReads = false,
  ) {
    super(sheets);
    this.failures = failures;
    this.readsAllowed = holdReads
      ? new Promise<void>((resolve) => (this.release = resolve))
      : Promise.resolve();
  }

  allowReads(): void {
    this.release();
  }

  private failIfAsked(method: keyof WorkbookPort): void {
    const failure = this.failures[method];
    if (failure !== undefined) throw failure;
  }

  override async listSheets(): Promise<SheetInfo[]> {
    this.failIfAsked("listSheets");
    return super.listSheets();
  }

  override async readSheet(name: string, options?: ReadOptions): Promise<SheetSnapshot> {
    await this.readsAllowed;
    this.failIfAsked("readSheet");
    return super.readSheet(name, options);
  }

  override async writeTable(output: TableOutput, options?: ReadOptions): Promise<void> {
    this.failIfAsked("writeTable");
    const failure = this.failures.writeSheet;
    if (failure !== undefined && failure.name === output.sheetName) throw failure.error;
    return super.writeTable(output, options);
  }

  override async selectCell(sheetName: string, row: number, column: number): Promise<void> {
    this.failIfAsked("selectCell");
    return super.selectCell(sheetName, row, column);
  }
}

/** Books at DTC and OCC against one statement each: one Long break and two Short. */
export function monthEndSheets(): Record<string, CellValue[][]> {
  return {
    "Stock Record": [
      ["CUSIP", "Description", "Location", "Quantity", "As Of"],
      ["037833100", "APPLE INC", "DTC", 1000, "2026-10-30"],
      ["594918104", "MICROSOFT CORP", "DTC", 500, "2026-10-30"],
      ["023135106", "AMAZON COM INC", "DTC", 250, "2026-10-30"],
      ["88160R101", "TESLA INC", "OCC", 300, "2026-10-30"],
    ],
    DTC: [
      ["CUSIP", "Quantity"],
      ["037833100", 1000],
      ["594918104", 450],
      ["023135106", 2250],
    ],
    OCC: [
      ["CUSIP", "Quantity"],
      ["88160R101", 0],
    ],
  };
}

/**
 * The same month end with the books' cash balances (GL) and the contras' cash statements: DTC
 * reports 124.50 less than the books (Short), OCC 100 more (Long).
 */
export function withCashSheets(
  sheets: Record<string, CellValue[][]> = monthEndSheets(),
): Record<string, CellValue[][]> {
  return {
    ...sheets,
    "GL Cash": [
      ["GL Account", "Account Name", "Contra", "Statement Account", "Currency", "Balance"],
      ["1010-100", "Cash at DTC", "DTC", "0123", "USD", 1250000],
      ["1020-100", "OCC margin deposit", "OCC", "00456", "USD", 500000],
    ],
    "Cash Statements": [
      ["Contra", "Account", "Currency", "Closing Balance", "As Of"],
      ["DTC", "0123", "USD", "1,249,875.50", "2026-10-30"],
      ["OCC", "00456", "USD", "500,100.00", "2026-10-30"],
    ],
  };
}
