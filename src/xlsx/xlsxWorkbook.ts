/**
 * WorkbookPort over an .xlsx file held in memory by ExcelJS, for the CLI and for the task pane in
 * a plain browser. Webpack bundles this file for the browser, so it never touches fs or path: the
 * caller reads the bytes and saves what `toBuffer` returns.
 *
 * Cells are handed over the way Excel's own API hands them over (dates as serial numbers, errors as
 * their text, formulas as their cached result), so the domain cannot tell the hosts apart.
 *
 * Charts: ExcelJS neither writes charts nor keeps those a file had. `toBuffer` adds the chart
 * parts afterwards (chartParts.ts): the charts written with a table in this session, and the
 * classic charts the opened file had on every sheet this session did not replace. Replacing a
 * sheet drops its old charts, as it drops its old cells.
 */
import ExcelJS from "exceljs";
import type {
  Cell,
  CellIsRuleType,
  CellValue as ExcelJsValue,
  Row as ExcelJsRow,
  Style,
  Workbook,
  WorkbookView,
  Worksheet,
  WorksheetView,
} from "exceljs";
import {
  WorkbookPortError,
  assertChartsFit,
  protectionInfo,
  assertConditionalFormatsFit,
  assertPrintFits,
  columnLetter,
  conditionalFormatAddress,
  HIGHLIGHT_COLORS,
  type CellValue,
  type ChartSpec,
  type ColumnFormat,
  type ConditionalFormatSpec,
  type PrintSetup,
  type ReadOptions,
  type Row,
  type SheetInfo,
  type SheetSnapshot,
  type TableColumn,
  type TableOutput,
  type WorkbookPort,
} from "../workbook/port";
import { addChartParts, readChartParts, type KeptSheetCharts } from "./chartParts";
import type { RenderedChart } from "./chartXml";

/** Excel's sheet size, cell text length and number-format decimals limits. */
const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;
const MAX_TEXT = 32_767;
const MAX_DECIMALS = 30;
const MAX_COLUMN_WIDTH = 255;

const DAY_MS = 86_400_000;
/** Serial number of 1970-01-01 in Excel's 1900 date system. */
const UNIX_EPOCH_SERIAL = 25_569;
/** Serial number of 9999-12-31, Excel's last date. */
const LAST_DATE_SERIAL = 2_958_465;

/** Rows handled between progress reports, abort checks and yields to the event loop. */
const CHUNK_ROWS = 10_000;

const TEXT_FORMAT = "@";
const DATE_FORMAT = "yyyy-mm-dd";
const TABLE_STYLE = "TableStyleMedium2";

/** Text that Excel would parse as a formula if a person re-entered the cell. */
const FORMULA_LIKE = /^[=+\-@]/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Characters Excel stores as `_xHHHH_` in the file: XML cannot hold most control characters or
 * U+FFFE/U+FFFF, and XML readers turn a carriage return into a line feed. An underscore that would
 * make the stored text look like such an escape is itself escaped (`_x005F_`), as Excel does.
 */
const ESCAPED_CHARACTER = "[\\u0000-\\u0008\\u000B-\\u001F\\u007F\\uFFFE\\uFFFF]";
const NEEDS_ESCAPE = new RegExp(
  `_(?=x[0-9A-Fa-f]{4}(?:_|${ESCAPED_CHARACTER}))|${ESCAPED_CHARACTER}`,
);
const NEEDS_ESCAPE_ALL = new RegExp(NEEDS_ESCAPE.source, "g");

const NOT_XLSX_HINT = "Save it as .xlsx and try again.";

/** ExcelJS writes (but does not type) a view's tabSelected and a sheet's tab order. */
type SheetView = Partial<WorksheetView> & { tabSelected?: boolean };
interface Ordered {
  orderNo: number;
}

export class XlsxWorkbook implements WorkbookPort {
  /** Charts written with a table in this session, by sheet name in lower case. */
  private readonly charts = new Map<string, readonly RenderedChart[]>();

  /**
   * @param kept the charts the opened file had, by sheet name in lower case: ExcelJS drops them,
   *   so they are put back at `toBuffer` on every sheet this session has not replaced.
   */
  private constructor(
    private readonly workbook: Workbook,
    private readonly kept: Map<string, KeptSheetCharts> = new Map(),
  ) {}

