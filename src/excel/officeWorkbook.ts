/**
 * WorkbookPort over Office.js: the only code in src that talks to Excel (DESIGN.md "Hosts").
 * In the add-in it is created with `Excel.run`; tests pass test/fakes/excelStandIn.ts instead.
 *
 * Excel on the web rejects a request or response over 5 MB and may answer `values: null` for a
 * read over 5,000,000 cells (ENGINEERING.md §4), so every port call is one `run` that moves data
 * in row blocks, one `context.sync()` per block:
 * - reads size each block from the JSON bytes per row measured on the previous block, to stay
 *   under a budget (half the limit by default) and under a cell cap;
 * - writes size each block from the exact JSON size of the rows about to be sent;
 * - a block the host refuses for size (or answers null) is retried with half the rows, down to
 *   one row, and the budget is halved for the blocks that follow.
 * Reads load `values` only: identifiers Excel turned into numbers are recognised (and re-padded or
 * flagged) by the domain from the number itself (values.ts), so neither `text` nor `numberFormat`
 * is needed, and a sheet filled to Excel's last row is refused (rows may have been cut off).
 * A write to a protected sheet unprotects, writes and protects again in the same run; whether
 * StockRec may rewrite a signed-off sheet at all is decided before (src/workbook/periodLock.ts).
 */

import {
  assertChartsFit,
  protectionInfo,
  assertConditionalFormatsFit,
  assertPrintFits,
  columnLetter,
  HIGHLIGHT_COLORS,
  WorkbookPortError,
  type ChartSpec,
  type CellValue,
  type ColumnFormat,
  type ConditionalFormatSpec,
  type ConditionalRule,
  type PrintSetup,
  type ReadOptions,
  type Row,
  type SheetInfo,
  type SheetSnapshot,
  type TableOutput,
  type WorkbookPort,
} from "../workbook/port";
import type {
  ExcelConditionalCellValueRule,
  ExcelContext,
  ExcelRun,
  ExcelWorksheet,
  ExcelWorksheetCollection,
} from "./excelApi";

export interface ExcelLimits {
  /** JSON bytes one sync may send or receive (Excel on the web refuses over 5 MB each way). */
  readonly payloadBudgetBytes: number;
  /** Cells one block may read or write; Excel may answer null past 5,000,000. */
  readonly maxCellsPerBlock: number;
  /** JSON bytes per cell assumed for the first read block, before one was measured. */
  readonly firstBlockBytesPerCell: number;
}

export const DEFAULT_EXCEL_LIMITS: ExcelLimits = {
  payloadBudgetBytes: 2_500_000,
  maxCellsPerBlock: 1_000_000,
  firstBlockBytesPerCell: 64,
};

/** Round trips and payload sizes since the port was created (estimated the way blocks are sized). */
export interface ExcelTrafficStats {
  readonly syncs: number;
  readonly largestRequestBytes: number;
  readonly largestResponseBytes: number;
  readonly cellsRead: number;
  /** Blocks retried with fewer rows after the host refused them for size. */
  readonly retries: number;
}

export type OfficeWorkbook = WorkbookPort & { readonly stats: ExcelTrafficStats };

const EXCEL_MAX_ROWS = 1_048_576;
const EXCEL_MAX_COLUMNS = 16_384;
/** Excel number formats show at most 30 decimal places. */
const MAX_DECIMALS = 30;
/** A request with no cell data in it: object paths, property names, a few formats. */
const SMALL_REQUEST_BYTES = 2_000;
/** Halving the budget after refusals stops here; one row is still tried on its own. */
const MIN_BUDGET_BYTES = 16_384;
const TABLE_STYLE = "TableStyleMedium2";
/** Signed sheets stay filterable (filtering changes no data); nothing else is allowed. */
const PROTECTION_OPTIONS = { allowAutoFilter: true, allowFormatColumns: false, allowSort: false };
const SIZE_LIMIT_CODES = new Set([
  "RequestPayloadSizeLimitExceeded",
  "ResponsePayloadSizeLimitExceeded",
]);

