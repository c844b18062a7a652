/**
 * An in-memory stand-in for the Excel host: the slice of Office.js in src/excel/excelApi.ts over
 * grids of cells, with the behaviour that makes Excel code go wrong in production, so it goes
 * wrong in unit tests instead (ENGINEERING.md §3):
 *
 * - Proxy objects: a property read before `load(...)` and `context.sync()` throws, as Office.js
 *   does (PropertyNotLoaded); writes are queued and applied, in order, at the next sync.
 * - Each sync is one round trip. The JSON size of the queued request and of the loaded response
 *   is measured; over the limit (5 MB, as Excel on the web) the sync is rejected with
 *   RequestPayloadSizeLimitExceeded / ResponsePayloadSizeLimitExceeded. A `values` load over
 *   5,000,000 cells returns null, as Excel may.
 * - Value coercion on write, as Excel does it: "=…", "+…", "-…" become formulas (stored as the
 *   value "#NAME?"), a leading apostrophe forces text and is stripped, numeric-looking strings
 *   become numbers unless the cell's number format is already "@", and a single scalar assigned
 *   to a multi-cell range fills every cell.
 * - Sheet names are unique case-insensitively, the last visible sheet cannot be deleted, table
 *   names are unique, and queued commands left unsynced when a batch ends are an error. A sheet
 *   holds 1,048,576 rows; values are kept in row arrays and formats as rectangles, so a
 *   million-row sheet costs what its values cost, as in Excel.
 * - Protection (ExcelApi 1.2): a protected sheet refuses every edit of its cells, formats,
 *   tables, charts and conditional formats with AccessDenied; protecting a protected sheet, or
 *   unprotecting an unprotected one, is refused too (as Excel does since June 2026). Deleting,
 *   renaming and hiding a protected sheet are allowed, as in Excel (that is workbook protection).
 * - Conditional formats (ExcelApi 1.6): "CellValue" rules only, with a known operator, formulas
 *   and "#RRGGBB" colours; they go with their sheet.
 * - Charts: `charts.add` takes only a ChartType and ChartSeriesBy value Excel knows and a range of
 *   the same sheet; series exist as the source range's shape makes them (one per column when by
 *   columns), and a chart goes when its sheet is deleted.
 * - Page layout (ExcelApi 1.9): orientation only "Portrait" or "Landscape"; zoom only as a whole
 *   object, with fit-to-pages from 1 to 100 or a scale from 10 to 400, never both; print title
 *   rows only whole rows of the sheet ("$1:$1"). Reading the page layout back is not supported
 *   (the adapter never loads it); its getters throw PropertyNotLoaded.
 */

import { columnLetter } from "../../src/domain/sheet";
import type {
  ExcelApplication,
  ExcelChart,
  ExcelChartCollection,
  ExcelChartSeries,
  ExcelChartSeriesCollection,
  ExcelChartTitle,
  ExcelConditionalCellValueRule,
  ExcelConditionalFormat,
  ExcelConditionalFormatCollection,
  ExcelContext,
  ExcelFreezePanes,
  ExcelHostError,
  ExcelPageLayout,
  ExcelRange,
  ExcelRangeFont,
  ExcelRangeFormat,
  ExcelRun,
  ExcelTable,
  ExcelTableCollection,
  ExcelWorkbook,
  ExcelWorksheet,
  ExcelWorksheetCollection,
  ExcelWorksheetProtection,
} from "../../src/excel/excelApi";
import type { CellValue } from "../../src/workbook/port";

export interface StandInLimits {
  /** JSON bytes one sync may send. */
  requestBytes: number;
  /** JSON bytes one sync may receive. */
  responseBytes: number;
  /** Cells one `values` load may return before Excel answers null. */
  cellsPerRead: number;
}

/** Excel on the web: 5 MB each way (counted as 5,000,000 bytes, the stricter reading). */
export const EXCEL_WEB_LIMITS: Readonly<StandInLimits> = {
  requestBytes: 5_000_000,
  responseBytes: 5_000_000,
  cellsPerRead: 5_000_000,
};

export const MAX_SHEET_ROWS = 1_048_576;
export const MAX_SHEET_COLUMNS = 16_384;

export interface StandInCell {
  /** null for an empty cell; a formula's computed value (always "#NAME?" here) otherwise. */
  value: string | number | boolean | null;
  numberFormat: string;
  formula: boolean;
  /** Written with a leading apostrophe: Excel keeps the text as typed. */
  quotePrefix: boolean;
  bold: boolean;
  horizontalAlignment: string;
}

export interface SyncRecord {
  readonly requestBytes: number;
  responseBytes: number;
  cellsRead: number;
  /** Error code when the sync was rejected. */
  failed?: string;
}

export interface StandInStats {
  syncCount: number;
  readonly syncs: SyncRecord[];
  /** Largest request and response among syncs that succeeded. */
  maxRequestBytes: number;
  maxResponseBytes: number;
  maxCellsPerRead: number;
  calculationSuspensions: number;
  untracked: number;
  /** `values` loads answered with null because they asked for more cells than Excel reads. */
  nullValueReads: number;
}

export interface StandInTableInfo {
  readonly name: string;
  readonly sheet: string;
  /** Without the sheet, e.g. "A1:D10". */
  readonly address: string;
  readonly style: string;
  readonly showBandedRows: boolean;
}

export interface StandInChartInfo {
  readonly name: string;
  readonly sheet: string;
  /** A ChartType value, e.g. "ColumnClustered". */
  readonly type: string;
  readonly seriesBy: string;
  /** The source range, e.g. "C12:C17". */
  readonly source: string;
  readonly title: string;
  readonly series: readonly { readonly name: string; readonly xAxisValues: string | null }[];
  /** "G2:N17" once positioned (`setPosition` with an end cell), "G2" without one, else null. */
  readonly position: string | null;
}

export interface StandInConditionalFormatInfo {
  readonly sheet: string;
  /** e.g. "O2:O5001": bounded to the rows written, never a whole column. */
  readonly address: string;
  readonly type: string;
  readonly fill: string | null;
  readonly fontColor: string | null;
  readonly rule: { formula1: string; formula2?: string; operator: string } | null;
}

export interface StandInOptions {
  readonly limits?: Partial<StandInLimits>;
  /** Leave out `application.suspendApiCalculationUntilNextSync` (hosts before ExcelApi 1.6). */
  readonly withoutCalculationSuspension?: boolean;
}

/** Shaped like OfficeExtension.Error, which is what `context.sync()` rejects with. */
export class StandInHostError extends Error implements ExcelHostError {
  override readonly name = "OfficeExtension.Error";
  readonly debugInfo: {
    readonly code: string;
    readonly message: string;
    readonly errorLocation?: string;
  };

  constructor(
    readonly code: string,
    message: string,
    errorLocation?: string,
  ) {
    super(message);
    this.debugInfo =
      errorLocation === undefined ? { code, message } : { code, message, errorLocation };
  }
}

const REQUEST_ENVELOPE_BYTES = 200;
const RESPONSE_ENVELOPE_BYTES = 100;
/** What one queued action costs on the wire besides its payload (object path, ids). */
const ACTION_BYTES = 60;

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}

function notLoaded(property: string): StandInHostError {
  return new StandInHostError(
    "PropertyNotLoaded",
    `The property '${property}' is not available. Before reading the property's value, call the ` +
      `load method on the containing object and call "context.sync()" on the associated request context.`,
  );
}

// ---------------------------------------------------------------------------------------------
// The workbook itself

interface Rect {
  readonly row: number;
  readonly column: number;
  readonly rowCount: number;
  readonly columnCount: number;
}

