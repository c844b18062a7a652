/**
 * The slice of the Excel JavaScript API (Office.js) that `officeWorkbook.ts` uses, described
 * structurally so the adapter can run against the real host (`Excel.run`) or an in-memory stand-in
 * in tests. The real `Excel.RequestContext` must stay assignable to `ExcelContext`;
 * test/excel/officeWorkbook.test.ts checks that at compile time against @types/office-js.
 *
 * Property types are as wide as the real ones (`string` where Office.js has a string enum) so that
 * the real classes fit; the adapter only ever writes the values documented next to each member.
 */

import type { CellValue } from "../domain/sheet";

/** Proxy objects: properties are readable only after `load(...)` and `context.sync()`. */
export interface ExcelClientObject {
  /** Meaningful after a sync, for objects returned by `...OrNullObject` methods. */
  readonly isNullObject: boolean;
  /** Comma-separated property names, e.g. "rowIndex,rowCount" or "items/name". */
  load(propertyNames: string): unknown;
}

export interface ExcelRangeFont {
  bold: boolean;
}

export interface ExcelRangeFormat {
  /** "General" | "Left" | "Center" | "Right" | ... */
  horizontalAlignment: string;
  /** Width of every column in the range, in points (not characters). */
  columnWidth: number;
  readonly font: ExcelRangeFont;
}

export interface ExcelRange extends ExcelClientObject {
  /**
   * Written as a 2-D array the size of the range. Read after loading "values": Excel returns
   * `null` instead of throwing when a read is too large (over 5,000,000 cells), hence `| null`.
   */
  values: CellValue[][] | null;
  /** A single format code string is applied to every cell of the range (Excel's "single input"). */
  numberFormat: string | string[][];
  readonly format: ExcelRangeFormat;
  /** Zero-based sheet row of the first cell. */
  readonly rowIndex: number;
  /** Zero-based sheet column of the first cell. */
  readonly columnIndex: number;
  readonly rowCount: number;
  readonly columnCount: number;
  /** ExcelApi 1.6: the conditional formats of this range. */
  readonly conditionalFormats: ExcelConditionalFormatCollection;
  select(): void;
  /** Lets the host forget the proxy; worth doing for every chunk range of a long read. */
  untrack(): unknown;
}

/** ExcelApi 1.6. Colours are "#RRGGBB". */
export interface ExcelConditionalRangeFormat {
  readonly fill: { color: string };
  readonly font: { color: string };
}

/**
 * `formula1` (and `formula2` for "Between") are formulas or constants: `=28`, `="Open"`.
 * `operator` is a ConditionalCellValueOperator: "EqualTo", "GreaterThan", "Between", ...
 */
export interface ExcelConditionalCellValueRule {
  formula1: string;
  formula2?: string;
  operator: string;
}

export interface ExcelCellValueConditionalFormat {
  readonly format: ExcelConditionalRangeFormat;
  rule: ExcelConditionalCellValueRule;
}

export interface ExcelConditionalFormat {
  /** Present when the format was added with type "CellValue". */
  readonly cellValue: ExcelCellValueConditionalFormat;
}

export interface ExcelConditionalFormatCollection {
  /** `type` is a ConditionalFormatType value; StockRec adds "CellValue" only. */
  add(type: string): ExcelConditionalFormat;
}

/**
 * ExcelApi 1.2. Since June 2026 Excel rejects protecting a protected sheet or unprotecting an
 * unprotected one with AccessDenied (OfficeDev/office-js#6784): load `protected` first.
 */
export interface ExcelWorksheetProtection extends ExcelClientObject {
  readonly protected: boolean;
  /** Without a password: StockRec's protection is a deterrent, and it must be able to lift it. */
  protect(options?: {
    allowAutoFilter?: boolean;
    allowFormatColumns?: boolean;
    allowSort?: boolean;
  }): void;
  unprotect(): void;
}

export interface ExcelTable {
  name: string;
  style: string;
  showBandedRows: boolean;
}

export interface ExcelTableCollection {
  add(address: ExcelRange | string, hasHeaders: boolean): ExcelTable;
}