export function createOfficeWorkbook(
  run: ExcelRun,
  limits: Partial<ExcelLimits> = {},
): OfficeWorkbook {
  const settings = checkedLimits({ ...DEFAULT_EXCEL_LIMITS, ...limits });
  const traffic: Traffic = {
    syncs: 0,
    largestRequestBytes: 0,
    largestResponseBytes: 0,
    cellsRead: 0,
    retries: 0,
  };

  /** One `run` per port call; a host error becomes a WorkbookPortError saying where it failed. */
  async function call<T>(operation: Operation, work: (session: Session) => Promise<T>) {
    operation.signal?.throwIfAborted();
    let session: Session | undefined;
    try {
      return await run((context) => {
        session = new Session(context, traffic, settings);
        return work(session);
      });
    } catch (error) {
      throw portFailure(error, operation, session?.step ?? "");
    }
  }

  return {
    get stats(): ExcelTrafficStats {
      return { ...traffic };
    },
    listSheets: () => call({ action: "list the sheets" }, listSheets),
    readSheet: (name, options = {}) =>
      call({ action: "read", sheet: name, lookup: true, signal: options.signal }, (session) =>
        readSheet(session, name, options),
      ),
    async writeTable(output, options = {}) {
      const table = checkedTable(output);
      const operation = {
        action: `write table "${output.tableName}" to`,
        sheet: output.sheetName,
        signal: options.signal,
      };
      await call(operation, (session) => writeTable(session, table, options));
    },
    async selectCell(sheetName, row, column) {
      const cell = checkedCell(row, column);
      await call({ action: "select a cell on", sheet: sheetName, lookup: true }, (session) =>
        selectCell(session, sheetName, cell),
      );
    },
    async setSheetProtection(sheetName, protect) {
      const action = protect ? "protect" : "unprotect";
      await call({ action, sheet: sheetName, lookup: true }, (session) =>
        setSheetProtection(session, sheetName, protect),
      );
    },
  };
}

function checkedLimits(limits: ExcelLimits): ExcelLimits {
  for (const [key, value] of Object.entries(limits)) {
    if (!(Number.isFinite(value) && value > 0)) {
      throw new RangeError(`Excel limit ${key} must be a positive number, got ${value}`);
    }
  }
  return limits;
}

// ---------------------------------------------------------------------------------------------
// One port call: one run, counted syncs, a description of the step in progress for errors.

interface Operation {
  /** Completes "Excel could not …": "read", "list the sheets". */
  readonly action: string;
  readonly sheet?: string;
  /** The call names an existing sheet, so ItemNotFound means that sheet is missing. */
  readonly lookup?: boolean;
  readonly signal?: AbortSignal | undefined;
}

interface Traffic {
  syncs: number;
  largestRequestBytes: number;
  largestResponseBytes: number;
  cellsRead: number;
  retries: number;
}

class Session {
  /** What the next sync does, for error messages: "rows 2-5001 (A2:H5001)". */
  step = "";
  /** Shrinks when the host refuses a block for size, so later blocks are sized for this host. */
  budgetBytes: number;

  constructor(
    readonly context: ExcelContext,
    readonly traffic: Traffic,
    readonly limits: ExcelLimits,
  ) {
    this.budgetBytes = limits.payloadBudgetBytes;
  }

  async sync(step: string, requestBytes: number): Promise<void> {
    this.step = step;
    this.traffic.syncs++;
    this.traffic.largestRequestBytes = Math.max(this.traffic.largestRequestBytes, requestBytes);
    await this.context.sync();
  }

  received(responseBytes: number, cells: number): void {
    this.traffic.largestResponseBytes = Math.max(this.traffic.largestResponseBytes, responseBytes);
    this.traffic.cellsRead += cells;
  }

  /** After a refusal for size: blocks that follow aim at half the bytes. */
  refused(): void {
    this.traffic.retries++;
    this.budgetBytes = Math.max(MIN_BUDGET_BYTES, Math.floor(this.budgetBytes / 2));
  }
}

interface HostErrorShape {
  readonly code?: unknown;
  readonly message?: unknown;
}

/**
 * Cancellation and our own errors pass through; anything the host rejected with becomes a
 * message that says what failed, where, and what the user can do, keeping the original as cause.
 */