  /** Opens .xlsx bytes; anything else fails with a message the user can act on. */
  static async fromBuffer(data: ArrayBuffer | Uint8Array): Promise<XlsxWorkbook> {
    const bytes = ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);
    const wrongKind = notZipReason(bytes);
    if (wrongKind !== null) throw notXlsx(wrongKind);
    const workbook = new ExcelJS.Workbook();
    try {
      // JSZip, under ExcelJS, reads a Uint8Array in Node and in the browser alike.
      await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    } catch (error) {
      throw notXlsx(`it is a zip archive but not a readable workbook: ${messageOf(error)}`);
    }
    if (workbook.worksheets.length === 0) throw notXlsx("it contains no worksheets");
    let kept: Map<string, KeptSheetCharts>;
    try {
      kept = await readChartParts(bytes);
    } catch (error) {
      throw notXlsx(`its charts cannot be read: ${messageOf(error)}`);
    }
    return new XlsxWorkbook(workbook, kept);
  }

  /** A workbook with no sheets yet; write at least one table before `toBuffer`. */
  static createEmpty(): XlsxWorkbook {
    const workbook = new ExcelJS.Workbook();
    workbook.creator = "StockRec";
    return new XlsxWorkbook(workbook);
  }

  /** The .xlsx file as bytes. */
  /**
   * Protects every sheet against editing (an evidence snapshot). Excel's sheet protection is a
   * deterrent, not a seal: the manifest's hashes are what show a snapshot was not changed.
   */
  async protectAllSheets(password: string): Promise<void> {
    for (const sheet of this.workbook.worksheets) {
      await sheet.protect(password, { selectLockedCells: true, selectUnlockedCells: true });
    }
  }

  async toBuffer(): Promise<Uint8Array> {
    const sheets = this.workbook.worksheets;
    if (!sheets.some((sheet) => isVisible(sheet))) {
      throw new WorkbookPortError(
        sheets.length === 0
          ? "The workbook has no sheets, and Excel cannot open a workbook without one."
          : "Every sheet in the workbook is hidden, and Excel needs at least one visible sheet.",
        "no_visible_sheet",
      );
    }
    const restore = escapeStrings(this.workbook);
    let bytes: Uint8Array;
    try {
      const written: unknown = await this.workbook.xlsx.writeBuffer();
      bytes = asBytes(written);
    } finally {
      restore();
    }
    const withCharts = sheets.flatMap((sheet) => {
      const key = sheet.name.toLowerCase();
      const rendered = this.charts.get(key) ?? [];
      const kept = this.kept.get(key) ?? null;
      return rendered.length === 0 && kept === null
        ? []
        : [{ sheetName: sheet.name, rendered, kept }];
    });
    return withCharts.length === 0 ? bytes : addChartParts(bytes, withCharts);
  }

  async listSheets(): Promise<SheetInfo[]> {
    return this.workbook.worksheets.map((sheet) => {
      const extent = usedExtent(sheet);
      return {
        name: sheet.name,
        rowCount: extent.rows,
        columnCount: extent.columns,
        visible: isVisible(sheet),
        ...protectionInfo(isProtected(sheet)),
      };
    });
  }

  async readSheet(name: string, options?: ReadOptions): Promise<SheetSnapshot> {
    const sheet = this.sheet(name);
    const label = `Reading ${sheet.name}`;
    options?.signal?.throwIfAborted();
    const lastRow = sheet.rowCount;
    const sparse: CellValue[][] = [];
    let height = 0;
    let width = 0;
    for (let rowNumber = 1; rowNumber <= lastRow; rowNumber++) {
      if (rowNumber % CHUNK_ROWS === 0) await checkpoint(options, rowNumber / lastRow, label);
      const values = rowValues(sheet.findRow(rowNumber));
      sparse.push(values);
      if (values.length > 0) {
        height = rowNumber;
        width = Math.max(width, values.length);
      }
    }
    options?.onProgress?.({ fraction: 1, label });
    const rows: Row[] = sparse
      .slice(0, height)
      .map((values) => Array.from({ length: width }, (_, index) => values[index] ?? null));
    return { name: sheet.name, rows };
  }

  async writeTable(output: TableOutput, options?: ReadOptions): Promise<void> {
    options?.signal?.throwIfAborted();
    validateTable(output);
    assertChartsFit(output);
    assertPrintFits(output);
    assertConditionalFormatsFit(output);
    const existing = this.find(output.sheetName);
    const wasProtected = existing !== undefined && isProtected(existing);
    this.checkTableNameIsFree(output.tableName, existing);
    // Everything that can fail is checked before the workbook changes, so a bad table leaves the
    // workbook as it was.
    const prepared = await prepareRows(output, options);
    const sheet = this.replaceSheet(output.sheetName, existing);
    if (output.visibility !== undefined) sheet.state = output.visibility;
    formatColumns(sheet, output.columns);
    writeHeader(sheet, output.columns);
    writeRows(sheet, output.columns, prepared);
    addTable(sheet, output);
    addConditionalFormats(sheet, output);
    if (output.print !== undefined) setUpPrinting(sheet, output.print);
    // The sheet was replaced, not edited: it is protected again, as it was before.
    if (wasProtected) await protectSheet(sheet);
    // The replaced sheet's charts (kept from the file or written earlier) go with it.
    const key = output.sheetName.toLowerCase();
    this.kept.delete(key);
    if (existing) this.charts.delete(existing.name.toLowerCase());
    const charts = (output.charts ?? []).map((chart) => renderedChart(output, chart));
    if (charts.length > 0) this.charts.set(key, charts);
    else this.charts.delete(key);
    // Formulas elsewhere may read this sheet: have Excel recalculate rather than show stale results.
    this.workbook.calcProperties.fullCalcOnLoad = true;
    options?.onProgress?.({ fraction: 1, label: `Wrote ${output.sheetName}` });
  }

  async setSheetProtection(sheetName: string, protect: boolean): Promise<void> {
    const sheet = this.sheet(sheetName);
    if (isProtected(sheet) === protect) return;
    if (protect) await protectSheet(sheet);
    else sheet.unprotect();
  }

  async selectCell(sheetName: string, row: number, column: number): Promise<void> {
    const sheet = this.sheet(sheetName);
    if (!isIndex(row, MAX_ROWS) || !isIndex(column, MAX_COLUMNS)) {
      throw new WorkbookPortError(
        `Cannot select row ${row}, column ${column} on sheet "${sheet.name}": rows run from 1 to ${MAX_ROWS} and columns from 1 to ${MAX_COLUMNS}.`,
        "bad_cell",
      );
    }
    if (!isVisible(sheet)) {
      throw new WorkbookPortError(
        `Sheet "${sheet.name}" is hidden, so it cannot be shown. Unhide it and try again.`,
        "sheet_hidden",
      );
    }
    // Two sheets with tabSelected open as a group in Excel, and edits then go to both.
    for (const other of this.workbook.worksheets) {
      if (other !== sheet) other.views = viewsOf(other).map((view) => withoutTabSelected(view));
    }
    const [first, ...rest] = viewsOf(sheet);
    sheet.views = [viewSelecting(first, row, column), ...rest];
    this.activateTab(this.workbook.worksheets.indexOf(sheet));
  }

  private activateTab(index: number): void {
    // Files written by some tools have no bookViews; ExcelJS leaves `views` undefined then.
    const [bookView, ...others] = (this.workbook.views as WorkbookView[] | undefined) ?? [];
    const view: WorkbookView = bookView
      ? { ...bookView, activeTab: index, firstSheet: Math.min(bookView.firstSheet ?? 0, index) }
      : {
          x: 0,
          y: 0,
          width: 12_000,
          height: 24_000,
          firstSheet: 0,
          activeTab: index,
          visibility: "visible",
        };
    this.workbook.views = [view, ...others];
  }

  /** Adds the new sheet where the old one was (same tab position and visibility), or at the end. */
  private replaceSheet(name: string, existing: Worksheet | undefined): Worksheet {
    const firstView = existing ? viewsOf(existing)[0] : undefined;
    const view: SheetView = {
      state: "frozen",
      xSplit: 0,
      ySplit: 1,
      topLeftCell: "A2",
      activeCell: "A2",
      ...(firstView?.tabSelected === true ? { tabSelected: true } : {}),
    };
    if (existing) this.workbook.removeWorksheet(existing.id);
    const sheet = this.workbook.addWorksheet(name, { views: [view] });
    if (existing) {
      // ExcelJS orders tabs by this untyped field; a removed sheet's number is free again.
      (sheet as unknown as Ordered).orderNo = (existing as unknown as Ordered).orderNo;
      sheet.state = existing.state;
    }
    return sheet;
  }

  private checkTableNameIsFree(tableName: string, replaced: Worksheet | undefined): void {
    const folded = tableName.toLowerCase();
    for (const sheet of this.workbook.worksheets) {
      if (sheet === replaced) continue;
      const tables = sheet.getTables() as unknown as readonly { readonly name: string }[];
      if (tables.some((table) => table.name.toLowerCase() === folded)) {
        throw new WorkbookPortError(
          `The table name "${tableName}" is already used by a table on sheet "${sheet.name}"; table names must be unique in a workbook.`,
          "table_name_taken",
        );
      }
    }
    const names = (this.workbook.definedNames as unknown as { model: readonly { name: string }[] })
      .model;
    if (names.some((defined) => defined.name.toLowerCase() === folded)) {
      throw new WorkbookPortError(
        `The table name "${tableName}" is already a defined name in this workbook (Formulas > Name Manager); rename or delete that name and try again.`,
        "table_name_taken",
      );
    }
  }

  private sheet(name: string): Worksheet {
    const sheet = this.find(name);
    if (!sheet) {
      throw new WorkbookPortError(
        `There is no sheet named "${name}" in this workbook.`,
        "sheet_not_found",
      );
    }
    return sheet;
  }

  /** Excel sheet names ignore case; an exact match wins. */
  private find(name: string): Worksheet | undefined {
    const sheets = this.workbook.worksheets;
    const folded = name.toLowerCase();
    return (
      sheets.find((sheet) => sheet.name === name) ??
      sheets.find((sheet) => sheet.name.toLowerCase() === folded)
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Opening

function notXlsx(reason: string): WorkbookPortError {
  return new WorkbookPortError(
    `This file is not an Excel .xlsx workbook (${reason}). ${NOT_XLSX_HINT}`,
    "not_xlsx",
  );
}

/** Why the bytes cannot be an .xlsx (a zip archive), or null if they might be. */
function notZipReason(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return "the file is empty";
  if (startsWith(bytes, [0x50, 0x4b])) return null;
  // The OLE compound-file signature: .xls from Excel 97-2003, and also every password-protected
  // .xlsx, which Excel wraps in an encrypted container.
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return "it is an older .xls workbook or a password-protected file; remove the password if it has one";
  }
  return looksLikeText(bytes)
    ? "it looks like a text or CSV file"
    : "its contents are not a zip archive, which every .xlsx is";
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 512);
  return sample.every((byte) => byte === 0x09 || byte === 0x0a || byte === 0x0d || byte >= 0x20);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function asBytes(written: unknown): Uint8Array {
  if (written instanceof ArrayBuffer) return new Uint8Array(written);
  if (ArrayBuffer.isView(written)) {
    return new Uint8Array(written.buffer, written.byteOffset, written.byteLength);
  }
  throw new WorkbookPortError("ExcelJS did not produce the workbook's bytes.", "write_failed");
}

// ---------------------------------------------------------------------------------------------
// Reading

function isVisible(sheet: Worksheet): boolean {
  return sheet.state !== "hidden" && sheet.state !== "veryHidden";
}

async function checkpoint(
  options: ReadOptions | undefined,
  fraction: number,
  label: string,
): Promise<void> {
  options?.signal?.throwIfAborted();
  options?.onProgress?.({ fraction, label });
  // Let the task pane repaint its progress bar and accept a Cancel click.
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  options?.signal?.throwIfAborted();
}

/** The row's non-empty values by column (index 0 is column A); holes are empty cells. */
function rowValues(row: ExcelJsRow | undefined): CellValue[] {
  const values: CellValue[] = [];
  row?.eachCell((cell, column) => {
    const value = cellValue(cell);
    if (value !== null) values[column - 1] = value;
  });
  return values;
}

function usedExtent(sheet: Worksheet): { rows: number; columns: number } {
  let rows = 0;
  let columns = 0;
  sheet.eachRow((row, rowNumber) => {
    const width = rowValues(row).length;
    if (width > 0) {
      rows = rowNumber;
      columns = Math.max(columns, width);
    }
  });
  return { rows, columns };
}

function cellValue(cell: Cell): CellValue {
  // Excel reports a merged area's value in its top-left cell only; ExcelJS repeats it everywhere.
  if (cell.type === ExcelJS.ValueType.Merge) return null;
  return fromExcelJs(cell.value);
}

function fromExcelJs(value: ExcelJsValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : "#NUM!";
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (value instanceof Date) return serialFromDate(value);
  if ("error" in value) return value.error;
  if ("richText" in value) return richTextOf(value.richText);
  if ("formula" in value || "sharedFormula" in value) {
    return value.result === undefined ? null : fromExcelJs(value.result);
  }
  if ("hyperlink" in value) return hyperlinkText(value.text, value.hyperlink);
  return null;
}

function richTextOf(runs: readonly { text?: string }[]): string {
  return runs.map((run) => run.text ?? "").join("");
}

/** ExcelJS types a hyperlink's text as a string, but a formatted link arrives as rich text. */
function hyperlinkText(text: unknown, address: string): string {
  if (typeof text === "string") return text;
  if (typeof text === "object" && text !== null && "richText" in text) {
    return richTextOf((text as { richText: { text?: string }[] }).richText);
  }
  return address;
}

/**
 * ExcelJS turns a date-formatted cell into a Date whose UTC fields are the cell's date and time,
 * having already applied the workbook's 1904 offset. Reversing its arithmetic (not the calendar)
 * gives back the serial, in the 1900 date system the domain reads, even for 1904 workbooks.
 */
function serialFromDate(date: Date): CellValue {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) return "#VALUE!";
  // Whole milliseconds first, one division last: whole-day serials come back exact.
  return (ms + UNIX_EPOCH_SERIAL * DAY_MS) / DAY_MS;
}