function a1(rect: Rect): string {
  const first = `${columnLetter(rect.column + 1)}${rect.row + 1}`;
  const last = `${columnLetter(rect.column + rect.columnCount)}${rect.row + rect.rowCount}`;
  return first === last ? first : `${first}:${last}`;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const char of letters.toUpperCase()) n = n * 26 + (char.charCodeAt(0) - 64);
  return n;
}

const ADDRESS =
  /^(?:(?:'((?:[^']|'')+)'|([^'!]+))!)?\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/;

/** "B7", "A1:D10", "'My Sheet'!A1:D10" → sheet name (if any) and zero-based rectangle. */
function parseAddress(address: string): { sheet: string | null; rect: Rect } {
  const match = ADDRESS.exec(address.trim());
  if (!match) throw new StandInHostError("InvalidArgument", `Bad address "${address}".`);
  const [, quoted, bare, c1, r1, c2, r2] = match;
  const sheet = quoted !== undefined ? quoted.replace(/''/g, "'") : (bare ?? null);
  const firstRow = Number(r1) - 1;
  const firstColumn = columnNumber(c1!) - 1;
  const lastRow = r2 === undefined ? firstRow : Number(r2) - 1;
  const lastColumn = c2 === undefined ? firstColumn : columnNumber(c2) - 1;
  return {
    sheet,
    rect: {
      row: Math.min(firstRow, lastRow),
      column: Math.min(firstColumn, lastColumn),
      rowCount: Math.abs(lastRow - firstRow) + 1,
      columnCount: Math.abs(lastColumn - firstColumn) + 1,
    },
  };
}

const NUMERIC = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

type Stored = string | number | boolean | null;

/** Cell flags kept beside the values: a formula, or text written with a leading apostrophe. */
const FORMULA = 1;
const QUOTE_PREFIX = 2;

/** What Excel stores when a value arrives through `Range.values`, given the cell's format. */
function coerce(input: unknown, numberFormat: string): { value: Stored; flags: number } {
  if (typeof input === "number" || typeof input === "boolean") return { value: input, flags: 0 };
  const text = String(input);
  if (text === "") return { value: null, flags: 0 };
  if (text.startsWith("'")) return { value: text.slice(1), flags: QUOTE_PREFIX };
  if (text.startsWith("=") || (/^[+-]/.test(text) && text.length > 1)) {
    // Pessimistic on purpose: whether "@" alone stops formula parsing via the API is unconfirmed.
    return { value: "#NAME?", flags: FORMULA };
  }
  if (numberFormat !== "@" && NUMERIC.test(text)) return { value: Number(text), flags: 0 };
  if (numberFormat !== "@" && /^(true|false)$/i.test(text))
    return { value: text.toUpperCase() === "TRUE", flags: 0 };
  return { value: text, flags: 0 };
}

/** What a sheet prints like, as set through its page layout. */
export interface StandInPageSetup {
  orientation: string | null;
  zoom: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number } | null;
  /** Zero-based first and last row repeated on every page, or null. */
  printTitleRows: { first: number; last: number } | null;
}

/** Formatting applied to a rectangle; later entries win, attribute by attribute. */
interface StyleEntry {
  readonly rect: Rect;
  readonly numberFormat?: string;
  readonly bold?: boolean;
  readonly horizontalAlignment?: string;
}

type StyleKey = "numberFormat" | "bold" | "horizontalAlignment";

const DEFAULT_STYLE = { numberFormat: "General", bold: false, horizontalAlignment: "General" };

function contains(rect: Rect, row: number, column: number): boolean {
  return (
    row >= rect.row &&
    row < rect.row + rect.rowCount &&
    column >= rect.column &&
    column < rect.column + rect.columnCount
  );
}

/**
 * One worksheet. Values live in plain row arrays and formats as a list of rectangles, not one
 * object per cell, so a sheet of a million rows fits in memory as it does in Excel.
 */
class SheetModel {
  deleted = false;
  frozenRows = 0;
  /** Worksheet protection (ExcelApi 1.2): every cell is locked, so no edit goes through. */
  protected = false;
  readonly pageSetup: StandInPageSetup = { orientation: null, zoom: null, printTitleRows: null };
  /** Sparse: values[r]?.[c] is undefined for a cell never given a value. */
  private readonly values: (Stored | undefined)[][] = [];
  private readonly flags: (number | undefined)[][] = [];
  private readonly styles: StyleEntry[] = [];
  /** Zero-based column → width in points. */
  readonly columnWidths = new Map<number, number>();

  constructor(
    public name: string,
    public visibility = "Visible",
  ) {}

  valueAt(row: number, column: number): Stored {
    return this.values[row]?.[column] ?? null;
  }

  /** As given, without coercion (a workbook's initial contents). */
  put(row: number, column: number, value: Stored): void {
    (this.values[row] ??= [])[column] = value;
  }

  styleAt<K extends StyleKey>(key: K, row: number, column: number): (typeof DEFAULT_STYLE)[K] {
    for (let i = this.styles.length - 1; i >= 0; i--) {
      const entry = this.styles[i]!;
      const value = entry[key];
      if (value !== undefined && contains(entry.rect, row, column))
        return value as (typeof DEFAULT_STYLE)[K];
    }
    return DEFAULT_STYLE[key];
  }

  /** The number format of every row of `rect` in `column`, or undefined when it varies. */
  private uniformNumberFormat(rect: Rect, column: number): string | undefined {
    for (let i = this.styles.length - 1; i >= 0; i--) {
      const entry = this.styles[i]!;
      if (entry.numberFormat === undefined) continue;
      const r = entry.rect;
      if (column < r.column || column >= r.column + r.columnCount) continue;
      if (r.row + r.rowCount <= rect.row || r.row >= rect.row + rect.rowCount) continue;
      const covers = r.row <= rect.row && r.row + r.rowCount >= rect.row + rect.rowCount;
      return covers ? entry.numberFormat : undefined;
    }
    return DEFAULT_STYLE.numberFormat;
  }

  style(rect: Rect, style: Omit<StyleEntry, "rect">): void {
    this.styles.push({ rect, ...style });
  }

  /** Writes `input(r, c)` into `rect` as Excel coerces it; null and undefined leave a cell as is. */
  write(rect: Rect, input: (r: number, c: number) => unknown): void {
    for (let c = 0; c < rect.columnCount; c++) {
      const column = rect.column + c;
      const uniform = this.uniformNumberFormat(rect, column);
      for (let r = 0; r < rect.rowCount; r++) {
        const given = input(r, c);
        if (given === null || given === undefined) continue; // Excel ignores nulls in a 2-D write
        const row = rect.row + r;
        const format = uniform ?? this.styleAt("numberFormat", row, column);
        const { value, flags } = coerce(given, format);
        (this.values[row] ??= [])[column] = value;
        const rowFlags = this.flags[row];
        if (flags !== 0) (this.flags[row] ??= [])[column] = flags;
        else if (rowFlags?.[column] !== undefined) rowFlags[column] = 0;
      }
    }
  }

  cell(row: number, column: number): StandInCell {
    const flags = this.flags[row]?.[column] ?? 0;
    return {
      value: this.valueAt(row, column),
      numberFormat: this.styleAt("numberFormat", row, column),
      formula: (flags & FORMULA) !== 0,
      quotePrefix: (flags & QUOTE_PREFIX) !== 0,
      bold: this.styleAt("bold", row, column),
      horizontalAlignment: this.styleAt("horizontalAlignment", row, column),
    };
  }