function portFailure(error: unknown, operation: Operation, step: string): unknown {
  if (operation.signal?.aborted === true || error instanceof WorkbookPortError) return error;
  const shape: HostErrorShape = typeof error === "object" && error !== null ? error : {};
  const hostCode = typeof shape.code === "string" ? shape.code : "";
  const hostMessage = typeof shape.message === "string" ? shape.message : String(error);
  const { code, advice } = adviceFor(hostCode, operation);
  const where = operation.sheet === undefined ? "" : ` "${operation.sheet}"`;
  const during = step === "" ? "" : ` while ${step}`;
  const detail = hostCode === "" ? hostMessage : `${hostMessage} (${hostCode})`;
  const failure = new WorkbookPortError(
    `Excel could not ${operation.action}${where}${during}: ${detail} ${advice}`,
    code,
  );
  failure.cause = error;
  return failure;
}

function adviceFor(hostCode: string, operation: Operation): { code: string; advice: string } {
  if (hostCode === "ItemNotFound" && operation.lookup === true) {
    return {
      code: "sheet_not_found",
      advice: "Check that the sheet exists and was not renamed or deleted, then choose it again.",
    };
  }
  switch (hostCode) {
    case "ItemAlreadyExists":
      return {
        code: "name_taken",
        advice: "Another sheet or table already uses that name; rename it, then try again.",
      };
    case "InvalidOperationInCellEditMode":
      return {
        code: "excel_busy",
        advice: "Finish editing the cell in Excel (press Enter or Esc), then try again.",
      };
    case "AccessDenied":
      return {
        code: "access_denied",
        advice:
          "The workbook or sheet may be protected or read-only; unprotect it, then try again.",
      };
    default:
      return SIZE_LIMIT_CODES.has(hostCode)
        ? { code: "payload_too_large", advice: "Try again; the data may need to be split." }
        : {
            code: "excel_error",
            advice: "Try again; if it keeps failing, save the workbook and reload the add-in.",
          };
  }
}

function isSizeLimitError(error: unknown): boolean {
  const code = typeof error === "object" && error !== null ? (error as HostErrorShape).code : "";
  return typeof code === "string" && SIZE_LIMIT_CODES.has(code);
}

const REFUSED = Symbol("refused for size");

async function attemptRefusable<T>(attempt: () => Promise<T>): Promise<T | typeof REFUSED> {
  try {
    return await attempt();
  } catch (error) {
    if (isSizeLimitError(error)) return REFUSED;
    throw error;
  }
}

/**
 * Runs `attempt` for `rows` rows; while the host refuses for size (error or `null`), retries with
 * half as many. Returns how many rows went through. One row refused on its own is an error.
 */
async function withHalving<T>(
  session: Session,
  rows: number,
  tooLarge: () => WorkbookPortError,
  attempt: (rows: number) => Promise<T | null>,
): Promise<{ readonly result: T; readonly rows: number }> {
  let n = rows;
  for (;;) {
    const result = await attemptRefusable(() => attempt(n));
    if (result !== REFUSED && result !== null) return { result, rows: n };
    session.refused();
    if (n === 1) throw tooLarge();
    n = Math.ceil(n / 2);
  }
}

function rowsThatFit(session: Session, bytesPerRow: number, columns: number, remaining: number) {
  const byBytes = Math.floor(session.budgetBytes / Math.max(1, bytesPerRow));
  const byCells = Math.floor(session.limits.maxCellsPerBlock / columns);
  return Math.max(1, Math.min(remaining, byBytes, byCells));
}

const COUNT = new Intl.NumberFormat("en-US");

/** "A2:H5001" for zero-based indexes. */
function a1Range(row: number, column: number, rowCount: number, columnCount: number): string {
  const first = `${columnLetter(column + 1)}${row + 1}`;
  return `${first}:${columnLetter(column + columnCount)}${row + rowCount}`;
}

// ---------------------------------------------------------------------------------------------
// JSON size estimates, on the safe side: a non-ASCII character counts as a \uXXXX escape.

function jsonStringBytes(text: string): number {
  let bytes = 2;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22 || code === 0x5c) bytes += 2;
    else if (code < 0x20 || code > 0x7e) bytes += 6;
    else bytes += 1;
  }
  return bytes;
}

function jsonCellBytes(cell: CellValue): number {
  if (typeof cell === "string") return jsonStringBytes(cell);
  if (cell === null) return 4;
  return String(cell).length;
}