// ---------------------------------------------------------------------------------------------
// Writing

function validateTable(output: TableOutput): void {
  validateSheetName(output.sheetName);
  validateTableName(output.tableName);
  validateColumns(output);
  if (output.rows.length + 1 > MAX_ROWS) {
    throw new WorkbookPortError(
      `Sheet "${output.sheetName}" would need ${output.rows.length + 1} rows; an Excel sheet holds ${MAX_ROWS}.`,
      "too_many_rows",
    );
  }
}

function validateSheetName(name: string): void {
  const problem =
    name.trim() === ""
      ? "it is empty"
      : name.length > 31
        ? "it is longer than 31 characters"
        : /[[\]:*?/\\]/.test(name)
          ? "it contains one of [ ] : * ? / \\"
          : /^'|'$/.test(name)
            ? "it begins or ends with an apostrophe"
            : name.toLowerCase() === "history"
              ? "Excel reserves the name History"
              : null;
  if (problem !== null) {
    throw new WorkbookPortError(`"${name}" cannot be a sheet name: ${problem}.`, "bad_sheet_name");
  }
}

function validateTableName(name: string): void {
  const valid =
    /^[A-Za-z_][A-Za-z0-9_]{0,254}$/.test(name) &&
    !/^[CcRr]$/.test(name) &&
    // Names that are also cell references (A1, XFD1048576, R1C1) confuse formulas.
    !/^[A-Za-z]{1,3}\d+$/.test(name) &&
    !/^[Rr]\d*[Cc]\d*$/.test(name);
  if (!valid) {
    throw new WorkbookPortError(
      `"${name}" cannot be a table name: use letters, digits and underscores, starting with a letter, and not a cell reference.`,
      "bad_table_name",
    );
  }
}

