/**
 * The host-neutral model of a workbook and the port every host implements (DESIGN.md).
 *
 * Implementations: `src/excel` (Office.js, chunked to Excel's limits), `src/xlsx` (ExcelJS, for the
 * CLI and the plain-browser task pane) and `src/workbook/memoryWorkbook.ts` (in memory, for tests).
 * Rows and columns in this interface are 1-based, as people read them in Excel.
 */

import type { Row, SheetSnapshot } from "../domain/sheet";

export type { CellValue, Row, SheetSnapshot } from "../domain/sheet";
import { columnLetter } from "../domain/sheet";

export { columnLetter };

export interface SheetInfo {
  readonly name: string;
  /** Rows from row 1 to the last used row (0 for an empty sheet). */
  readonly rowCount: number;
  /** Columns from column A to the last used column (0 for an empty sheet). */
  readonly columnCount: number;
  readonly visible: boolean;
  /**
   * True when the sheet is protected against editing (a reviewer signed it off: signoffRun.ts).
   * Hosts leave it out for an unprotected sheet.
   */
  readonly protected?: true;
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
  /**
   * Native charts drawn on the sheet from the table just written (aggregates only, never raw
   * rows: ENGINEERING.md §4). Replacing the sheet removes the charts it had before.
   */
  readonly charts?: readonly ChartSpec[];
  /** How the sheet prints (a count sheet is printed and signed on paper); host defaults if absent. */
  readonly print?: PrintSetup;
  /**
   * Highlights on status and age columns (Excel conditional formatting, ExcelApi 1.6). Each rule
   * covers its column's data rows only (row 2 to the last row written), never a whole column.
   */
  readonly conditionalFormats?: readonly ConditionalFormatSpec[];
}

/**
 * Excel's own cell styles, as its Styles gallery names them: "bad" is light red with dark red
 * text, "neutral" light yellow with brown text, "good" light green with dark green text.
 */
export type HighlightStyle = "bad" | "neutral" | "good";

export const HIGHLIGHT_COLORS: Readonly<
  Record<HighlightStyle, { readonly fill: string; readonly font: string }>
> = {
  bad: { fill: "#FFC7CE", font: "#9C0006" },
  neutral: { fill: "#FFEB9C", font: "#9C5700" },
  good: { fill: "#C6EFCE", font: "#006100" },
};

/**
 * When a cell is highlighted: its text equals `text` (ignoring case, as Excel compares), or its
 * number is greater than `value`, or from `min` to `max` inclusive.
 */
export type ConditionalRule =
  | { readonly kind: "textEquals"; readonly text: string }
  | { readonly kind: "numberAbove"; readonly value: number }
  | { readonly kind: "numberBetween"; readonly min: number; readonly max: number };

export interface ConditionalFormatSpec {
  /** 1-based column of the table (A = 1). */
  readonly column: number;
  readonly rule: ConditionalRule;
  readonly style: HighlightStyle;
}

/** At most this many rules on one table: a few keyed off status and age, not a rainbow. */
export const MAX_CONDITIONAL_FORMATS = 32;

/** A rule per text value of one column, e.g. Status: Open bad, Reported neutral, Posted good. */
export function textHighlights(
  output: Pick<TableOutput, "columns">,
  header: string,
  styles: Readonly<Record<string, HighlightStyle>>,
): ConditionalFormatSpec[] {
  const column = output.columns.findIndex((c) => c.header === header) + 1;
  if (column === 0) throw new RangeError(`No column "${header}" to highlight.`);
  return Object.entries(styles).map(([text, style]) => ({
    column,
    rule: { kind: "textEquals", text },
    style,
  }));
}

/** Throws on a rule no host can apply faithfully: a programmer error, caught before any write. */
export function assertConditionalFormatsFit(output: TableOutput): void {
  const rules = output.conditionalFormats ?? [];
  const fail = (problem: string): never => {
    throw new RangeError(`Conditional format on sheet "${output.sheetName}": ${problem}`);
  };
  if (rules.length > MAX_CONDITIONAL_FORMATS)
    fail(`${rules.length} rules, more than ${MAX_CONDITIONAL_FORMATS}`);
  for (const { column, rule, style } of rules) {
    if (!Number.isInteger(column) || column < 1 || column > output.columns.length)
      fail(`column ${column} is not within 1-${output.columns.length}`);
    if (!Object.hasOwn(HIGHLIGHT_COLORS, style)) fail(`unknown style ${String(style)}`);
    switch (rule.kind) {
      case "textEquals":
        // Excel formulas hold at most 255 characters of literal text.
        if (rule.text.length === 0 || rule.text.length > 255) fail("text must be 1-255 characters");
        break;
      case "numberAbove":
        if (!isFormulaNumber(rule.value)) fail(`${rule.value} is not a plain number`);
        break;
      case "numberBetween":
        if (!isFormulaNumber(rule.min) || !isFormulaNumber(rule.max) || rule.min > rule.max)
          fail(`${rule.min}-${rule.max} is not a range of plain numbers`);
        break;
      default:
        fail(`unknown rule ${JSON.stringify(rule)}`);
    }
  }
}