/** ExcelApi 1.1. */
export interface ExcelChartTitle {
  text: string;
}

/** `name` is ExcelApi 1.1; `setXAxisValues` is 1.7 (the manifest asks for 1.9). */
export interface ExcelChartSeries {
  name: string;
  setXAxisValues(sourceData: ExcelRange): void;
}

export interface ExcelChartSeriesCollection {
  /** ExcelApi 1.1. */
  getItemAt(index: number): ExcelChartSeries;
}

export interface ExcelChart {
  name: string;
  readonly title: ExcelChartTitle;
  readonly series: ExcelChartSeriesCollection;
  /** ExcelApi 1.1: the chart covers `startCell` through `endCell` (A1 addresses on its sheet). */
  setPosition(startCell: ExcelRange | string, endCell?: ExcelRange | string): void;
}

export interface ExcelChartCollection {
  /**
   * ExcelApi 1.1. `type` is a ChartType value ("ColumnClustered", "BarClustered"); `seriesBy`
   * "Columns" makes each column of `sourceData` one series.
   */
  add(type: string, sourceData: ExcelRange, seriesBy?: string): ExcelChart;
}

export interface ExcelFreezePanes {
  freezeRows(count: number): void;
}

/** ExcelApi 1.9: how the sheet prints. */
export interface ExcelPageLayout {
  /** "Portrait" | "Landscape" */
  orientation: string;
  /** Set as a whole object (`zoom = {...}`), never `zoom.horizontalFitToPages = ...`. */
  zoom: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number };
  /** Whole rows of this sheet, e.g. "$1:$1", repeated at the top of every printed page. */
  setPrintTitleRows(printTitleRows: ExcelRange | string): void;
}

export interface ExcelWorksheet extends ExcelClientObject {
  name: string;
  /** "Visible" | "Hidden" | "VeryHidden" */
  visibility: string;
  /** Zero-based tab position. */
  position: number;
  readonly tables: ExcelTableCollection;
  readonly charts: ExcelChartCollection;
  readonly freezePanes: ExcelFreezePanes;
  readonly pageLayout: ExcelPageLayout;
  readonly protection: ExcelWorksheetProtection;
  /** The bounding box of used cells, or a null object for an empty sheet. */
  getUsedRangeOrNullObject(valuesOnly: boolean): ExcelRange;
  /** Zero-based start row and column. */
  getRangeByIndexes(
    startRow: number,
    startColumn: number,
    rowCount: number,
    columnCount: number,
  ): ExcelRange;
  /** An A1 address on this sheet, e.g. "B7" or "A1:D10". */
  getRange(address: string): ExcelRange;
  activate(): void;
  delete(): void;
}

export interface ExcelWorksheetCollection {
  /**
   * Tab order; readable after `load("items/name,...")` and a sync. "items/protection/protected"
   * loads each sheet's protection state in the same round trip.
   */
  readonly items: ExcelWorksheet[];
  load(propertyNames: string): unknown;
  /** Fails at the next sync with code "ItemNotFound" when there is no such sheet. */
  getItem(name: string): ExcelWorksheet;
  add(name: string): ExcelWorksheet;
}

export interface ExcelApplication {
  /** ExcelApi 1.6; optional here so hosts or stand-ins without it still fit. */
  suspendApiCalculationUntilNextSync?(): void;
}

export interface ExcelWorkbook {
  readonly worksheets: ExcelWorksheetCollection;
}

export interface ExcelContext {
  readonly workbook: ExcelWorkbook;
  readonly application: ExcelApplication;
  /** One round trip: sends every queued command and fills every loaded property. */
  sync(): Promise<unknown>;
}

/** `Excel.run` in the add-in; the stand-in's `run` in tests. */
export type ExcelRun = <T>(batch: (context: ExcelContext) => Promise<T>) => Promise<T>;

/** What Office.js rejects a sync with (OfficeExtension.Error): `code` is e.g. "ItemNotFound". */
export interface ExcelHostError {
  readonly name: string;
  readonly code: string;
  readonly message: string;
  readonly debugInfo?: unknown;
}
