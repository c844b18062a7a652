/**
 * A WorkbookPort held in memory, for unit tests of host-neutral code (the month-end flow, the
 * task pane). It has no size limits and does not format anything: `readSheet` returns the rows it
 * was given, or the header plus rows that `writeTable` last wrote. Every written TableOutput (with
 * its chart specs and conditional formats, checked as the real hosts check them), every change of
 * protection and the last selection are kept so tests can assert on what a host would have been
 * asked to do. Protection is a flag: `writeTable` on a protected sheet keeps it protected, as the
 * real hosts unprotect, write and protect again.
 */
import {
  WorkbookPortError,
  assertChartsFit,
  protectionInfo,
  assertConditionalFormatsFit,
  type ReadOptions,
  type Row,
  type SheetInfo,
  type SheetSnapshot,
  type TableOutput,
  type WorkbookPort,
} from "./port";

export interface CellSelection {
  readonly sheetName: string;
  /** 1-based, as in the port. */
  readonly row: number;
  readonly column: number;
}

export interface MemoryWorkbookOptions {
  /** Sheets that `listSheets` reports as not visible (hidden or very hidden in Excel). */
  readonly hidden?: readonly string[];
  /** Sheets protected from the start (as if a person protected them in Excel). */
  readonly protected?: readonly string[];
}

export interface ProtectionChange {
  readonly sheetName: string;
  readonly protect: boolean;
}

/**
 * Sheets in tab order. A record is the convenient form; entries keep the order of sheet names
 * that look like numbers ("2026"), which an object would move to the front.
 */
export type MemorySheets =
  Readonly<Record<string, readonly Row[]>> | readonly (readonly [string, readonly Row[]])[];

interface MemorySheet {
  name: string;
  rows: readonly Row[];
  visible: boolean;
  protected: boolean;
}

export class MemoryWorkbook implements WorkbookPort {
  private readonly sheets: MemorySheet[];
  private readonly written: TableOutput[] = [];
  private readonly protections: ProtectionChange[] = [];
  private lastSelection: CellSelection | null = null;

  constructor(sheets: MemorySheets = {}, options: MemoryWorkbookOptions = {}) {
    const hidden = new Set(options.hidden ?? []);
    const guarded = new Set(options.protected ?? []);
    const entries = Array.isArray(sheets) ? sheets : Object.entries(sheets);
    this.sheets = entries.map(([name, rows]) => ({
      name,
      rows,
      visible: !hidden.has(name),
      protected: guarded.has(name),
    }));
  }

  /** Every protection change asked for that changed something, in order. */
  get protectionChanges(): readonly ProtectionChange[] {
    return [...this.protections];
  }

  /** Every table written, in the order written (the same objects that were passed in). */
  get writtenTables(): readonly TableOutput[] {
    return [...this.written];
  }

  /** The last `selectCell`, or null if none. */
  get selection(): CellSelection | null {
    return this.lastSelection;
  }

  async listSheets(): Promise<SheetInfo[]> {
    return this.sheets.map((sheet) => ({
      name: sheet.name,
      rowCount: sheet.rows.length,
      columnCount: sheet.rows.reduce((widest, row) => Math.max(widest, row.length), 0),
      visible: sheet.visible,
      ...protectionInfo(sheet.protected),
    }));
  }

  async readSheet(name: string, options?: ReadOptions): Promise<SheetSnapshot> {
    options?.signal?.throwIfAborted();
    const sheet = this.find(name);
    options?.onProgress?.({ fraction: 1, label: `Read ${sheet.name}` });
    return { name: sheet.name, rows: sheet.rows };
  }

  async writeTable(output: TableOutput, options?: ReadOptions): Promise<void> {
    options?.signal?.throwIfAborted();
    // As every host does: a chart that does not fit its table is a bug, caught here in tests.
    assertChartsFit(output);
    assertConditionalFormatsFit(output);
    const rows: readonly Row[] = [output.columns.map((column) => column.header), ...output.rows];
    const existing = this.findOrUndefined(output.sheetName);
    if (existing) {
      // Excel sheet names ignore case: writing "Breaks" replaces "breaks" in place.
      existing.name = output.sheetName;
      existing.rows = rows;
      if (output.visibility !== undefined) existing.visible = output.visibility === "visible";
    } else {
      this.sheets.push({
        name: output.sheetName,
        rows,
        visible: output.visibility === undefined || output.visibility === "visible",
        protected: false,
      });
    }
    this.written.push(output);
    options?.onProgress?.({ fraction: 1, label: `Wrote ${output.sheetName}` });
  }

  async selectCell(sheetName: string, row: number, column: number): Promise<void> {
    const sheet = this.find(sheetName);
    if (!isPositiveInteger(row) || !isPositiveInteger(column)) {
      throw new WorkbookPortError(
        `Cannot select row ${row}, column ${column} on sheet "${sheet.name}": rows and columns start at 1.`,
        "bad_cell",
      );
    }
    if (!sheet.visible) {
      // As in Excel, which cannot activate a hidden sheet.
      throw new WorkbookPortError(
        `Sheet "${sheet.name}" is hidden, so it cannot be shown. Unhide it and try again.`,
        "sheet_hidden",
      );
    }
    this.lastSelection = { sheetName: sheet.name, row, column };
  }

  async setSheetProtection(sheetName: string, protect: boolean): Promise<void> {
    const sheet = this.find(sheetName);
    if (sheet.protected === protect) return;
    sheet.protected = protect;
    this.protections.push({ sheetName: sheet.name, protect });
  }

  private find(name: string): MemorySheet {
    const sheet = this.findOrUndefined(name);
    if (!sheet) {
      throw new WorkbookPortError(
        `There is no sheet named "${name}" in this workbook.`,
        "sheet_not_found",
      );
    }
    return sheet;
  }

  private findOrUndefined(name: string): MemorySheet | undefined {
    const folded = name.toLowerCase();
    return (
      this.sheets.find((sheet) => sheet.name === name) ??
      this.sheets.find((sheet) => sheet.name.toLowerCase() === folded)
    );
  }
}

function isPositiveInteger(value: number): boolean {
  return Number.isInteger(value) && value >= 1;
}