/** A number that prints as plain digits (no exponent), so it can go into a formula as written. */
function isFormulaNumber(value: number): boolean {
  return Number.isFinite(value) && !/e/i.test(String(value));
}

/** The A1 address a rule covers: its column's data rows, at least row 2 (never a whole column). */
export function conditionalFormatAddress(output: TableOutput, spec: ConditionalFormatSpec): string {
  const letter = columnLetter(spec.column);
  return `${letter}2:${letter}${Math.max(2, output.rows.length + 1)}`;
}

/**
 * Page setup of a written sheet: orientation, scaled to `fitToPagesWide` pages across (as many
 * pages down as the rows need), and the header row repeated at the top of every page.
 */
export interface PrintSetup {
  readonly orientation: "landscape" | "portrait";
  /** Whole pages across, 1 to 100 (Excel's limit on fit-to-pages). */
  readonly fitToPagesWide: number;
  readonly repeatHeaderRow: boolean;
}

/** Excel accepts fit-to-pages from 1 to 100 (Office.js PageLayoutZoomOptions). */
export const MAX_FIT_TO_PAGES = 100;

/** Throws on a print setup no host can apply: a programmer error, caught before any write. */
export function assertPrintFits(output: TableOutput): void {
  const print = output.print;
  if (print === undefined) return;
  const pages = print.fitToPagesWide;
  if (!Number.isInteger(pages) || pages < 1 || pages > MAX_FIT_TO_PAGES)
    throw new RangeError(
      `Print setup of sheet "${output.sheetName}": fitToPagesWide ${pages} is not a whole number from 1 to ${MAX_FIT_TO_PAGES}.`,
    );
  if (print.orientation !== "landscape" && print.orientation !== "portrait")
    throw new RangeError(
      `Print setup of sheet "${output.sheetName}": orientation ${String(print.orientation)}.`,
    );
}

/** Clustered columns (vertical bars) or clustered bars (horizontal). */
export type ChartKind = "columnClustered" | "barClustered";

/** 1-based, inclusive. */
export interface SheetSpan {
  readonly first: number;
  readonly last: number;
}

/**
 * A chart over a block of the table just written. Rows are sheet rows as Excel shows them (row 1
 * is the header, so the first data row is 2); columns are 1-based (A = 1). Each value column is
 * one series, named by its header; the category column labels the bars.
 */
export interface ChartSpec {
  /** Letters, digits, spaces and underscores; unique among the sheet's charts. */
  readonly name: string;
  readonly kind: ChartKind;
  readonly title: string;
  readonly rows: SheetSpan;
  readonly categoryColumn: number;
  /** Adjacent columns, each holding a number in every row of `rows`. */
  readonly valueColumns: SheetSpan;
  /** Top-left cell (1-based) and size in whole cells; the chart covers exactly those cells. */
  readonly anchor: {
    readonly row: number;
    readonly column: number;
    readonly rowSpan: number;
    readonly columnSpan: number;
  };
}

/** At most this many charts on one sheet, series on one chart and points in one series. */
export const CHART_LIMITS = { chartsPerSheet: 16, seriesPerChart: 8, pointsPerSeries: 100 };

/**
 * Throws when a chart spec does not fit its table: a programmer error (the layout code builds
 * specs next to the rows they plot), so it fails loudly before any host is asked to write.
 */