function validateColumns(output: TableOutput): void {
  const { columns, sheetName } = output;
  if (columns.length === 0 || columns.length > MAX_COLUMNS) {
    throw new WorkbookPortError(
      `The table for sheet "${sheetName}" has ${columns.length} columns; it needs 1 to ${MAX_COLUMNS}.`,
      "bad_columns",
    );
  }
  const seen = new Set<string>();
  columns.forEach((column, index) => {
    const where = `column ${columnLetter(index + 1)} of the table for sheet "${sheetName}"`;
    const header = column.header;
    // The header cell and the table's column name must match exactly in the file, so headers
    // avoid everything that Excel stores differently in the two places.
    if (
      header.trim() === "" ||
      header.length > 255 ||
      NEEDS_ESCAPE.test(header) ||
      /\n|\t/.test(header)
    ) {
      throw new WorkbookPortError(
        `The header of ${where} must be 1 to 255 characters on one line without control characters.`,
        "bad_columns",
      );
    }
    const folded = header.toLowerCase();
    if (seen.has(folded)) {
      throw new WorkbookPortError(
        `The header "${header}" appears twice in the table for sheet "${sheetName}"; Excel table headers must be unique.`,
        "bad_columns",
      );
    }
    seen.add(folded);
    if (column.format.kind === "quantity") {
      const { decimals } = column.format;
      if (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_DECIMALS) {
        throw new WorkbookPortError(
          `The quantity format of ${where} asks for ${decimals} decimals; use 0 to ${MAX_DECIMALS}.`,
          "bad_columns",
        );
      }
    }
  });
}