/** Bytes of `[a,b,c]` plus the comma that separates it from the next row. */
function jsonRowBytes(row: readonly CellValue[]): number {
  let bytes = 2 + row.length;
  for (const cell of row) bytes += jsonCellBytes(cell);
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// listSheets

async function listSheets(session: Session): Promise<SheetInfo[]> {
  const worksheets = session.context.workbook.worksheets;
  worksheets.load("items/name,items/visibility,items/protection/protected");
  await session.sync("listing the sheets", SMALL_REQUEST_BYTES);
  const sheets = worksheets.items;
  const usedRanges = sheets.map((sheet) => {
    const used = sheet.getUsedRangeOrNullObject(true);
    used.load("rowIndex,columnIndex,rowCount,columnCount");
    return used;
  });
  await session.sync("measuring the used range of each sheet", SMALL_REQUEST_BYTES);
  return sheets.map((sheet, i) => {
    const used = usedRanges[i]!;
    const empty = used.isNullObject;
    return {
      name: sheet.name,
      rowCount: empty ? 0 : used.rowIndex + used.rowCount,
      columnCount: empty ? 0 : used.columnIndex + used.columnCount,
      visible: sheet.visibility === "Visible",
      ...protectionInfo(sheet.protection.protected),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// readSheet

interface UsedArea {
  readonly rowIndex: number;
  readonly columnIndex: number;
  readonly rowCount: number;
  readonly columnCount: number;
}

async function readSheet(
  session: Session,
  name: string,
  options: ReadOptions,
): Promise<SheetSnapshot> {
  const sheet = session.context.workbook.worksheets.getItem(name);
  sheet.load("name");
  const used = sheet.getUsedRangeOrNullObject(true);
  used.load("rowIndex,columnIndex,rowCount,columnCount");
  await session.sync("finding the used range", SMALL_REQUEST_BYTES);
  if (used.isNullObject) {
    options.onProgress?.({ fraction: 1, label: `"${name}" is empty` });
    return { name: sheet.name, rows: [] };
  }
  const area: UsedArea = {
    rowIndex: used.rowIndex,
    columnIndex: used.columnIndex,
    rowCount: used.rowCount,
    columnCount: used.columnCount,
  };
  used.untrack();
  if (area.rowIndex + area.rowCount >= EXCEL_MAX_ROWS) throw sheetFull(sheet.name);
  // The snapshot starts at A1: rows and columns before the used range are empty.
  const width = area.columnIndex + area.columnCount;
  const rows: Row[] = Array.from({ length: area.rowIndex }, () =>
    new Array<CellValue>(width).fill(null),
  );
  // each block handed over as it comes (ReadOptions.onRows), so the reader works while Excel reads on
  if (rows.length > 0) options.onRows?.(rows.slice(), 1);
  await readRowBlocks(session, sheet, area, options, (values) => {
    const first = rows.length + 1;
    const block = values.map((row) => snapshotRow(row, area.columnIndex));
    for (const row of block) rows.push(row);
    options.onRows?.(block, first);
  });
  return { name: sheet.name, rows };
}

/**
 * A sheet used down to row 1,048,576 cannot be told apart from a longer input that Excel cut off
 * when it opened it (Excel keeps the first 1,048,576 rows of a CSV and drops the rest), so it is
 * refused rather than reconciled short.
 */
function sheetFull(name: string): WorkbookPortError {
  return new WorkbookPortError(
    `Sheet "${name}" is used down to Excel's last row (${COUNT.format(EXCEL_MAX_ROWS)}), so rows ` +
      `may have been cut off when the data was opened in Excel, and StockRec will not reconcile ` +
      `a statement that may be incomplete. Split it into sheets of at most ` +
      `${COUNT.format(EXCEL_MAX_ROWS - 1)} rows under a header, or reconcile the original CSV ` +
      `with the stockrec command line, which has no row limit.`,
    "sheet_full",
  );
}

/** Excel hands an empty cell over as ""; the snapshot says null, as every host does. */
function snapshotRow(values: readonly CellValue[], leadingEmptyColumns: number): Row {
  const row = new Array<CellValue>(leadingEmptyColumns + values.length).fill(null);
  values.forEach((cell, c) => {
    row[leadingEmptyColumns + c] = cell === "" || cell === undefined ? null : cell;
  });
  return row;
}

async function readRowBlocks(
  session: Session,
  sheet: ExcelWorksheet,
  area: UsedArea,
  options: ReadOptions,
  sink: (values: CellValue[][]) => void,
): Promise<void> {
  const name = sheet.name;
  const lastRow = area.rowIndex + area.rowCount;
  let bytesPerRow = area.columnCount * session.limits.firstBlockBytesPerCell;
  let done = 0;
  while (done < area.rowCount) {
    options.signal?.throwIfAborted();
    const firstRow = area.rowIndex + done;
    const wanted = rowsThatFit(session, bytesPerRow, area.columnCount, area.rowCount - done);
    const block = await withHalving(
      session,
      wanted,
      () =>
        new WorkbookPortError(
          `Row ${firstRow + 1} of sheet "${name}" is too large for one Excel request (5 MB), ` +
            `even on its own. Shorten the long texts in that row, then read the sheet again.`,
          "row_too_large",
        ),
      (n) => readBlock(session, sheet, firstRow, area.columnIndex, n, area.columnCount),
    );
    const responseBytes = block.result.reduce((sum, row) => sum + jsonRowBytes(row), 2);
    session.received(responseBytes, block.rows * area.columnCount);
    bytesPerRow = responseBytes / block.rows;
    sink(block.result);
    done += block.rows;
    options.onProgress?.({
      fraction: done / area.rowCount,
      label: `Reading "${name}": row ${COUNT.format(firstRow + block.rows)} of ${COUNT.format(lastRow)}`,
    });
  }
}

/** One sync: the values of `rowCount` rows, or null when Excel answers null (too many cells). */
async function readBlock(
  session: Session,
  sheet: ExcelWorksheet,
  row: number,
  column: number,
  rowCount: number,
  columnCount: number,
): Promise<CellValue[][] | null> {
  const range = sheet.getRangeByIndexes(row, column, rowCount, columnCount);
  range.load("values");
  const address = a1Range(row, column, rowCount, columnCount);
  await session.sync(`reading ${address}`, SMALL_REQUEST_BYTES);
  const values = range.values;
  range.untrack();
  if (values !== null && values.length !== rowCount) {
    throw new WorkbookPortError(
      `Excel returned ${values.length} rows for ${address} of "${sheet.name}" instead of ` +
        `${rowCount}. Read the sheet again; if it repeats, reload the add-in.`,
      "excel_error",
    );
  }
  return values;
}

// ---------------------------------------------------------------------------------------------
// writeTable

function checkedTable(output: TableOutput): TableOutput {
  assertChartsFit(output);
  assertPrintFits(output);
  assertConditionalFormatsFit(output);
  const bad = (message: string) =>
    new WorkbookPortError(`Cannot write table "${output.tableName}": ${message}`, "bad_table");
  const columns = output.columns.length;
  if (columns === 0) throw bad("it has no columns.");
  if (columns > EXCEL_MAX_COLUMNS) throw bad(`${columns} columns is more than Excel's 16,384.`);
  if (output.rows.length + 1 > EXCEL_MAX_ROWS) {
    throw bad(`${output.rows.length} rows and a header do not fit Excel's 1,048,576 rows.`);
  }
  const headers = new Set<string>();
  for (const column of output.columns) {
    const key = column.header.trim().toLowerCase();
    if (key === "") throw bad("a column has no header.");
    if (headers.has(key)) throw bad(`the header "${column.header}" appears twice.`);
    headers.add(key);
    const format = column.format;
    if (format.kind === "quantity") {
      const ok = Number.isInteger(format.decimals) && format.decimals >= 0;
      if (!ok || format.decimals > MAX_DECIMALS) {
        throw bad(`column "${column.header}" asks for ${format.decimals} decimals (0-30).`);
      }
    }
  }
  output.rows.forEach((row, r) => {
    if (row.length > columns)
      throw bad(`row ${r + 1} has ${row.length} cells for ${columns} columns.`);
    row.forEach((cell, c) => {
      if (typeof cell === "number" && !Number.isFinite(cell)) {
        throw bad(`row ${r + 1}, column "${output.columns[c]!.header}" holds ${cell}.`);
      }
    });
  });
  return output;
}

function numberFormatOf(format: ColumnFormat): string | null {
  switch (format.kind) {
    case "text":
      return "@";
    case "quantity":
      return format.decimals === 0 ? "#,##0" : `#,##0.${"0".repeat(format.decimals)}`;
    case "date":
      return "yyyy-mm-dd";
    case "general":
      return null;
  }
}

/**
 * What to send so Excel stores exactly `cell`. A leading apostrophe makes Excel keep a string as
 * text and is not part of the value. Text columns are formatted "@" first, which keeps 037833100
 * as text, so there only strings Excel would parse as a formula (= + - @) or strip (') get one;
 * elsewhere every string does, or Excel would turn "1.50", "TRUE" or "2024-01-31" into a number,
 * a boolean or a date.
 */
function excelCell(cell: CellValue | undefined, format: ColumnFormat): CellValue {
  if (cell === null || cell === undefined || cell === "") return "";
  if (typeof cell !== "string") return cell;
  if (format.kind !== "text" || /^[=+\-@']/.test(cell)) return `'${cell}`;
  return cell;
}

/** Excel measures column width in points; a character of the default font is about 7 px. */
function columnWidthPoints(characters: number): number {
  const pixels = Math.max(1, characters) * 7 + 5;
  return pixels * 0.75;
}

function quotedSheetName(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

async function writeTable(
  session: Session,
  output: TableOutput,
  options: ReadOptions,
): Promise<void> {
  const worksheets = session.context.workbook.worksheets;
  worksheets.load("items/name,items/position,items/protection/protected");
  await session.sync("looking for existing sheets", SMALL_REQUEST_BYTES);
  const wasProtected = existingSheet(worksheets, output.sheetName)?.protection.protected === true;
  const sheet = replaceSheet(worksheets, output.sheetName);
  suspendCalculation(session.context);
  const layoutBytes = queueLayout(sheet, output);
  await session.sync("creating the sheet, its formats and its header", layoutBytes);
  await writeRowBlocks(session, sheet, output, options);
  const lastColumn = columnLetter(output.columns.length);
  const lastRow = Math.max(2, output.rows.length + 1); // Excel gives a header-only table one empty row
  const address = `${quotedSheetName(output.sheetName)}!A1:${lastColumn}${lastRow}`;
  const table = sheet.tables.add(address, true);
  table.name = output.tableName;
  table.style = TABLE_STYLE;
  table.showBandedRows = true;
  sheet.freezePanes.freezeRows(1);
  if (output.print !== undefined) queuePrint(sheet, output.print);
  // The sheet is new (replaceSheet), so it has no earlier charts to remove.
  for (const chart of output.charts ?? []) queueChart(sheet, output, chart);
  for (const spec of output.conditionalFormats ?? []) queueConditionalFormat(sheet, output, spec);
  if (output.visibility !== undefined && output.visibility !== "visible") {
    sheet.visibility = output.visibility === "veryHidden" ? "VeryHidden" : "Hidden";
  }
  // Last, once everything is written: the sheet is protected again, as it was before.
  if (wasProtected) sheet.protection.protect(PROTECTION_OPTIONS);
  await session.sync(`creating table "${output.tableName}" on ${address}`, SMALL_REQUEST_BYTES);
  options.onProgress?.({ fraction: 1, label: `Wrote "${output.sheetName}"` });
}

/**
 * Queues the page setup (ExcelApi 1.9; no sync): orientation, fit to `fitToPagesWide` pages
 * across with the height left free (as many pages down as the rows need), and the header row
 * repeated on every page. Zoom is set as a whole object, as Office.js requires.
 */
function queuePrint(sheet: ExcelWorksheet, print: PrintSetup): void {
  sheet.pageLayout.orientation = print.orientation === "landscape" ? "Landscape" : "Portrait";
  sheet.pageLayout.zoom = { horizontalFitToPages: print.fitToPagesWide };
  if (print.repeatHeaderRow) sheet.pageLayout.setPrintTitleRows("$1:$1");
}

/**
 * Queues one conditional format (ExcelApi 1.6; no sync) over the data rows of its column only:
 * rules on whole columns make Excel slow and are refused by some hosts (ENGINEERING.md §4).
 */
function queueConditionalFormat(
  sheet: ExcelWorksheet,
  output: TableOutput,
  spec: ConditionalFormatSpec,
): void {
  const rows = Math.max(1, output.rows.length);
  const range = sheet.getRangeByIndexes(1, spec.column - 1, rows, 1);
  const format = range.conditionalFormats.add("CellValue");
  const colors = HIGHLIGHT_COLORS[spec.style];
  format.cellValue.format.fill.color = colors.fill;
  format.cellValue.format.font.color = colors.font;
  format.cellValue.rule = cellValueRule(spec.rule);
}

function cellValueRule(rule: ConditionalRule): ExcelConditionalCellValueRule {
  switch (rule.kind) {
    case "textEquals":
      return { formula1: `="${rule.text.replace(/"/g, '""')}"`, operator: "EqualTo" };
    case "numberAbove":
      return { formula1: `=${rule.value}`, operator: "GreaterThan" };
    case "numberBetween":
      return { formula1: `=${rule.min}`, formula2: `=${rule.max}`, operator: "Between" };
  }
}

const CHART_TYPES: Readonly<Record<ChartSpec["kind"], string>> = {
  columnClustered: "ColumnClustered",
  barClustered: "BarClustered",
};

/**
 * Queues one chart (no sync): each value column one series named by its header, the category
 * column as every series' axis labels, covering exactly the anchor's cells.
 */
function queueChart(sheet: ExcelWorksheet, output: TableOutput, spec: ChartSpec): void {
  const { rows, valueColumns, anchor } = spec;
  const rowCount = rows.last - rows.first + 1;
  const seriesCount = valueColumns.last - valueColumns.first + 1;
  const values = sheet.getRangeByIndexes(
    rows.first - 1,
    valueColumns.first - 1,
    rowCount,
    seriesCount,
  );
  const chart = sheet.charts.add(CHART_TYPES[spec.kind], values, "Columns");
  chart.name = spec.name;
  chart.title.text = spec.title;
  for (let i = 0; i < seriesCount; i++) {
    const series = chart.series.getItemAt(i);
    series.name = output.columns[valueColumns.first - 1 + i]!.header;
    series.setXAxisValues(
      sheet.getRangeByIndexes(rows.first - 1, spec.categoryColumn - 1, rowCount, 1),
    );
  }
  const start = `${columnLetter(anchor.column)}${anchor.row}`;
  const end = `${columnLetter(anchor.column + anchor.columnSpan - 1)}${anchor.row + anchor.rowSpan - 1}`;
  chart.setPosition(start, end);
}

/**
 * Adds a fresh sheet named `name`; an existing one is deleted and its tab position kept. The new
 * sheet is added under a temporary name first because Excel refuses to delete a workbook's last
 * visible sheet, and deleting before adding would hit that when `name` is the only sheet.
 */
function replaceSheet(worksheets: ExcelWorksheetCollection, name: string): ExcelWorksheet {
  const existing = existingSheet(worksheets, name);
  if (!existing) return worksheets.add(name);
  // Excel lets a protected sheet be deleted; lifting the protection first says what is meant.
  if (existing.protection.protected) existing.protection.unprotect();
  const taken = new Set(worksheets.items.map((s) => s.name.toLowerCase()));
  let temporary = "StockRec new";
  for (let n = 2; taken.has(temporary.toLowerCase()); n++) temporary = `StockRec new ${n}`;
  const position = existing.position;
  const fresh = worksheets.add(temporary);
  existing.delete();
  fresh.name = name;
  fresh.position = position;
  return fresh;
}

function existingSheet(
  worksheets: ExcelWorksheetCollection,
  name: string,
): ExcelWorksheet | undefined {
  return worksheets.items.find((s) => s.name.toLowerCase() === name.toLowerCase());
}

/** ExcelApi 1.6; the manifest requires 1.12, so the method is real wherever it is present. */
function suspendCalculation(context: ExcelContext): void {
  context.application.suspendApiCalculationUntilNextSync?.();
}

/** Number formats before any value (so "@" keeps zeros), alignment, widths, bold header. */
function queueLayout(sheet: ExcelWorksheet, output: TableOutput): number {
  const dataRows = Math.max(1, output.rows.length);
  const columns = output.columns;
  columns.forEach((column, c) => {
    const numberFormat = numberFormatOf(column.format);
    if (numberFormat !== null)
      sheet.getRangeByIndexes(1, c, dataRows, 1).numberFormat = numberFormat;
    if (column.format.kind === "quantity") {
      sheet.getRangeByIndexes(0, c, dataRows + 1, 1).format.horizontalAlignment = "Right";
    }
    sheet.getRangeByIndexes(0, c, 1, 1).format.columnWidth = columnWidthPoints(column.width);
  });
  const header = sheet.getRangeByIndexes(0, 0, 1, columns.length);
  header.numberFormat = "@";
  const headerRow = columns.map((column) => excelCell(column.header, { kind: "text" }));
  header.values = [headerRow];
  header.format.font.bold = true;
  return SMALL_REQUEST_BYTES + columns.length * 400 + jsonRowBytes(headerRow);
}

async function writeRowBlocks(
  session: Session,
  sheet: ExcelWorksheet,
  output: TableOutput,
  options: ReadOptions,
): Promise<void> {
  const columns = output.columns.length;
  const total = output.rows.length;
  let done = 0;
  while (done < total) {
    options.signal?.throwIfAborted();
    const block = nextWriteBlock(session, output, done);
    const startRow = done + 1; // zero-based sheet row; row 0 is the header
    const written = await withHalving(
      session,
      block.values.length,
      () =>
        new WorkbookPortError(
          `Row ${startRow + 1} of sheet "${output.sheetName}" is too large for one Excel ` +
            `request (5 MB), even on its own. Shorten its longest texts, then write again.`,
          "row_too_large",
        ),
      async (n) => {
        suspendCalculation(session.context);
        const range = sheet.getRangeByIndexes(startRow, 0, n, columns);
        range.values = n === block.values.length ? block.values : block.values.slice(0, n);
        const address = a1Range(startRow, 0, n, columns);
        await session.sync(`writing ${address}`, SMALL_REQUEST_BYTES + block.bytesBefore[n]!);
        return true;
      },
    );
    done += written.rows;
    options.onProgress?.({
      fraction: done / total,
      label: `Writing "${output.sheetName}": row ${COUNT.format(done + 1)} of ${COUNT.format(total + 1)}`,
    });
  }
}

/** The rows from `start` that fit the budget, as Excel should get them, with running byte sums. */
function nextWriteBlock(
  session: Session,
  output: TableOutput,
  start: number,
): { values: CellValue[][]; bytesBefore: number[] } {
  const formats = output.columns.map((column) => column.format);
  const maxRows = Math.max(
    1,
    Math.min(
      output.rows.length - start,
      Math.floor(session.limits.maxCellsPerBlock / formats.length),
    ),
  );
  const values: CellValue[][] = [];
  const bytesBefore = [0];
  let bytes = 2;
  for (let r = start; r < start + maxRows; r++) {
    const source = output.rows[r]!;
    const row = formats.map((format, c) => excelCell(source[c], format));
    const rowBytes = jsonRowBytes(row);
    if (values.length > 0 && bytes + rowBytes > session.budgetBytes) break;
    values.push(row);
    bytes += rowBytes;
    bytesBefore.push(bytes);
  }
  return { values, bytesBefore };
}

// ---------------------------------------------------------------------------------------------
// selectCell

function checkedCell(row: number, column: number): { row: number; column: number } {
  const ok =
    Number.isInteger(row) &&
    Number.isInteger(column) &&
    row >= 1 &&
    column >= 1 &&
    row <= EXCEL_MAX_ROWS &&
    column <= EXCEL_MAX_COLUMNS;
  if (!ok) {
    throw new WorkbookPortError(
      `Cannot select row ${row}, column ${column}: Excel rows run 1-1,048,576 and columns 1-16,384.`,
      "bad_cell",
    );
  }
  return { row, column };
}

async function selectCell(
  session: Session,
  sheetName: string,
  cell: { row: number; column: number },
): Promise<void> {
  const sheet = session.context.workbook.worksheets.getItem(sheetName);
  sheet.activate();
  const address = `${columnLetter(cell.column)}${cell.row}`;
  sheet.getRange(address).select();
  await session.sync(`selecting ${address}`, SMALL_REQUEST_BYTES);
}

// ---------------------------------------------------------------------------------------------
// setSheetProtection

/**
 * Two syncs: the state, then the change if there is one. Excel rejects protecting a protected
 * sheet (and the reverse) with AccessDenied since June 2026, so nothing is sent when it is so.
 */
async function setSheetProtection(
  session: Session,
  sheetName: string,
  protect: boolean,
): Promise<void> {
  const sheet = session.context.workbook.worksheets.getItem(sheetName);
  sheet.protection.load("protected");
  await session.sync("reading its protection", SMALL_REQUEST_BYTES);
  if (sheet.protection.protected === protect) return;
  if (protect) sheet.protection.protect(PROTECTION_OPTIONS);
  else sheet.protection.unprotect();
  await session.sync(protect ? "protecting it" : "unprotecting it", SMALL_REQUEST_BYTES);
}