  /** Bounding box of cells with a value (valuesOnly) or with anything set; null when none. */
  usedRect(valuesOnly: boolean): Rect | null {
    let top = Infinity;
    let left = Infinity;
    let bottom = -1;
    let right = -1;
    const include = (rect: Rect) => {
      top = Math.min(top, rect.row);
      left = Math.min(left, rect.column);
      bottom = Math.max(bottom, rect.row + rect.rowCount - 1);
      right = Math.max(right, rect.column + rect.columnCount - 1);
    };
    this.values.forEach((cells, r) => {
      let first = -1;
      let last = -1;
      for (let c = 0; c < cells.length; c++) {
        if (cells[c] === null || cells[c] === undefined) continue;
        if (first < 0) first = c;
        last = c;
      }
      if (first >= 0)
        include({ row: r, column: first, rowCount: 1, columnCount: last - first + 1 });
    });
    if (!valuesOnly) {
      for (const entry of this.styles) {
        const { rect, ...style } = entry;
        const plain = Object.entries(style).every(
          ([key, value]) => DEFAULT_STYLE[key as StyleKey] === value,
        );
        if (!plain) include(rect);
      }
    }
    if (bottom < 0) return null;
    return { row: top, column: left, rowCount: bottom - top + 1, columnCount: right - left + 1 };
  }

  /** Excel refuses any edit of a protected sheet's cells (all cells are locked by default). */
  checkEditable(): void {
    if (this.protected) {
      throw new StandInHostError(
        "AccessDenied",
        `You cannot perform the requested operation: sheet "${this.name}" is protected.`,
      );
    }
  }
}

interface TableModel {
  name: string;
  readonly sheet: SheetModel;
  readonly rect: Rect;
  style: string;
  showBandedRows: boolean;
}

const BAD_SHEET_NAME = /[[\]:*?/\\]/;

interface ChartModel {
  name: string;
  readonly sheet: SheetModel;
  readonly type: string;
  readonly seriesBy: string;
  readonly source: Rect;
  title: string;
  readonly series: { name: string; xAxisValues: Rect | null }[];
  position: string | null;
}

/** Excel.ChartType values (ExcelApi 1.1–1.9); anything else is rejected as Excel does. */
const CHART_TYPES = new Set([
  "ColumnClustered",
  "ColumnStacked",
  "ColumnStacked100",
  "BarClustered",
  "BarStacked",
  "BarStacked100",
  "Line",
  "LineMarkers",
  "LineStacked",
  "Pie",
  "Doughnut",
  "Area",
  "AreaStacked",
  "XYScatter",
  "Radar",
]);
const SERIES_BY = new Set(["Auto", "Columns", "Rows"]);

class WorkbookModel {
  readonly sheets: SheetModel[] = [];
  readonly tables: TableModel[] = [];
  readonly charts: ChartModel[] = [];
  readonly conditionalFormats: ConditionalFormatModel[] = [];
  active: SheetModel | null = null;
  selection: { sheet: string; address: string } | null = null;

  find(name: string): SheetModel | undefined {
    const key = name.toLowerCase();
    return this.sheets.find((sheet) => sheet.name.toLowerCase() === key);
  }

  get(name: string): SheetModel {
    const sheet = this.find(name);
    if (!sheet) {
      throw new StandInHostError("ItemNotFound", "The requested resource doesn't exist.", name);
    }
    return sheet;
  }

  checkSheetName(name: string, except?: SheetModel): void {
    if (name.length === 0 || name.length > 31 || BAD_SHEET_NAME.test(name) || /^'|'$/.test(name)) {
      throw new StandInHostError("InvalidArgument", `"${name}" is not a valid sheet name.`);
    }
    const other = this.find(name);
    if (other && other !== except) {
      throw new StandInHostError("ItemAlreadyExists", `A sheet named "${name}" already exists.`);
    }
  }

  add(name: string): SheetModel {
    this.checkSheetName(name);
    const sheet = new SheetModel(name);
    this.sheets.push(sheet);
    this.active ??= sheet;
    return sheet;
  }

  delete(sheet: SheetModel): void {
    const visible = this.sheets.filter((s) => s.visibility === "Visible");
    if (visible.length === 1 && visible[0] === sheet) {
      throw new StandInHostError(
        "InvalidOperation",
        "A workbook must contain at least one visible worksheet.",
      );
    }
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    sheet.deleted = true;
    for (let i = this.tables.length - 1; i >= 0; i--) {
      if (this.tables[i]!.sheet === sheet) this.tables.splice(i, 1);
    }
    for (let i = this.charts.length - 1; i >= 0; i--) {
      if (this.charts[i]!.sheet === sheet) this.charts.splice(i, 1);
    }
    for (let i = this.conditionalFormats.length - 1; i >= 0; i--) {
      if (this.conditionalFormats[i]!.sheet === sheet) this.conditionalFormats.splice(i, 1);
    }
    if (this.active === sheet) {
      this.active = this.sheets.find((s) => s.visibility === "Visible") ?? null;
    }
  }

  move(sheet: SheetModel, position: number): void {
    if (!Number.isInteger(position) || position < 0 || position >= this.sheets.length) {
      throw new StandInHostError("InvalidArgument", `Position ${position} is out of range.`);
    }
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    this.sheets.splice(position, 0, sheet);
  }

  addTable(sheet: SheetModel, rect: Rect): TableModel {
    for (const table of this.tables) {
      if (table.sheet === sheet && overlaps(table.rect, rect)) {
        throw new StandInHostError("InvalidArgument", "A table can't overlap another table.");
      }
    }
    let n = this.tables.length + 1;
    while (this.tables.some((t) => t.name.toLowerCase() === `table${n}`)) n++;
    const table: TableModel = {
      name: `Table${n}`,
      sheet,
      rect,
      style: "TableStyleMedium2",
      showBandedRows: true,
    };
    this.tables.push(table);
    return table;
  }

  addChart(sheet: SheetModel, type: string, source: RangeTarget, seriesBy: string): ChartModel {
    if (!CHART_TYPES.has(type)) {
      throw new StandInHostError("InvalidArgument", `"${type}" is not a chart type.`);
    }
    if (!SERIES_BY.has(seriesBy)) {
      throw new StandInHostError("InvalidArgument", `"${seriesBy}" is not a ChartSeriesBy value.`);
    }
    if (source.sheet !== sheet) {
      throw new StandInHostError("InvalidArgument", "The source data is on another sheet.");
    }
    const count = seriesBy === "Rows" ? source.rect.rowCount : source.rect.columnCount;
    const chart: ChartModel = {
      name: `Chart ${this.charts.length + 1}`,
      sheet,
      type,
      seriesBy,
      source: source.rect,
      title: "",
      series: Array.from({ length: count }, (_, i) => ({
        name: `Series${i + 1}`,
        xAxisValues: null,
      })),
      position: null,
    };
    this.charts.push(chart);
    return chart;
  }

  renameTable(table: TableModel, name: string): void {
    if (!/^[A-Za-z_\\][A-Za-z0-9_.]*$/.test(name) || name.length > 255) {
      throw new StandInHostError("InvalidArgument", `"${name}" is not a valid table name.`);
    }
    const other = this.tables.find((t) => t.name.toLowerCase() === name.toLowerCase());
    if (other && other !== table) {
      throw new StandInHostError("ItemAlreadyExists", `A table named "${name}" already exists.`);
    }
    table.name = name;
  }
}

function overlaps(a: Rect, b: Rect): boolean {
  return (
    a.row < b.row + b.rowCount &&
    b.row < a.row + a.rowCount &&
    a.column < b.column + b.columnCount &&
    b.column < a.column + a.columnCount
  );
}

// ---------------------------------------------------------------------------------------------
// Request context and proxies

/** What a queued action hands back at sync: bytes to send back and a way to fill the proxy. */
interface Delivery {
  readonly bytes: number;
  readonly cells: number;
  deliver(): void;
}