/** Each cell as ExcelJS should store it (null: leave empty). Async so long tables report progress. */
async function prepareRows(
  output: TableOutput,
  options: ReadOptions | undefined,
): Promise<ExcelJsValue[][]> {
  const label = `Preparing ${output.sheetName}`;
  const width = output.columns.length;
  const prepared: ExcelJsValue[][] = [];
  for (let index = 0; index < output.rows.length; index++) {
    if (index > 0 && index % CHUNK_ROWS === 0) {
      await checkpoint(options, index / output.rows.length, label);
    }
    const row = output.rows[index] ?? [];
    const sheetRow = index + 2;
    if (row.length > width) {
      throw new WorkbookPortError(
        `Row ${sheetRow} of sheet "${output.sheetName}" has ${row.length} values but the table has ${width} columns.`,
        "row_too_wide",
      );
    }
    prepared.push(
      output.columns.map((column, columnIndex) =>
        toExcelJs(row[columnIndex] ?? null, column.format, () => {
          return `row ${sheetRow}, column ${columnLetter(columnIndex + 1)} of sheet "${output.sheetName}"`;
        }),
      ),
    );
  }
  return prepared;
}

function toExcelJs(value: CellValue, format: ColumnFormat, where: () => string): ExcelJsValue {
  if (value === null) return null;
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new WorkbookPortError(
      `The value at ${where()} is ${value}, which Excel cannot store.`,
      "bad_value",
    );
  }
  if (typeof value === "string" && value.length > MAX_TEXT) {
    throw new WorkbookPortError(
      `The text at ${where()} is ${value.length} characters long; an Excel cell holds ${MAX_TEXT}.`,
      "text_too_long",
    );
  }
  switch (format.kind) {
    case "text":
      // Text columns hold identifiers: store them as strings so 037833100 keeps its zero.
      return typeof value === "string"
        ? value
        : typeof value === "number"
          ? String(value)
          : value
            ? "TRUE"
            : "FALSE";
    case "date":
      if (typeof value === "number") return isDateSerial(value) ? dateFromSerial(value) : value;
      if (typeof value === "string") return dateFromIso(value) ?? value;
      return value;
    case "quantity":
    case "general":
      // Excel has no negative zero; storing 0 keeps the in-memory sheet equal to the saved file.
      return Object.is(value, -0) ? 0 : value;
  }
}