export function assertChartsFit(output: TableOutput): void {
  const charts = output.charts ?? [];
  const fail = (chart: ChartSpec | null, problem: string): never => {
    const which = chart === null ? "" : ` "${chart.name}"`;
    throw new RangeError(`Chart${which} on sheet "${output.sheetName}": ${problem}`);
  };
  if (charts.length > CHART_LIMITS.chartsPerSheet)
    fail(null, `${charts.length} charts, more than ${CHART_LIMITS.chartsPerSheet}`);
  const names = new Set<string>();
  for (const chart of charts) {
    if (!/^[A-Za-z0-9_ ]{1,64}$/.test(chart.name)) fail(chart, "bad name");
    if (names.has(chart.name.toLowerCase())) fail(chart, "name used twice");
    names.add(chart.name.toLowerCase());
    if (chart.kind !== "columnClustered" && chart.kind !== "barClustered")
      fail(chart, `unknown kind ${String(chart.kind)}`);
    const lastRow = output.rows.length + 1;
    const { rows, valueColumns: values, anchor } = chart;
    if (!isSpanWithin(rows, 2, lastRow))
      fail(chart, `rows ${rows.first}-${rows.last} not 2-${lastRow}`);
    if (rows.last - rows.first + 1 > CHART_LIMITS.pointsPerSeries) fail(chart, "too many points");
    const width = output.columns.length;
    if (!isSpanWithin(values, 1, width)) fail(chart, `value columns not within 1-${width}`);
    if (values.last - values.first + 1 > CHART_LIMITS.seriesPerChart)
      fail(chart, "too many series");
    const category = chart.categoryColumn;
    if (!isSpanWithin({ first: category, last: category }, 1, width))
      fail(chart, `category column ${category} not within 1-${width}`);
    if (category >= values.first && category <= values.last)
      fail(chart, "the category column is also a value column");
    for (let row = rows.first; row <= rows.last; row++) {
      for (let column = values.first; column <= values.last; column++) {
        const cell = output.rows[row - 2]?.[column - 1];
        if (typeof cell !== "number" || !Number.isFinite(cell))
          fail(chart, `${columnLetter(column)}${row} is not a number`);
      }
    }
    const ok =
      [anchor.row, anchor.column, anchor.rowSpan, anchor.columnSpan].every(
        (n) => Number.isInteger(n) && n >= 1,
      ) &&
      anchor.row + anchor.rowSpan - 1 <= 1_048_576 &&
      anchor.column + anchor.columnSpan - 1 <= 16_384;
    if (!ok) fail(chart, "bad anchor");
  }
}

function isSpanWithin(span: SheetSpan, min: number, max: number): boolean {
  return (
    Number.isInteger(span.first) &&
    Number.isInteger(span.last) &&
    span.first >= min &&
    span.first <= span.last &&
    span.last <= max
  );
}

/** `{ protected: true }` for a protected sheet, nothing otherwise: spread into a SheetInfo. */
export function protectionInfo(isProtected: boolean): { readonly protected?: true } {
  return isProtected ? { protected: true } : {};
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
  /**
   * The rows as the host reads them, in blocks in order from row 1 (`rows[0]` is sheet row
   * `first`), so a reader can work on each block while the host reads the next. A host may
   * hand over fewer rows than the sheet has, or none; the snapshot it returns holds them all.
   * Use `readSheetBlocks`, which hands over the rest.
   */
  readonly onRows?: (rows: readonly Row[], first: number) => void;
}

/**
 * Reads a sheet through `onBlock`, block by block where the host reads in blocks (Excel), else
 * in one block at the end; every row is handed over once, in order, and an empty sheet as one
 * empty block. Returns the snapshot.
 */
export async function readSheetBlocks(
  port: Pick<WorkbookPort, "readSheet">,
  name: string,
  options: ReadOptions,
  onBlock: (rows: readonly Row[], first: number) => void,
): Promise<SheetSnapshot> {
  let handed = 0;
  const snapshot = await port.readSheet(name, {
    ...options,
    onRows: (rows, first) => {
      if (first !== handed + 1)
        throw new Error(`Rows of "${name}" came out of order: row ${first} after row ${handed}.`);
      handed += rows.length;
      if (rows.length > 0) onBlock(rows, first);
    },
  });
  // an empty sheet is a block too: the reader learns the sheet is read
  if (snapshot.rows.length > handed || handed === 0)
    onBlock(snapshot.rows.slice(handed), handed + 1);
  return snapshot;
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
  /**
   * Protects (or unprotects) a sheet against editing in Excel, without a password: a deterrent
   * that makes a signed-off sheet read-only to people, not a security boundary (code can always
   * unprotect). Doing what is already so does nothing. `writeTable` on a protected sheet
   * unprotects, writes and protects it again in one go: whether StockRec may rewrite a signed
   * sheet at all is decided before, by the period lock (periodLock.ts).
   */
  setSheetProtection(sheetName: string, protect: boolean): Promise<void>;
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