interface Action {
  readonly requestBytes: number;
  execute(): Delivery | undefined;
}

class Host {
  readonly model = new WorkbookModel();
  readonly stats: StandInStats = {
    syncCount: 0,
    syncs: [],
    maxRequestBytes: 0,
    maxResponseBytes: 0,
    maxCellsPerRead: 0,
    calculationSuspensions: 0,
    untracked: 0,
    nullValueReads: 0,
  };
  readonly injectedFailures: StandInHostError[] = [];
  beforeSync: ((syncNumber: number) => void) | undefined;

  constructor(
    readonly limits: StandInLimits,
    readonly suspendsCalculation: boolean,
  ) {}
}

class StandInContext implements ExcelContext {
  readonly workbook: ExcelWorkbook;
  readonly application: ExcelApplication;
  private queue: Action[] = [];
  closed = false;

  constructor(readonly host: Host) {
    this.workbook = { worksheets: new StandInWorksheetCollection(this) };
    this.application = host.suspendsCalculation
      ? {
          suspendApiCalculationUntilNextSync: () =>
            this.enqueue(ACTION_BYTES, () => {
              host.stats.calculationSuspensions++;
              return undefined;
            }),
        }
      : {};
  }

  get model(): WorkbookModel {
    return this.host.model;
  }

  get pending(): number {
    return this.queue.length;
  }

  enqueue(requestBytes: number, execute: () => Delivery | undefined): void {
    if (this.closed) {
      throw new StandInHostError(
        "InvalidRequestContext",
        "The batch has ended (Excel.run returned).",
      );
    }
    this.queue.push({ requestBytes, execute });
  }

  async sync(): Promise<void> {
    await Promise.resolve(); // a round trip is never synchronous
    const actions = this.queue;
    this.queue = [];
    const stats = this.host.stats;
    stats.syncCount++;
    this.host.beforeSync?.(stats.syncCount);
    const requestBytes =
      REQUEST_ENVELOPE_BYTES + actions.reduce((sum, action) => sum + action.requestBytes, 0);
    const record: SyncRecord = { requestBytes, responseBytes: 0, cellsRead: 0 };
    stats.syncs.push(record);
    try {
      const injected = this.host.injectedFailures.shift();
      if (injected) throw injected;
      if (requestBytes > this.host.limits.requestBytes) {
        throw new StandInHostError(
          "RequestPayloadSizeLimitExceeded",
          `The request payload size (${requestBytes} bytes) has exceeded the limit.`,
        );
      }
      const deliveries = actions.flatMap((action) => action.execute() ?? []);
      record.responseBytes =
        RESPONSE_ENVELOPE_BYTES + deliveries.reduce((sum, d) => sum + d.bytes, 0);
      record.cellsRead = deliveries.reduce((sum, d) => sum + d.cells, 0);
      if (record.responseBytes > this.host.limits.responseBytes) {
        throw new StandInHostError(
          "ResponsePayloadSizeLimitExceeded",
          `The response payload size (${record.responseBytes} bytes) has exceeded the limit.`,
        );
      }
      for (const delivery of deliveries) delivery.deliver();
    } catch (error) {
      record.failed = error instanceof StandInHostError ? error.code : "Unknown";
      throw error;
    }
    stats.maxRequestBytes = Math.max(stats.maxRequestBytes, record.requestBytes);
    stats.maxResponseBytes = Math.max(stats.maxResponseBytes, record.responseBytes);
    stats.maxCellsPerRead = Math.max(stats.maxCellsPerRead, record.cellsRead);
  }
}

/** A value that exists once the action creating it has run at a sync. */
class Resolved<T> {
  private value: { readonly it: T } | undefined;

  set(it: T): T {
    this.value = { it };
    return it;
  }

  get(): T {
    if (!this.value)
      throw new StandInHostError("InvalidObjectPath", "The object was never synced.");
    return this.value.it;
  }

  get ready(): boolean {
    return this.value !== undefined;
  }
}

abstract class StandInClientObject {
  protected readonly loaded = new Map<string, unknown>();

  constructor(protected readonly context: StandInContext) {}

  protected read<T>(property: string): T {
    if (!this.loaded.has(property)) throw notLoaded(property);
    return this.loaded.get(property) as T;
  }

  /** Queues a load of `propertyNames` taken from `snapshot` when the action runs. */
  protected queueLoad(
    propertyNames: string,
    allowed: readonly string[],
    snapshot: (property: string) => { value: unknown; cells: number },
    isNullObject: () => boolean = () => false,
  ): void {
    const properties = propertyNames
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean);
    this.context.enqueue(ACTION_BYTES + propertyNames.length, () => {
      const unknown = properties.find((p) => !allowed.includes(p));
      if (unknown !== undefined) {
        throw new StandInHostError("PropertyNotFound", `There is no property '${unknown}'.`);
      }
      // A null object loads fine but has nothing to deliver: check isNullObject first.
      if (isNullObject()) return { bytes: ACTION_BYTES, cells: 0, deliver: () => undefined };
      const taken = properties.map((p) => ({ property: p, ...snapshot(p) }));
      const payload = Object.fromEntries(taken.map((t) => [t.property, t.value]));
      return {
        bytes: ACTION_BYTES + jsonBytes(payload),
        cells: taken.reduce((sum, t) => sum + t.cells, 0),
        deliver: () => {
          for (const t of taken) this.loaded.set(t.property, t.value);
        },
      };
    });
  }
}

class StandInWorksheetCollection implements ExcelWorksheetCollection {
  private loadedItems: StandInWorksheet[] | undefined;

  constructor(private readonly context: StandInContext) {}

  get items(): StandInWorksheet[] {
    if (!this.loadedItems) throw notLoaded("items");
    return this.loadedItems;
  }