/** Excel shows serials from 0 (1900-01-00) up to 9999-12-31 as dates, and #### otherwise. */
function isDateSerial(value: number): boolean {
  return value >= 0 && value < LAST_DATE_SERIAL + 1;
}

/** The Date ExcelJS turns back into `serial` when it saves (in either date system). */
function dateFromSerial(serial: number): Date {
  return new Date(Math.round((serial - UNIX_EPOCH_SERIAL) * DAY_MS));
}

/** A yyyy-mm-dd string as a date, as Excel parses it when typed; before 1900-03-01 stays text. */
function dateFromIso(text: string): Date | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  // Excel's serials before 1900-03-01 count a 29 February 1900 that never was.
  return real && text >= "1900-03-01" ? date : null;
}

function quantityFormat(decimals: number): string {
  return decimals === 0 ? "#,##0" : `#,##0.${"0".repeat(decimals)}`;
}

/** Column styles are set before any cell exists, so every cell (and any added later) inherits them. */
function formatColumns(sheet: Worksheet, columns: readonly TableColumn[]): void {
  columns.forEach((column, index) => {
    const target = sheet.getColumn(index + 1);
    target.width =
      Number.isFinite(column.width) && column.width > 0
        ? Math.min(column.width, MAX_COLUMN_WIDTH)
        : 10;
    switch (column.format.kind) {
      case "text":
        target.numFmt = TEXT_FORMAT;
        break;
      case "quantity":
        target.numFmt = quantityFormat(column.format.decimals);
        target.alignment = { horizontal: "right" };
        break;
      case "date":
        target.numFmt = DATE_FORMAT;
        break;
      case "general":
        break;
    }
  });
}

