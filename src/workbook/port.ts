/**
 * The host-neutral model of a workbook and the port every host implements (DESIGN.md).
 *
 * Implementations: `src/excel` (Office.js, chunked to Excel's limits), `src/xlsx` (ExcelJS, for the
 * CLI and the plain-browser task pane) and `src/workbook/memoryWorkbook.ts` (in memory, for tests).
 * Rows and columns in this interface are 1-based, as people read them in Excel.
 */

import type { Row, SheetSnapshot } from "../domain/sheet";

export type { CellValue, Row, SheetSnapshot } from "../domain/sheet";
export { columnLetter } from "../domain/sheet";

export interface SheetInfo {
  readonly name: string;
  /** Rows from row 1 to the last used row (0 for an empty sheet). */
  readonly rowCount: number;
  /** Columns from column A to the last used column (0 for an empty sheet). */
  readonly columnCount: number;
  readonly visible: boolean;
}

/**
 * How a column of a written table is formatted. `text` columns get the Text number format ("@")
 * before any value is written, so identifiers such as 037833100 keep their zeros; `quantity`
 * columns are right-aligned numbers with `decimals` places shown.
 */
export type ColumnFormat =
  | { readonly kind: "text" }
  | { readonly kind: "quantity"; readonly decimals: number }
  | { readonly kind: "date" }
  | { readonly kind: "general" };

export interface TableColumn {
  readonly header: string;
  readonly format: ColumnFormat;
  /** Approximate width in characters. */
  readonly width: number;
}

/** A result table: the whole sheet `sheetName` is replaced by one formatted Excel table. */
export interface TableOutput {
  readonly sheetName: string;
  /** Excel table name: letters, digits and underscores, unique in the workbook. */
  readonly tableName: string;
  readonly columns: readonly TableColumn[];
  readonly rows: readonly Row[];
  /**
   * Sheet visibility after writing (default visible). `veryHidden` sheets cannot be unhidden from
   * Excel's UI: StockRec keeps its settings and logs there.
   */
  readonly visibility?: SheetVisibility;
}

export type SheetVisibility = "visible" | "hidden" | "veryHidden";

export interface Progress {
  /** 0..1 */
  readonly fraction: number;
  readonly label: string;
}

export type ProgressListener = (progress: Progress) => void;

export interface ReadOptions {
  readonly onProgress?: ProgressListener;
  readonly signal?: AbortSignal;
}

export interface WorkbookPort {
  /** Worksheets in tab order. */
  listSheets(): Promise<SheetInfo[]>;
  /** Reads the used range of one sheet. Hosts with request limits read it in several requests. */
  readSheet(name: string, options?: ReadOptions): Promise<SheetSnapshot>;
  /**
   * Replaces sheet `output.sheetName` (creating it if needed) with one formatted table: header
   * row frozen, text columns formatted as text before values are written, quantity columns
   * right-aligned. Strings beginning with `=`, `+`, `-` or `@` are written as text, never formulas.
   */
  writeTable(output: TableOutput, options?: ReadOptions): Promise<void>;
  /** Activates `sheetName` and selects one cell (1-based row and column). */
  selectCell(sheetName: string, row: number, column: number): Promise<void>;
}

/** Thrown by a port when the host refuses an operation; the message says what and where. */
export class WorkbookPortError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = "WorkbookPortError";
  }
}
