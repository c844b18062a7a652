/**
 * Importing a statement file into ONE new sheet of the open workbook, over any host: the CLI
 * (`stockrec import`) and the task pane both call this. The file's format is detected, parsed
 * into a table whose header StockRec's own detection reads back (src/domain/formats/toSheet.ts),
 * and written with `port.writeTable`.
 *
 * An existing sheet is never replaced by accident: a default name is made unique, and a name the
 * user gives that already exists is refused unless they also ask to replace it. Whatever stops
 * the import (unknown format, unreadable file, a name that is taken) is returned as issues with
 * nothing written; the workbook changes only in the one write at the end.
 */
import {
  decodeText,
  detectFormat,
  FORMAT_LABELS,
  type StatementFormat,
} from "../domain/formats/detect";
import {
  sheetToTable,
  textToTable,
  withContra,
  type ImportedTable,
  type ImportKind,
} from "../domain/formats/toSheet";
import type { Issue } from "../domain/issues";
import { WorkbookPortError, type ReadOptions, type WorkbookPort } from "./port";

export type { ImportKind } from "../domain/formats/toSheet";
export type { StatementFormat } from "../domain/formats/detect";
export { FORMAT_LABELS } from "../domain/formats/detect";

export interface ImportInput {
  /** The file's name as the user knows it: issues cite it, and the default sheet name uses it. */
  readonly fileName: string;
  readonly bytes: Uint8Array;
  /** Name of the new sheet; default: format, account and date (`MT535 S 02500 2008-03-12`). */
  readonly sheetName?: string;
  /** Replace `sheetName` if it exists. Ignored without `sheetName`: a default never replaces. */
  readonly replace?: boolean;
  /** Adds a Contra column naming the contra organization the statement comes from. */
  readonly contra?: string;
  /** For an .xlsx file: the sheet to import (default: the first visible one). */
  readonly sourceSheet?: string;
}

export interface ImportOptions extends ReadOptions {
  /**
   * Opens an .xlsx file's bytes as a workbook (the CLI passes `XlsxWorkbook.fromBuffer`). Taken
   * as a dependency so this module stays free of ExcelJS; without it .xlsx files are refused.
   */
  readonly openWorkbook?: (bytes: Uint8Array) => Promise<WorkbookPort>;
}

export interface ImportedStatement {
  readonly imported: true;
  readonly sheetName: string;
  readonly tableName: string;
  readonly format: Exclude<StatementFormat, "unknown">;
  readonly kind: ImportKind;
  readonly rowCount: number;
  /** Statements (SWIFT), account blocks (BAI2), or 1 (CSV, a workbook sheet). */
  readonly statementCount: number;
  /** What the rows came from, for people: "3 statements", "sheet "DTC" of book.xlsx". */
  readonly source: string;
  readonly issues: readonly Issue[];
}

export interface NotImported {
  readonly imported: false;
  readonly format: StatementFormat;
  /** At least one error says why nothing was imported. */
  readonly issues: readonly Issue[];
}

export type ImportResult = ImportedStatement | NotImported;

/** Excel's limit on sheet names, and the characters it refuses in them. */
const MAX_SHEET_NAME = 31;
const FORBIDDEN_IN_SHEET_NAME = /[[\]:*?/\\]/g;
/** Tries at another table name when the host says one is taken by a table StockRec cannot see. */
const TABLE_NAME_ATTEMPTS = 20;

const SHEET_PREFIX: Readonly<Record<Exclude<StatementFormat, "unknown">, string>> = {
  xlsx: "XLSX",
  csv: "CSV",
  mt535: "MT535",
  mt940: "MT940",
  mt950: "MT950",
  bai2: "BAI2",
};

export async function importStatement(
  port: WorkbookPort,
  input: ImportInput,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const detection = detectFormat(input.fileName, input.bytes);
  const format = detection.format;
  if (format === "unknown") {
    return notImported(format, [unknownFormatIssue(input.fileName, detection.reason)]);
  }
  if (input.sourceSheet !== undefined && format !== "xlsx") {
    return notImported(format, [sourceSheetIssue(input.fileName, format)]);
  }
  const read = await readTable(format, input, options);
  if (read.table === null) return notImported(format, read.issues);
  const table =
    input.contra === undefined ? read.table : withContra(read.table, input.contra, input.fileName);
  const issues = [...read.issues, ...table.issues];
  const existing = (await port.listSheets()).map((sheet) => sheet.name);
  const target = chooseSheetName(input, table, existing);
  if (typeof target !== "string") return notImported(format, [...issues, target]);
  const tableName = await writeWithFreeTableName(port, target, table, options);
  return {
    imported: true,
    sheetName: target,
    tableName,
    format: table.format,
    kind: table.kind,
    rowCount: table.rows.length,
    statementCount: table.statementCount,
    source: table.source,
    issues,
  };
}