function writeHeader(sheet: Worksheet, columns: readonly TableColumn[]): void {
  const header = sheet.getRow(1);
  columns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = column.header;
    cell.font = { bold: true };
  });
}

function writeRows(
  sheet: Worksheet,
  columns: readonly TableColumn[],
  prepared: readonly ExcelJsValue[][],
): void {
  prepared.forEach((values, index) => {
    if (values.every((value) => value === null)) return;
    const row = sheet.getRow(index + 2);
    values.forEach((value, columnIndex) => {
      if (value === null) return;
      const cell = row.getCell(columnIndex + 1);
      cell.value = value;
      const format = columns[columnIndex]?.format.kind;
      // ExcelJS stores strings as strings, never formulas; the Text format also keeps
      // "=1+1" a string when someone edits the cell in Excel.
      if (typeof value === "string" && format !== "text" && FORMULA_LIKE.test(value)) {
        cell.numFmt = TEXT_FORMAT;
      }
      // A number no date can show stays a plain number: under a date format ExcelJS would read
      // it back as an invalid Date and lose it.
      if (typeof value === "number" && format === "date") cell.numFmt = "General";
    });
  });
}

/**
 * Page setup: orientation, fit to `fitToPagesWide` pages across with the height free
 * (fitToHeight 0: as many pages down as the rows need), the header row on every page.
 */
function setUpPrinting(sheet: Worksheet, print: PrintSetup): void {
  sheet.pageSetup.orientation = print.orientation;
  sheet.pageSetup.fitToPage = true;
  sheet.pageSetup.fitToWidth = print.fitToPagesWide;
  sheet.pageSetup.fitToHeight = 0;
  if (print.repeatHeaderRow) sheet.pageSetup.printTitlesRow = "1:1";
}

function addTable(sheet: Worksheet, output: TableOutput): void {
  // ExcelJS uses `rows` only for the table's size (and would keep a second copy of the values),
  // so the cells written above are described by empty rows. Excel needs at least one data row:
  // an empty table keeps one blank row, as Excel does when every row of a table is deleted.
  const dataRows = Math.max(output.rows.length, 1);
  sheet.addTable({
    name: output.tableName,
    displayName: output.tableName,
    ref: "A1",
    headerRow: true,
    totalsRow: false,
    style: { theme: TABLE_STYLE, showRowStripes: true },
    columns: output.columns.map((column) => ({ name: column.header, filterButton: true })),
    rows: Array.from({ length: dataRows }, () => []),
  });
}

/** ExcelJS keeps a sheet's protection in an untyped field: null, or `{ sheet: true, ... }`. */
function isProtected(sheet: Worksheet): boolean {
  const protection = (sheet as unknown as { sheetProtection?: { sheet?: boolean } | null })
    .sheetProtection;
  return protection?.sheet === true;
}

/**
 * Without a password (a deterrent StockRec must be able to lift), as the Office adapter does:
 * cells can be selected and filtered, nothing else.
 */
async function protectSheet(sheet: Worksheet): Promise<void> {
  await sheet.protect("", {
    selectLockedCells: true,
    selectUnlockedCells: true,
    autoFilter: true,
  });
}

/** Each rule over its column's data rows only, as Excel's own "Cell Value" rules. */
function addConditionalFormats(sheet: Worksheet, output: TableOutput): void {
  (output.conditionalFormats ?? []).forEach((spec, index) => {
    sheet.addConditionalFormatting({
      ref: conditionalFormatAddress(output, spec),
      rules: [{ ...cellIsRule(spec), priority: index + 1, style: highlightStyle(spec) }],
    });
  });
}

function cellIsRule(spec: ConditionalFormatSpec): Omit<CellIsRuleType, "priority"> {
  const rule = spec.rule;
  switch (rule.kind) {
    case "textEquals":
      return {
        type: "cellIs",
        operator: "equal",
        formulae: [`"${rule.text.replace(/"/g, '""')}"`],
      };
    case "numberAbove":
      return { type: "cellIs", operator: "greaterThan", formulae: [rule.value] };
    case "numberBetween":
      return { type: "cellIs", operator: "between", formulae: [rule.min, rule.max] };
  }
}