  load(propertyNames: string): this {
    const properties = propertyNames
      .split(",")
      .map((p) => p.trim().replace(/^items\//, ""))
      .filter((p) => p !== "items" && p !== "");
    this.context.enqueue(ACTION_BYTES + propertyNames.length, () => {
      const sheets = [...this.context.model.sheets];
      const items = sheets.map((sheet) => StandInWorksheet.bound(this.context, sheet, properties));
      return {
        bytes: jsonBytes(items.map((item) => item.loadedSnapshot())),
        cells: 0,
        deliver: () => {
          this.loadedItems = items;
        },
      };
    });
    return this;
  }

  getItem(name: string): StandInWorksheet {
    return StandInWorksheet.create(this.context, () => this.context.model.get(name), name);
  }

  add(name: string): StandInWorksheet {
    return StandInWorksheet.create(this.context, () => this.context.model.add(name), name);
  }
}

const WORKSHEET_PROPERTIES = ["name", "visibility", "position"] as const;

class StandInWorksheet extends StandInClientObject implements ExcelWorksheet {
  private readonly target = new Resolved<SheetModel>();
  readonly tables: StandInTableCollection;
  readonly charts: StandInChartCollection;
  readonly freezePanes: ExcelFreezePanes;
  readonly pageLayout: StandInPageLayout;
  readonly protection: StandInWorksheetProtection;

  private constructor(context: StandInContext) {
    super(context);
    this.protection = new StandInWorksheetProtection(context, () => this.sheet());
    this.pageLayout = new StandInPageLayout(context, () => this.sheet());
    this.tables = new StandInTableCollection(context, () => this.sheet());
    this.charts = new StandInChartCollection(context, () => this.sheet());
    this.freezePanes = {
      freezeRows: (count: number) =>
        this.context.enqueue(ACTION_BYTES, () => {
          this.sheet().frozenRows = count;
          return undefined;
        }),
    };
  }

  /** A proxy whose sheet is found (or made) by `resolve` when its action runs at sync. */
  static create(
    context: StandInContext,
    resolve: () => SheetModel,
    label: string,
  ): StandInWorksheet {
    const proxy = new StandInWorksheet(context);
    context.enqueue(ACTION_BYTES + label.length, () => {
      proxy.target.set(resolve());
      return undefined;
    });
    return proxy;
  }

  /** A proxy from a collection load, with `properties` already loaded. */
  static bound(context: StandInContext, sheet: SheetModel, properties: readonly string[]) {
    const proxy = new StandInWorksheet(context);
    proxy.target.set(sheet);
    for (const property of properties) {
      if (property === "protection/protected") {
        proxy.protection.preload(sheet.protected);
        continue;
      }
      if (!(WORKSHEET_PROPERTIES as readonly string[]).includes(property)) {
        throw new StandInHostError("PropertyNotFound", `There is no property '${property}'.`);
      }
      proxy.loaded.set(property, proxy.snapshot(property));
    }
    return proxy;
  }

  loadedSnapshot(): Record<string, unknown> {
    return { ...Object.fromEntries(this.loaded), ...this.protection.loadedSnapshot() };
  }

  private snapshot(property: string): unknown {
    const sheet = this.sheet();
    if (property === "name") return sheet.name;
    if (property === "visibility") return sheet.visibility;
    return this.context.model.sheets.indexOf(sheet);
  }

  sheet(): SheetModel {
    const sheet = this.target.get();
    if (sheet.deleted)
      throw new StandInHostError("ItemNotFound", `Sheet "${sheet.name}" was deleted.`);
    return sheet;
  }

  get isNullObject(): boolean {
    if (!this.target.ready) throw notLoaded("isNullObject");
    return false;
  }

  load(propertyNames: string): this {
    this.queueLoad(propertyNames, WORKSHEET_PROPERTIES, (p) => ({
      value: this.snapshot(p),
      cells: 0,
    }));
    return this;
  }

  get name(): string {
    return this.read("name");
  }

  set name(name: string) {
    this.context.enqueue(ACTION_BYTES + jsonBytes(name), () => {
      const sheet = this.sheet();
      this.context.model.checkSheetName(name, sheet);
      sheet.name = name;
      return undefined;
    });
  }

  get visibility(): string {
    return this.read("visibility");
  }

  set visibility(visibility: string) {
    this.context.enqueue(ACTION_BYTES, () => {
      this.sheet().visibility = visibility;
      return undefined;
    });
  }

  get position(): number {
    return this.read("position");
  }

  set position(position: number) {
    this.context.enqueue(ACTION_BYTES, () => {
      this.context.model.move(this.sheet(), position);
      return undefined;
    });
  }

  getUsedRangeOrNullObject(valuesOnly: boolean): StandInRange {
    return StandInRange.create(this.context, () => {
      const sheet = this.sheet();
      const rect = sheet.usedRect(valuesOnly);
      return rect && { sheet, rect };
    });
  }

  getRangeByIndexes(row: number, column: number, rowCount: number, columnCount: number) {
    return StandInRange.create(this.context, () => {
      const rect = { row, column, rowCount, columnCount };
      checkRect(rect);
      return { sheet: this.sheet(), rect };
    });
  }

  getRange(address: string): StandInRange {
    return StandInRange.create(this.context, () => {
      const parsed = parseAddress(address);
      if (parsed.sheet !== null) {
        throw new StandInHostError("InvalidArgument", `Use a local address, not "${address}".`);
      }
      checkRect(parsed.rect);
      return { sheet: this.sheet(), rect: parsed.rect };
    });
  }

  activate(): void {
    this.context.enqueue(ACTION_BYTES, () => {
      const sheet = this.sheet();
      if (sheet.visibility !== "Visible") {
        throw new StandInHostError("InvalidOperation", "A hidden sheet can't be activated.");
      }
      this.context.model.active = sheet;
      return undefined;
    });
  }

  delete(): void {
    this.context.enqueue(ACTION_BYTES, () => {
      this.context.model.delete(this.sheet());
      return undefined;
    });
  }
}

/** Excel's print fit-to-pages and scale limits. */
const FIT_TO_PAGES_MAX = 100;
const SCALE_MIN = 10;
const SCALE_MAX = 400;

class StandInPageLayout implements ExcelPageLayout {
  constructor(
    private readonly context: StandInContext,
    private readonly sheet: () => SheetModel,
  ) {}

  get orientation(): string {
    throw notLoaded("orientation");
  }

  set orientation(orientation: string) {
    this.context.enqueue(ACTION_BYTES + jsonBytes(orientation), () => {
      if (orientation !== "Portrait" && orientation !== "Landscape") {
        throw new StandInHostError(
          "InvalidArgument",
          `"${orientation}" is not a PageOrientation value.`,
        );
      }
      this.sheet().pageSetup.orientation = orientation;
      return undefined;
    });
  }

  /** Office.js hands out a copy: `zoom.scale = 50` would change nothing, so it is refused here. */
  get zoom(): ExcelPageLayout["zoom"] {
    throw notLoaded("zoom");
  }

  set zoom(zoom: ExcelPageLayout["zoom"]) {
    const copy = { ...zoom };
    this.context.enqueue(ACTION_BYTES + jsonBytes(copy), () => {
      const fits = [copy.horizontalFitToPages, copy.verticalFitToPages].filter(
        (n): n is number => n !== undefined && n !== null,
      );
      const fitsOk = fits.every((n) => Number.isInteger(n) && n >= 0 && n <= FIT_TO_PAGES_MAX);
      const scale = copy.scale;
      const scaleOk =
        scale === undefined ||
        scale === null ||
        (Number.isFinite(scale) && scale >= SCALE_MIN && scale <= SCALE_MAX);
      const both = fits.length > 0 && scale !== undefined && scale !== null;
      if (!fitsOk || !scaleOk || both || (fits.length === 0 && !scale)) {
        throw new StandInHostError(
          "InvalidArgument",
          `The zoom ${JSON.stringify(copy)} is not valid: fit to 0-${FIT_TO_PAGES_MAX} pages, or a scale of ${SCALE_MIN}-${SCALE_MAX}.`,
        );
      }
      this.sheet().pageSetup.zoom = copy;
      return undefined;
    });
  }

  setPrintTitleRows(printTitleRows: ExcelRange | string): void {
    if (typeof printTitleRows !== "string") {
      throw new StandInHostError("InvalidArgument", "The stand-in takes print title rows as text.");
    }
    this.context.enqueue(ACTION_BYTES + jsonBytes(printTitleRows), () => {
      const match = /^\$?(\d+):\$?(\d+)$/.exec(printTitleRows);
      const first = Number(match?.[1]);
      const last = Number(match?.[2]);
      if (!match || first < 1 || last < first || last > MAX_SHEET_ROWS) {
        throw new StandInHostError(
          "InvalidArgument",
          `"${printTitleRows}" is not whole rows of the sheet (e.g. "$1:$1").`,
        );
      }
      this.sheet().pageSetup.printTitleRows = { first: first - 1, last: last - 1 };
      return undefined;
    });
  }
}

/**
 * Worksheet protection (ExcelApi 1.2). Since June 2026 Excel rejects `protect()` on a protected
 * sheet and `unprotect()` on an unprotected one with AccessDenied (OfficeDev/office-js#6784),
 * so the stand-in does too: the adapter must load `protected` and act only on a change.
 */
class StandInWorksheetProtection extends StandInClientObject implements ExcelWorksheetProtection {
  constructor(
    context: StandInContext,
    private readonly sheet: () => SheetModel,
  ) {
    super(context);
  }

  get isNullObject(): boolean {
    return false;
  }

  preload(isProtected: boolean): void {
    this.loaded.set("protected", isProtected);
  }

  loadedSnapshot(): Record<string, unknown> {
    return this.loaded.has("protected") ? { protection: { protected: this.protected } } : {};
  }

  load(propertyNames: string): this {
    this.queueLoad(propertyNames, ["protected"], () => ({
      value: this.sheet().protected,
      cells: 0,
    }));
    return this;
  }

  get protected(): boolean {
    return this.read("protected");
  }

  protect(options?: Record<string, unknown>): void {
    this.context.enqueue(ACTION_BYTES + jsonBytes(options ?? {}), () => {
      const sheet = this.sheet();
      if (sheet.protected) {
        throw new StandInHostError(
          "AccessDenied",
          "You cannot perform the requested operation.",
          "WorksheetProtection.protect",
        );
      }
      sheet.protected = true;
      return undefined;
    });
  }

  unprotect(): void {
    this.context.enqueue(ACTION_BYTES, () => {
      const sheet = this.sheet();
      if (!sheet.protected) {
        throw new StandInHostError(
          "AccessDenied",
          "You cannot perform the requested operation.",
          "WorksheetProtection.unprotect",
        );
      }
      sheet.protected = false;
      return undefined;
    });
  }
}

interface ConditionalFormatModel {
  readonly sheet: SheetModel;
  readonly rect: Rect;
  readonly type: string;
  fill: string | null;
  fontColor: string | null;
  rule: { formula1: string; formula2?: string; operator: string } | null;
}

const CELL_VALUE_OPERATORS = new Set([
  "Between",
  "NotBetween",
  "EqualTo",
  "NotEqualTo",
  "GreaterThan",
  "LessThan",
  "GreaterThanOrEqual",
  "LessThanOrEqual",
]);
const COLOR = /^#[0-9A-Fa-f]{6}$/;

/** `range.conditionalFormats` (ExcelApi 1.6); the stand-in knows the "CellValue" type only. */
class StandInConditionalFormatCollection implements ExcelConditionalFormatCollection {
  constructor(
    private readonly context: StandInContext,
    private readonly target: () => RangeTarget,
  ) {}

  add(type: string): ExcelConditionalFormat {
    const made = new Resolved<ConditionalFormatModel>();
    this.context.enqueue(ACTION_BYTES + jsonBytes(type), () => {
      if (type !== "CellValue") {
        throw new StandInHostError("NotImplemented", `The stand-in has no "${type}" rules.`);
      }
      const { sheet, rect } = this.target();
      sheet.checkEditable();
      const model: ConditionalFormatModel = {
        sheet,
        rect,
        type,
        fill: null,
        fontColor: null,
        rule: null,
      };
      this.context.model.conditionalFormats.push(model);
      made.set(model);
      return undefined;
    });
    const set = (bytes: number, apply: (model: ConditionalFormatModel) => void) =>
      this.context.enqueue(ACTION_BYTES + bytes, () => {
        apply(made.get());
        return undefined;
      });
    const color = (value: string) => {
      if (!COLOR.test(value))
        throw new StandInHostError("InvalidArgument", `"${value}" is not a colour.`);
      return value;
    };
    return {
      cellValue: {
        format: {
          fill: {
            get color(): string {
              throw notLoaded("color");
            },
            set color(value: string) {
              set(jsonBytes(value), (model) => (model.fill = color(value)));
            },
          },
          font: {
            get color(): string {
              throw notLoaded("color");
            },
            set color(value: string) {
              set(jsonBytes(value), (model) => (model.fontColor = color(value)));
            },
          },
        },
        get rule(): ExcelConditionalCellValueRule {
          throw notLoaded("rule");
        },
        set rule(rule: ExcelConditionalCellValueRule) {
          const copy = { ...rule };
          set(jsonBytes(copy), (model) => {
            const needsTwo = copy.operator === "Between" || copy.operator === "NotBetween";
            const ok =
              CELL_VALUE_OPERATORS.has(copy.operator) &&
              typeof copy.formula1 === "string" &&
              copy.formula1 !== "" &&
              (!needsTwo || (typeof copy.formula2 === "string" && copy.formula2 !== ""));
            if (!ok) {
              throw new StandInHostError("InvalidArgument", `Bad rule ${JSON.stringify(copy)}.`);
            }
            model.rule = copy;
          });
        },
      },
    };
  }
}

function checkRect(rect: Rect): void {
  const ok =
    [rect.row, rect.column, rect.rowCount, rect.columnCount].every(Number.isInteger) &&
    rect.row >= 0 &&
    rect.column >= 0 &&
    rect.rowCount >= 1 &&
    rect.columnCount >= 1 &&
    rect.row + rect.rowCount <= MAX_SHEET_ROWS &&
    rect.column + rect.columnCount <= MAX_SHEET_COLUMNS;
  if (!ok) {
    throw new StandInHostError(
      "InvalidArgument",
      `The range ${JSON.stringify(rect)} is not valid.`,
    );
  }
}

interface RangeTarget {
  readonly sheet: SheetModel;
  readonly rect: Rect;
}

const RANGE_PROPERTIES = [
  "values",
  "numberFormat",
  "rowIndex",
  "columnIndex",
  "rowCount",
  "columnCount",
  "address",
] as const;

class StandInRange extends StandInClientObject implements ExcelRange {
  private readonly target = new Resolved<RangeTarget | null>();
  readonly format: ExcelRangeFormat;

  private constructor(context: StandInContext) {
    super(context);
    this.format = new StandInRangeFormat(context, () => this.resolved());
  }

  static create(context: StandInContext, resolve: () => RangeTarget | null): StandInRange {
    const proxy = new StandInRange(context);
    context.enqueue(ACTION_BYTES, () => {
      proxy.target.set(resolve());
      return undefined;
    });
    return proxy;
  }

  /** The range, or an error for a null object (nothing can be done with one). */
  resolved(): RangeTarget {
    const target = this.target.get();
    if (target === null)
      throw new StandInHostError("InvalidObjectPath", "The range is a null object.");
    if (target.sheet.deleted) throw new StandInHostError("ItemNotFound", "The sheet was deleted.");
    return target;
  }

  get isNullObject(): boolean {
    if (!this.target.ready) throw notLoaded("isNullObject");
    return this.target.get() === null;
  }

  load(propertyNames: string): this {
    this.queueLoad(
      propertyNames,
      RANGE_PROPERTIES,
      (property) => this.snapshot(property),
      () => this.target.get() === null,
    );
    return this;
  }

  private snapshot(property: string): { value: unknown; cells: number } {
    const { sheet, rect } = this.resolved();
    const cells = rect.rowCount * rect.columnCount;
    switch (property) {
      case "values":
        if (cells > this.context.host.limits.cellsPerRead) {
          this.context.host.stats.nullValueReads++;
          return { value: null, cells: 0 };
        }
        return { value: grid(rect, (r, c) => sheet.valueAt(r, c) ?? ""), cells };
      case "numberFormat":
        return { value: grid(rect, (r, c) => sheet.styleAt("numberFormat", r, c)), cells };
      case "rowIndex":
        return { value: rect.row, cells: 0 };
      case "columnIndex":
        return { value: rect.column, cells: 0 };
      case "rowCount":
        return { value: rect.rowCount, cells: 0 };
      case "columnCount":
        return { value: rect.columnCount, cells: 0 };
      default:
        return { value: `${quoteSheet(sheet.name)}!${a1(rect)}`, cells: 0 };
    }
  }

  get values(): CellValue[][] | null {
    return this.read("values");
  }

  set values(values: CellValue[][] | null) {
    this.queueWrite(values, (sheet, rect, cell) => sheet.write(rect, cell));
  }

  get numberFormat(): string | string[][] {
    return this.read("numberFormat");
  }

  set numberFormat(format: string | string[][]) {
    this.queueWrite(format, (sheet, rect, cell) => {
      if (!Array.isArray(format)) {
        sheet.style(rect, { numberFormat: String(cell(0, 0)) });
        return;
      }
      for (let r = 0; r < rect.rowCount; r++) {
        for (let c = 0; c < rect.columnCount; c++) {
          const one = cell(r, c);
          if (one === null || one === undefined) continue;
          const at = { row: rect.row + r, column: rect.column + c, rowCount: 1, columnCount: 1 };
          sheet.style(at, { numberFormat: String(one) });
        }
      }
    });
  }

  get conditionalFormats(): StandInConditionalFormatCollection {
    return new StandInConditionalFormatCollection(this.context, () => this.resolved());
  }

  /**
   * Sends `input` as JSON (as the wire does) and applies it at sync, on an unprotected sheet: a
   * single value fills the whole range, a 2-D array must have the range's shape.
   */
  private queueWrite(
    input: unknown,
    apply: (sheet: SheetModel, rect: Rect, cell: (r: number, c: number) => unknown) => void,
  ): void {
    const json = JSON.stringify(input);
    this.context.enqueue(ACTION_BYTES + Buffer.byteLength(json, "utf8"), () => {
      const { sheet, rect } = this.resolved();
      sheet.checkEditable();
      const sent: unknown = JSON.parse(json);
      if (!Array.isArray(sent)) {
        apply(sheet, rect, () => sent);
        return undefined;
      }
      const fits =
        sent.length === rect.rowCount &&
        sent.every((row) => Array.isArray(row) && row.length === rect.columnCount);
      if (!fits) {
        throw new StandInHostError(
          "InvalidArgument",
          "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
        );
      }
      const rows = sent as unknown[][];
      apply(sheet, rect, (r, c) => rows[r]![c]);
      return undefined;
    });
  }

  get rowIndex(): number {
    return this.read("rowIndex");
  }

  get columnIndex(): number {
    return this.read("columnIndex");
  }

  get rowCount(): number {
    return this.read("rowCount");
  }

  get columnCount(): number {
    return this.read("columnCount");
  }

  get address(): string {
    return this.read("address");
  }

  select(): void {
    this.context.enqueue(ACTION_BYTES, () => {
      const { sheet, rect } = this.resolved();
      this.context.model.active = sheet;
      this.context.model.selection = { sheet: sheet.name, address: a1(rect) };
      return undefined;
    });
  }

  untrack(): this {
    this.context.host.stats.untracked++;
    return this;
  }

  rectForTable(): RangeTarget {
    return this.resolved();
  }
}

function grid<T>(rect: Rect, pick: (row: number, column: number) => T): T[][] {
  const rows: T[][] = [];
  for (let r = 0; r < rect.rowCount; r++) {
    const row: T[] = [];
    for (let c = 0; c < rect.columnCount; c++) row.push(pick(rect.row + r, rect.column + c));
    rows.push(row);
  }
  return rows;
}

function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

class StandInRangeFormat implements ExcelRangeFormat {
  readonly font: ExcelRangeFont;

  constructor(
    private readonly context: StandInContext,
    private readonly target: () => RangeTarget,
  ) {
    const setBold = (bold: boolean) => this.setEach({ bold });
    this.font = {
      get bold(): boolean {
        throw notLoaded("bold");
      },
      set bold(bold: boolean) {
        setBold(bold);
      },
    };
  }

  private setEach(style: { bold?: boolean; horizontalAlignment?: string }): void {
    this.context.enqueue(ACTION_BYTES, () => {
      const { sheet, rect } = this.target();
      sheet.checkEditable();
      sheet.style(rect, style);
      return undefined;
    });
  }

  get horizontalAlignment(): string {
    throw notLoaded("horizontalAlignment");
  }

  set horizontalAlignment(alignment: string) {
    this.setEach({ horizontalAlignment: alignment });
  }

  get columnWidth(): number {
    throw notLoaded("columnWidth");
  }

  set columnWidth(points: number) {
    this.context.enqueue(ACTION_BYTES, () => {
      const { sheet, rect } = this.target();
      sheet.checkEditable();
      for (let c = 0; c < rect.columnCount; c++) sheet.columnWidths.set(rect.column + c, points);
      return undefined;
    });
  }
}

class StandInTableCollection implements ExcelTableCollection {
  constructor(
    private readonly context: StandInContext,
    private readonly owner: () => SheetModel,
  ) {}

  add(address: ExcelRange | string, hasHeaders: boolean): ExcelTable {
    const table = new Resolved<TableModel>();
    const label = typeof address === "string" ? address : "";
    this.context.enqueue(ACTION_BYTES + jsonBytes(label), () => {
      this.owner().checkEditable(); // the collection's sheet must still exist
      const { sheet, rect } = this.tableTarget(address);
      if (!hasHeaders) throw new StandInHostError("NotImplemented", "Only tables with headers.");
      table.set(this.context.model.addTable(sheet, rect));
      return undefined;
    });
    return new StandInTable(this.context, () => table.get());
  }

  /** An address without a sheet name means the active sheet, as the Office.js docs say. */
  private tableTarget(address: ExcelRange | string): RangeTarget {
    if (address instanceof StandInRange) return address.rectForTable();
    if (typeof address !== "string") {
      throw new StandInHostError("InvalidArgument", "Not a range of this workbook.");
    }
    const parsed = parseAddress(address);
    const sheet =
      parsed.sheet === null ? this.context.model.active : this.context.model.get(parsed.sheet);
    if (!sheet) throw new StandInHostError("InvalidOperation", "There is no active sheet.");
    checkRect(parsed.rect);
    return { sheet, rect: parsed.rect };
  }
}

class StandInTable implements ExcelTable {
  constructor(
    private readonly context: StandInContext,
    private readonly table: () => TableModel,
  ) {}

  private set(apply: (table: TableModel) => void): void {
    this.context.enqueue(ACTION_BYTES, () => {
      apply(this.table());
      return undefined;
    });
  }

  get name(): string {
    throw notLoaded("name");
  }

  set name(name: string) {
    this.set((table) => this.context.model.renameTable(table, name));
  }

  get style(): string {
    throw notLoaded("style");
  }

  set style(style: string) {
    this.set((table) => (table.style = style));
  }

  get showBandedRows(): boolean {
    throw notLoaded("showBandedRows");
  }

  set showBandedRows(show: boolean) {
    this.set((table) => (table.showBandedRows = show));
  }
}

/** A range argument must be a range proxy of this workbook. */
function rangeTarget(range: unknown): RangeTarget {
  if (!(range instanceof StandInRange)) {
    throw new StandInHostError("InvalidArgument", "Not a range of this workbook.");
  }
  return range.rectForTable();
}

class StandInChartCollection implements ExcelChartCollection {
  constructor(
    private readonly context: StandInContext,
    private readonly owner: () => SheetModel,
  ) {}

  add(type: string, sourceData: ExcelRange, seriesBy = "Auto"): ExcelChart {
    const chart = new Resolved<ChartModel>();
    this.context.enqueue(ACTION_BYTES + jsonBytes([type, seriesBy]), () => {
      const source = rangeTarget(sourceData);
      this.owner().checkEditable();
      chart.set(this.context.model.addChart(this.owner(), type, source, seriesBy));
      return undefined;
    });
    return new StandInChart(this.context, () => chart.get());
  }
}

class StandInChart implements ExcelChart {
  readonly title: ExcelChartTitle;
  readonly series: ExcelChartSeriesCollection;

  constructor(
    private readonly context: StandInContext,
    private readonly chart: () => ChartModel,
  ) {
    const set = (apply: (chart: ChartModel) => void) => this.set(apply);
    this.title = {
      get text(): string {
        throw notLoaded("text");
      },
      set text(text: string) {
        set((chart) => (chart.title = text));
      },
    };
    this.series = {
      getItemAt: (index: number) => new StandInChartSeries(context, chart, index),
    };
  }

  set(apply: (chart: ChartModel) => void): void {
    this.context.enqueue(ACTION_BYTES, () => {
      apply(this.chart());
      return undefined;
    });
  }

  get name(): string {
    throw notLoaded("name");
  }

  set name(name: string) {
    this.set((chart) => (chart.name = name));
  }

  setPosition(startCell: ExcelRange | string, endCell?: ExcelRange | string): void {
    this.set((chart) => {
      const local = (cell: ExcelRange | string): string => {
        if (typeof cell !== "string") return a1(rangeTarget(cell).rect);
        const parsed = parseAddress(cell);
        if (parsed.sheet !== null) {
          throw new StandInHostError("InvalidArgument", `Use a local address, not "${cell}".`);
        }
        checkRect(parsed.rect);
        return a1(parsed.rect);
      };
      chart.position =
        endCell === undefined ? local(startCell) : `${local(startCell)}:${local(endCell)}`;
    });
  }
}

class StandInChartSeries implements ExcelChartSeries {
  constructor(
    private readonly context: StandInContext,
    private readonly chart: () => ChartModel,
    private readonly index: number,
  ) {}

  private set(apply: (series: ChartModel["series"][number], chart: ChartModel) => void): void {
    this.context.enqueue(ACTION_BYTES, () => {
      const chart = this.chart();
      const series = chart.series[this.index];
      if (series === undefined) {
        throw new StandInHostError("ItemNotFound", `The chart has no series ${this.index}.`);
      }
      apply(series, chart);
      return undefined;
    });
  }

  get name(): string {
    throw notLoaded("name");
  }

  set name(name: string) {
    this.set((series) => (series.name = name));
  }

  setXAxisValues(sourceData: ExcelRange): void {
    this.set((series, chart) => {
      const target = rangeTarget(sourceData);
      if (target.sheet !== chart.sheet) {
        throw new StandInHostError("InvalidArgument", "The axis values are on another sheet.");
      }
      series.xAxisValues = target.rect;
    });
  }
}

// ---------------------------------------------------------------------------------------------
// What tests get

export interface ExcelStandIn {
  /** Use as `Excel.run`. */
  readonly run: ExcelRun;
  readonly stats: StandInStats;
  /** Mutable: lower a limit mid-test to provoke a rejection. */
  readonly limits: StandInLimits;
  /** Called with the 1-based number of each sync before it is processed. */
  beforeSync: ((syncNumber: number) => void) | undefined;
  sheetNames(): string[];
  /** Values from A1 to the last used cell (values only), empty cells as null. */
  sheet(name: string): CellValue[][];
  cell(name: string, row: number, column: number): StandInCell;
  /** Width in points of a 1-based column, if one was set. */
  columnWidth(name: string, column: number): number | undefined;
  frozenRows(name: string): number;
  /** The sheet's page setup as the add-in set it (orientation, zoom, print title rows). */
  pageSetup(name: string): StandInPageSetup;
  tables(): StandInTableInfo[];
  charts(): StandInChartInfo[];
  conditionalFormats(): StandInConditionalFormatInfo[];
  isProtected(name: string): boolean;
  /** Protects a sheet as a person would in Excel (Review › Protect Sheet). */
  setProtected(name: string, isProtected: boolean): void;
  activeSheet(): string | null;
  selection(): { sheet: string; address: string } | null;
  setVisibility(name: string, visibility: "Visible" | "Hidden" | "VeryHidden"): void;
  /** The next sync rejects with this host error, as Excel would (e.g. cell edit mode). */
  failNextSync(code: string, message: string): void;
  resetStats(): void;
}

/** A workbook holding `initial` sheets (values stored as given, no coercion), in that order. */
export function createExcelStandIn(
  initial: Record<string, CellValue[][]> = { Sheet1: [] },
  options: StandInOptions = {},
): ExcelStandIn {
  const host = new Host(
    { ...EXCEL_WEB_LIMITS, ...options.limits },
    options.withoutCalculationSuspension !== true,
  );
  for (const [name, rows] of Object.entries(initial)) {
    const sheet = host.model.add(name);
    if (rows.length > MAX_SHEET_ROWS) {
      throw new RangeError(
        `A sheet holds ${MAX_SHEET_ROWS} rows; "${name}" was given ${rows.length}.`,
      );
    }
    rows.forEach((row, r) =>
      row.forEach((value, c) => {
        if (value !== null) sheet.put(r, c, value);
      }),
    );
  }

  const run: ExcelRun = async (batch) => {
    const context = new StandInContext(host);
    try {
      const result = await batch(context);
      if (context.pending > 0) {
        throw new Error(`${context.pending} queued Excel commands were never synced.`);
      }
      return result;
    } finally {
      context.closed = true;
    }
  };

  const standIn: ExcelStandIn = {
    run,
    stats: host.stats,
    limits: host.limits,
    get beforeSync() {
      return host.beforeSync;
    },
    set beforeSync(hook) {
      host.beforeSync = hook;
    },
    sheetNames: () => host.model.sheets.map((s) => s.name),
    sheet(name) {
      const sheet = host.model.get(name);
      const used = sheet.usedRect(true);
      if (!used) return [];
      const rect = {
        row: 0,
        column: 0,
        rowCount: used.row + used.rowCount,
        columnCount: used.column + used.columnCount,
      };
      return grid(rect, (r, c) => sheet.valueAt(r, c));
    },
    cell: (name, row, column) => host.model.get(name).cell(row - 1, column - 1),
    columnWidth: (name, column) => host.model.get(name).columnWidths.get(column - 1),
    frozenRows: (name) => host.model.get(name).frozenRows,
    pageSetup: (name) => structuredClone(host.model.get(name).pageSetup),
    tables: () =>
      host.model.tables.map((t) => ({
        name: t.name,
        sheet: t.sheet.name,
        address: a1(t.rect),
        style: t.style,
        showBandedRows: t.showBandedRows,
      })),
    charts: () =>
      host.model.charts.map((c) => ({
        name: c.name,
        sheet: c.sheet.name,
        type: c.type,
        seriesBy: c.seriesBy,
        source: a1(c.source),
        title: c.title,
        series: c.series.map((s) => ({
          name: s.name,
          xAxisValues: s.xAxisValues === null ? null : a1(s.xAxisValues),
        })),
        position: c.position,
      })),
    conditionalFormats: () =>
      host.model.conditionalFormats.map((f) => ({
        sheet: f.sheet.name,
        address: a1(f.rect),
        type: f.type,
        fill: f.fill,
        fontColor: f.fontColor,
        rule: f.rule,
      })),
    isProtected: (name) => host.model.get(name).protected,
    setProtected(name, isProtected) {
      host.model.get(name).protected = isProtected;
    },
    activeSheet: () => host.model.active?.name ?? null,
    selection: () => host.model.selection,
    setVisibility(name, visibility) {
      host.model.get(name).visibility = visibility;
    },
    failNextSync(code, message) {
      host.injectedFailures.push(new StandInHostError(code, message));
    },
    resetStats() {
      Object.assign(host.stats, {
        syncCount: 0,
        maxRequestBytes: 0,
        maxResponseBytes: 0,
        maxCellsPerRead: 0,
        calculationSuspensions: 0,
        untracked: 0,
        nullValueReads: 0,
      });
      host.stats.syncs.length = 0;
    },
  };
  return standIn;
}