function notImported(format: StatementFormat, issues: readonly Issue[]): NotImported {
  return { imported: false, format, issues };
}

interface ReadTable {
  readonly table: ImportedTable | null;
  /** Issues of reading the bytes (encoding, the workbook); the table carries its own. */
  readonly issues: readonly Issue[];
}

async function readTable(
  format: Exclude<StatementFormat, "unknown">,
  input: ImportInput,
  options: ImportOptions,
): Promise<ReadTable> {
  if (format === "xlsx") return readWorkbookTable(input, options);
  const decoded = decodeText(input.bytes, input.fileName);
  const table = textToTable(format, decoded.text, input.fileName);
  // A file in which no statement (or no row) was found has nothing to put on a sheet; its
  // table's issues say why, so they become the reasons nothing was imported.
  if (table.statementCount === 0 || table.columns.length === 0) {
    return { table: null, issues: [...decoded.issues, ...withAnError(table, input.fileName)] };
  }
  return { table, issues: decoded.issues };
}

/** The reasons a table is empty, with an error among them so callers treat it as a failure. */
function withAnError(table: ImportedTable, fileName: string): Issue[] {
  if (table.issues.some((issue) => issue.severity === "error")) return [...table.issues];
  return [
    ...table.issues,
    {
      code: "statement_file_must_hold_a_statement",
      severity: "error",
      where: { sheet: fileName },
      message: `${fileName}: no ${FORMAT_LABELS[table.format]} content was found in the file.`,
      hint: "Check that this is the complete file from the custodian or bank.",
    },
  ];
}

async function readWorkbookTable(input: ImportInput, options: ImportOptions): Promise<ReadTable> {
  if (options.openWorkbook === undefined) {
    return { table: null, issues: [noWorkbookReaderIssue(input.fileName)] };
  }
  try {
    const source = await options.openWorkbook(input.bytes);
    const sheets = await source.listSheets();
    const wanted = input.sourceSheet;
    const chosen =
      wanted === undefined
        ? sheets.find((sheet) => sheet.visible)
        : (sheets.find((sheet) => sheet.name === wanted) ??
          sheets.find((sheet) => sheet.name.toLowerCase() === wanted.toLowerCase()));
    if (chosen === undefined) {
      const names = sheets.map((sheet) => sheet.name);
      return { table: null, issues: [noSourceSheetIssue(input.fileName, wanted, names)] };
    }
    const snapshot = await source.readSheet(chosen.name, readOptions(options));
    const table = sheetToTable(snapshot, input.fileName);
    if (table.columns.length === 0) return { table: null, issues: table.issues };
    return { table, issues: [] };
  } catch (error) {
    if (!(error instanceof WorkbookPortError)) throw error;
    return { table: null, issues: [unreadableWorkbookIssue(input.fileName, error)] };
  }
}