function highlightStyle(spec: ConditionalFormatSpec): Partial<Style> {
  const colors = HIGHLIGHT_COLORS[spec.style];
  const argb = (hex: string) => `FF${hex.slice(1).toUpperCase()}`;
  return {
    fill: { type: "pattern", pattern: "solid", bgColor: { argb: argb(colors.fill) } },
    font: { color: { argb: argb(colors.font) } },
  };
}

function isIndex(value: number, max: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= max;
}

/** ExcelJS leaves `views` null for sheets loaded from a file that describes no view. */
function viewsOf(sheet: Worksheet): SheetView[] {
  return (sheet.views as SheetView[] | null | undefined) ?? [];
}

function withoutTabSelected(view: SheetView): SheetView {
  const copy: SheetView = { ...view };
  delete copy.tabSelected;
  return copy;
}

/** The sheet's first view with one cell selected, scrolled to it when frozen panes allow. */
function viewSelecting(view: SheetView | undefined, row: number, column: number): SheetView {
  const activeCell = `${columnLetter(column)}${row}`;
  const base: SheetView = view ?? { state: "normal" };
  if (base.state !== "frozen") return { ...base, activeCell, tabSelected: true };
  const ySplit = base.ySplit ?? 0;
  const xSplit = base.xSplit ?? 0;
  // Far-away cells are brought near the top left of the scrolling pane; near ones leave it be.
  const top = row > ySplit + 20 ? row - 5 : ySplit + 1;
  const left = column > xSplit + 8 ? column - 3 : xSplit + 1;
  return { ...base, activeCell, tabSelected: true, topLeftCell: `${columnLetter(left)}${top}` };
}

/** The chart with the labels and numbers it plots, taken from the rows just written. */
function renderedChart(output: TableOutput, spec: ChartSpec): RenderedChart {
  const rowsOf = Array.from(
    { length: spec.rows.last - spec.rows.first + 1 },
    (_, i) => output.rows[spec.rows.first - 2 + i] ?? [],
  );
  const columns = Array.from(
    { length: spec.valueColumns.last - spec.valueColumns.first + 1 },
    (_, i) => spec.valueColumns.first + i,
  );
  return {
    spec,
    sheetName: output.sheetName,
    categories: rowsOf.map((row) => labelOf(row[spec.categoryColumn - 1] ?? null)),
    series: columns.map((column) => ({
      name: output.columns[column - 1]!.header,
      // assertChartsFit checked that every one is a finite number.
      values: rowsOf.map((row) => row[column - 1] as number),
    })),
  };
}

function labelOf(cell: CellValue): string {
  if (cell === null) return "";
  if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE";
  return String(cell);
}

// ---------------------------------------------------------------------------------------------
// Saving

/**
 * ExcelJS writes strings into the XML as they are, which drops control characters and turns
 * carriage returns into line feeds, but decodes `_xHHHH_` when it reads. Escaping the way Excel
 * does, for the duration of one save, makes every string come back exactly. Returns the undo.
 */
function escapeStrings(workbook: Workbook): () => void {
  const undo: (() => void)[] = [];
  for (const sheet of workbook.worksheets) {
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Merge) return;
        const original = cell.value;
        const escaped = escapedValue(original);
        if (escaped === undefined) return;
        cell.value = escaped;
        undo.push(() => {
          cell.value = original;
        });
      });
    });
  }
  return () => undo.forEach((step) => step());
}

/** The value with its text escaped, or undefined when nothing needs escaping. */
function escapedValue(value: ExcelJsValue): ExcelJsValue | undefined {
  if (typeof value === "string") return NEEDS_ESCAPE.test(value) ? escapeText(value) : undefined;
  if (typeof value !== "object" || value === null || value instanceof Date) return undefined;
  if ("richText" in value && value.richText.some((run) => NEEDS_ESCAPE.test(run.text ?? ""))) {
    return {
      richText: value.richText.map((run) => ({ ...run, text: escapeText(run.text ?? "") })),
    };
  }
  if ("hyperlink" in value && typeof value.text === "string" && NEEDS_ESCAPE.test(value.text)) {
    return { ...value, text: escapeText(value.text) };
  }
  return undefined;
}

function escapeText(text: string): string {
  return text.replace(NEEDS_ESCAPE_ALL, (match) =>
    match === "_"
      ? "_x005F_"
      : `_x${match.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`,
  );
}