/** Spelled out because an absent option and an undefined one differ under exactOptionalPropertyTypes. */
function readOptions(options: ImportOptions): ReadOptions {
  return {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Sheet and table names

/** The sheet to write, or the issue that stops the import. */
function chooseSheetName(
  input: ImportInput,
  table: ImportedTable,
  existing: readonly string[],
): string | Issue {
  const taken = new Set(existing.map((name) => name.toLowerCase()));
  const wanted = input.sheetName;
  if (wanted === undefined) return uniqueSheetName(defaultSheetName(table), taken);
  const problem = sheetNameProblem(wanted);
  if (problem !== null) return badSheetNameIssue(input.fileName, wanted, problem);
  if (taken.has(wanted.toLowerCase()) && input.replace !== true) {
    return sheetExistsIssue(input.fileName, wanted);
  }
  return wanted;
}

/** Why Excel would refuse `name` as a sheet name, or null. */
export function sheetNameProblem(name: string): string | null {
  if (name.trim() === "") return "it is empty";
  if (name.length > MAX_SHEET_NAME) return `it is longer than ${MAX_SHEET_NAME} characters`;
  if (new RegExp(FORBIDDEN_IN_SHEET_NAME.source).test(name)) {
    return "it contains one of [ ] : * ? / \\";
  }
  if (/^'|'$/.test(name)) return "it begins or ends with an apostrophe";
  if (name.toLowerCase() === "history") return "Excel reserves the name History";
  return null;
}

/**
 * `MT535 S 02500 2008-03-12`, `MT940 45050050-7619881 2013-10-17`: format, account and date of
 * the first statement (for a CSV the file's name, for a workbook the sheet's). The account part
 * is shortened so the date always fits.
 */
export function defaultSheetName(table: ImportedTable): string {
  return fitSheetName(SHEET_PREFIX[table.format], table.account ?? "", table.date ?? "");
}

function fitSheetName(prefix: string, middle: string, suffix: string): string {
  const clean = (text: string) =>
    text
      .replace(FORBIDDEN_IN_SHEET_NAME, "-")
      .replace(/\s+/g, " ")
      .replace(/^'+|'+$/g, "")
      .trim();
  const fixed = [prefix, clean(suffix)].filter((part) => part !== "");
  const room = MAX_SHEET_NAME - fixed.join(" ").length - 1;
  const shortened = clean(middle).slice(0, Math.max(0, room)).trim();
  const parts = shortened === "" ? fixed : [prefix, shortened, ...fixed.slice(1)];
  return parts.join(" ").slice(0, MAX_SHEET_NAME);
}

/** `name`, else `name (2)`, `name (3)`, … shortened to fit; never one of `taken`. */
function uniqueSheetName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name.toLowerCase())) return name;
  for (let counter = 2; ; counter++) {
    const suffix = ` (${counter})`;
    const candidate = name.slice(0, MAX_SHEET_NAME - suffix.length).trimEnd() + suffix;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/**
 * `Import_MT535_S_02500_2008_03_12`: derived from the sheet name, which is unique in the
 * workbook, so earlier imports never collide. The port cannot list tables, so a name already
 * used by some other table is found when the host refuses it, and the next number is tried.
 */
export function tableNameFor(sheetName: string, attempt = 1): string {
  const body = sheetName.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  const base = `Import_${body === "" ? "Sheet" : body}`.slice(0, 240);
  return attempt === 1 ? base : `${base}_${attempt}`;
}

async function writeWithFreeTableName(
  port: WorkbookPort,
  sheetName: string,
  table: ImportedTable,
  options: ImportOptions,
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const tableName = tableNameFor(sheetName, attempt);
    try {
      await port.writeTable(
        { sheetName, tableName, columns: table.columns, rows: table.rows },
        readOptions(options),
      );
      return tableName;
    } catch (error) {
      const taken = error instanceof WorkbookPortError && error.code === "table_name_taken";
      if (!taken || attempt >= TABLE_NAME_ATTEMPTS) throw error;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Issues that stop an import

function unknownFormatIssue(fileName: string, reason: string): Issue {
  return {
    code: "statement_format_must_be_known",
    severity: "error",
    where: { sheet: fileName },
    message: `${fileName}: StockRec cannot tell what kind of statement this is: ${reason}.`,
    hint: "Import a CSV (.csv), an Excel workbook (.xlsx), a SWIFT MT535, MT940 or MT950 file, or a BAI2 file. If it is one of these, check that it is complete and not a PDF or a zipped download.",
  };
}

function sourceSheetIssue(fileName: string, format: StatementFormat): Issue {
  return {
    code: "source_sheet_needs_a_workbook",
    severity: "error",
    where: { sheet: fileName },
    message: `${fileName}: a source sheet was named, but the file is a ${FORMAT_LABELS[format]}, which has no sheets.`,
    hint: "Name a source sheet only when importing an .xlsx workbook.",
  };
}

function noWorkbookReaderIssue(fileName: string): Issue {
  return {
    code: "workbook_import_not_available",
    severity: "error",
    where: { sheet: fileName },
    message: `${fileName}: this is an Excel workbook, and importing workbooks is not available here.`,
    hint: "Save the sheet as CSV and import that, or use the stockrec command line.",
  };
}

function noSourceSheetIssue(
  fileName: string,
  wanted: string | undefined,
  names: readonly string[],
): Issue {
  const list = names.map((name) => `"${name}"`).join(", ");
  return {
    code: "source_sheet_must_exist",
    severity: "error",
    where: { sheet: fileName },
    message:
      wanted === undefined
        ? `${fileName}: the workbook has no visible sheet to import (sheets: ${list || "none"}).`
        : `${fileName}: the workbook has no sheet named "${wanted}" (sheets: ${list || "none"}).`,
    hint: "Name one of the workbook's sheets as the source sheet.",
  };
}

function unreadableWorkbookIssue(fileName: string, error: WorkbookPortError): Issue {
  return {
    code: "statement_workbook_must_be_readable",
    severity: "error",
    where: { sheet: fileName },
    message: `${fileName}: ${error.message}`,
    hint: "Open the file in Excel, save it as .xlsx (Excel Workbook), and import it again.",
  };
}

function badSheetNameIssue(fileName: string, name: string, problem: string): Issue {
  return {
    code: "sheet_name_must_be_valid",
    severity: "error",
    where: { sheet: fileName },
    message: `"${name}" cannot be the new sheet's name: ${problem}.`,
    hint: "Choose a name of 1 to 31 characters without [ ] : * ? / \\.",
  };
}

function sheetExistsIssue(fileName: string, name: string): Issue {
  return {
    code: "sheet_must_not_exist",
    severity: "error",
    where: { sheet: fileName },
    message: `The workbook already has a sheet named "${name}"; it was left as it is and nothing was imported.`,
    hint: "Choose another name, or confirm that the existing sheet should be replaced (stockrec: add --replace).",
  };
}
