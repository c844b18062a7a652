/**
 * Parsed statements → the rows of ONE new sheet that StockRec's own header detection reads back:
 * MT535 holdings become a positions sheet (ISIN, Quantity, …), MT940/MT950 statements and BAI2
 * account blocks become money sheets (Account, Currency, As Of, Closing Balance, …), and CSV or
 * a workbook sheet is copied as it is, under its own header.
 *
 * Quantities and amounts are written as numbers when a double holds them exactly as Excel shows
 * them (`toExcelNumber`), otherwise as their exact decimal string, which StockRec also reads
 * exactly: people can add up the common case, and nothing is ever rounded. CSV cells stay the
 * text they were (037833100, 1,234.50), because converting them is where identifiers lose their
 * zeros; StockRec parses that text exactly when it reconciles.
 *
 * Every row names the line (or sheet row) it came from, and every parse issue is carried over
 * with `where.sheet` = the file name and `where.row` = the line.
 */
import Papa, { type ParseError } from "papaparse";
import { decimalFromNumber, sum, toDecimalString, toExcelNumber, type Decimal } from "../decimal";
import {
  FIELD_SYNONYMS,
  findHeaderRow,
  normaliseHeader,
  POSITION_SCHEMA,
  type HeaderMatch,
} from "../headers";
import type { IsoDate } from "../isoDate";
import type { Issue } from "../issues";
import { columnLetter, isBlank, type CellValue, type Row } from "../sheet";
import { MONEY_FIELD_SYNONYMS, MONEY_STATEMENT_SCHEMA } from "../money";
import { findDateInText } from "../values";
import { findSummary, parseBai2, type Bai2Account, type Bai2Result } from "./bai2";
import type { StatementFormat } from "./detect";
import { parseMt535, type Holding, type Mt535Result, type Mt535Statement } from "./mt535";
import { parseCashStatement, type CashStatement, type CashStatementResult } from "./mt940";

export type ImportKind = "positions" | "money" | "other";

/** The same shape as the port's ColumnFormat (the domain does not import the workbook layer). */
export type ImportColumnFormat =
  | { readonly kind: "text" }
  | { readonly kind: "quantity"; readonly decimals: number }
  | { readonly kind: "date" }
  | { readonly kind: "general" };

export interface ImportColumn {
  readonly header: string;
  readonly format: ImportColumnFormat;
  /** Approximate width in characters. */
  readonly width: number;
}

export interface ImportedTable {
  readonly format: Exclude<StatementFormat, "unknown">;
  /** positions: a security id and a quantity; money: an account and a balance; other: neither. */
  readonly kind: ImportKind;
  readonly columns: readonly ImportColumn[];
  readonly rows: readonly Row[];
  /** Statements (SWIFT), account blocks (BAI2), or 1 (CSV, a workbook sheet). */
  readonly statementCount: number;
  /** What the rows came from, for people: "3 statements", "comma-separated, 12 records". */
  readonly source: string;
  /** Account of the first statement (for a CSV: the file; a workbook: the sheet), or null. */
  readonly account: string | null;
  /** Date of the first statement (or a date in a sheet's title rows), or null. */
  readonly date: IsoDate | null;
  readonly issues: readonly Issue[];
}

/** A bound on the input keeps a pasted file from stalling the task pane. */
export const MAX_IMPORT_TEXT_LENGTH = 20_000_000;

/** Parses a text statement of a detected format into its table. */
export function textToTable(
  format: "csv" | "mt535" | "mt940" | "mt950" | "bai2",
  text: string,
  fileName: string,
): ImportedTable {
  switch (format) {
    case "mt535":
      return mt535ToTable(parseMt535(text, fileName));
    case "mt940":
    case "mt950":
      return cashStatementsToTable(parseCashStatement(text, fileName), format);
    case "bai2":
      return bai2ToTable(parseBai2(text, fileName), fileName);
    case "csv":
      return csvToTable(text, fileName);
  }
}

// ---------------------------------------------------------------------------------------------
// Columns and cells

/** A cell before it is written: exact decimals are turned into numbers or text at the end. */
type DraftCell = CellValue | Decimal;

type ColumnKind = "text" | "quantity" | "money" | "date" | "general";

interface ColumnSpec {
  readonly header: string;
  readonly kind: ColumnKind;
}

function isDecimal(cell: DraftCell): cell is Decimal {
  return typeof cell === "object" && cell !== null;
}

/** Decimal places a column shows: as many as its most precise value; money at least cents. */
function decimalsOf(kind: ColumnKind, cells: readonly DraftCell[]): number {
  let decimals = kind === "money" ? 2 : 0;
  for (const cell of cells) {
    const scale = isDecimal(cell)
      ? cell.scale
      : typeof cell === "number"
        ? (decimalFromNumber(cell)?.scale ?? 0)
        : 0;
    decimals = Math.max(decimals, scale);
  }
  return decimals;
}

function formatOf(kind: ColumnKind, cells: readonly DraftCell[]): ImportColumnFormat {
  if (kind === "quantity" || kind === "money") {
    return { kind: "quantity", decimals: decimalsOf(kind, cells) };
  }
  return { kind };
}

function finalCell(cell: DraftCell): CellValue {
  return isDecimal(cell) ? (toExcelNumber(cell) ?? toDecimalString(cell)) : cell;
}

const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

function widthOf(header: string, cells: readonly CellValue[]): number {
  let widest = header.length;
  for (const cell of cells) {
    if (cell !== null) widest = Math.max(widest, String(cell).length);
  }
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest + 2));
}

/** Columns with their formats and widths, and the rows with exact decimals made writable. */
function finishColumns(
  specs: readonly ColumnSpec[],
  drafts: readonly (readonly DraftCell[])[],
): { columns: ImportColumn[]; rows: Row[] } {
  const rows = drafts.map((draft) => specs.map((_, index) => finalCell(draft[index] ?? null)));
  const columns = specs.map((spec, index) => {
    const drafted = drafts.map((draft) => draft[index] ?? null);
    const written = rows.map((row) => row[index] ?? null);
    return {
      header: spec.header,
      format: formatOf(spec.kind, drafted),
      width: widthOf(spec.header, written),
    };
  });
  return { columns, rows };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

// ---------------------------------------------------------------------------------------------
// MT535 → positions

const MT535_COLUMNS: readonly ColumnSpec[] = [
  { header: "ISIN", kind: "text" },
  { header: "Description", kind: "text" },
  { header: "Quantity", kind: "quantity" },
  { header: "Quantity Type", kind: "text" },
  { header: "Available", kind: "quantity" },
  { header: "Safekeeping Account", kind: "text" },
  { header: "Statement Date", kind: "date" },
  { header: "Page", kind: "text" },
  { header: "Source Line", kind: "general" },
];

/**
 * The identifier StockRec matches on: the ISIN, else the national identifier of 35B without its
 * `/CC/` country prefix (`/US/037833100` → the CUSIP 037833100), so it can match the books.
 */
function securityIdOf(holding: Holding): string {
  if (holding.isin !== null) return holding.isin;
  if (holding.otherId !== null) return holding.otherId.replace(/^\/[A-Z]{2}\//, "");
  return "";
}

function holdingRow(statement: Mt535Statement, holding: Holding): DraftCell[] {
  return [
    securityIdOf(holding),
    holding.description,
    holding.aggregate.quantity,
    holding.aggregate.type,
    holding.available?.quantity ?? null,
    statement.safekeepingAccount,
    statement.statementDate,
    statement.page,
    holding.line,
  ];
}

/** One row per holding (its aggregate balance), for every statement and page in the file. */
export function mt535ToTable(result: Mt535Result): ImportedTable {
  const drafts = result.statements.flatMap((statement) =>
    statement.holdings.map((holding) => holdingRow(statement, holding)),
  );
  const first = result.statements[0];
  return {
    format: "mt535",
    kind: "positions",
    ...finishColumns(MT535_COLUMNS, drafts),
    statementCount: result.statements.length,
    source: plural(result.statements.length, "statement"),
    account: first?.safekeepingAccount ?? null,
    date: first?.statementDate ?? null,
    issues: result.issues,
  };
}

// ---------------------------------------------------------------------------------------------
// MT940 / MT950 → money

const CASH_COLUMNS: readonly ColumnSpec[] = [
  { header: "Account", kind: "text" },
  { header: "Currency", kind: "text" },
  { header: "Statement Number", kind: "text" },
  { header: "Opening Date", kind: "date" },
  { header: "Opening Balance", kind: "money" },
  { header: "As Of", kind: "date" },
  { header: "Closing Balance", kind: "money" },
  { header: "Closing Kind", kind: "text" },
  { header: "Entries", kind: "general" },
  { header: "Credits", kind: "money" },
  { header: "Debits", kind: "money" },
  { header: "Source Line", kind: "general" },
];

/** 62F closes the statement; 62M closes one message of a statement that continues. */
function closingKind(statement: CashStatement): string | null {
  if (statement.closing === null) return null;
  return statement.closing.tag === "62M" ? "intermediate" : "final";
}

function cashRow(statement: CashStatement): DraftCell[] {
  const { opening, closing } = statement;
  return [
    statement.account,
    closing?.currency ?? opening?.currency ?? null,
    statement.statementNumber,
    opening?.date ?? null,
    opening?.signedAmount ?? null,
    closing?.date ?? null,
    // Signed: a debit (overdrawn) balance is negative, as the general ledger shows it.
    closing?.signedAmount ?? null,
    closingKind(statement),
    statement.entries.length,
    statement.totalCredits,
    statement.totalDebits,
    statement.line,
  ];
}

/** One row per statement: its opening and closing balances and what moved between them. */
export function cashStatementsToTable(
  result: CashStatementResult,
  format: "mt940" | "mt950",
): ImportedTable {
  const first = result.statements[0];
  return {
    format,
    kind: "money",
    ...finishColumns(CASH_COLUMNS, result.statements.map(cashRow)),
    statementCount: result.statements.length,
    source: plural(result.statements.length, "statement"),
    account: first?.account ?? null,
    date: first?.closing?.date ?? first?.opening?.date ?? null,
    issues: result.issues,
  };
}

// ---------------------------------------------------------------------------------------------
// BAI2 → money

const BAI2_COLUMNS: readonly ColumnSpec[] = [
  { header: "Account", kind: "text" },
  { header: "Currency", kind: "text" },
  { header: "As Of", kind: "date" },
  // "… Ledger Balance": the money schema (money.ts) reads the closing ledger balance as the
  // balance, and deliberately not the available balances.
  { header: "Opening Ledger Balance", kind: "money" },
  { header: "Closing Ledger Balance", kind: "money" },
  { header: "Opening Available", kind: "money" },
  { header: "Closing Available", kind: "money" },
  { header: "Total Credits", kind: "money" },
  { header: "Total Debits", kind: "money" },
  { header: "Source Line", kind: "general" },
];

function summaryAmount(account: Bai2Account, typeCode: string): Decimal | null {
  return findSummary(account, typeCode)?.amount ?? null;
}

/**
 * The bank's own total (100 credits, 400 debits) when it gives one; otherwise the sum of the
 * account's detail records of that direction, when it has any.
 */
function directionTotal(account: Bai2Account, direction: "credit" | "debit"): Decimal | null {
  const reported = summaryAmount(account, direction === "credit" ? "100" : "400");
  if (reported !== null) return reported;
  const amounts = account.transactions
    .filter((transaction) => transaction.direction === direction)
    .map((transaction) => transaction.amount)
    .filter((amount): amount is Decimal => amount !== null);
  return amounts.length === 0 ? null : sum(amounts);
}

function bai2Row(account: Bai2Account): DraftCell[] {
  return [
    account.accountNumber,
    account.currency,
    account.asOfDate,
    summaryAmount(account, "010"),
    summaryAmount(account, "015"),
    summaryAmount(account, "040"),
    summaryAmount(account, "045"),
    directionTotal(account, "credit"),
    directionTotal(account, "debit"),
    account.line,
  ];
}

/** The closing ledger is the balance reconciled with the books; another figure is no stand-in. */
function missingClosingLedgerIssue(account: Bai2Account, fileName: string): Issue {
  const given = account.summaries
    .filter((summary) => summary.amount !== null)
    .map((summary) => `${summary.typeCode} ${toDecimalString(summary.amount!)}`);
  const others = given.length > 0 ? ` It reports ${given.slice(0, 6).join(", ")}.` : "";
  return {
    code: "bai2_account_must_report_closing_ledger",
    severity: "warning",
    where: { sheet: fileName, row: account.line },
    message: `${fileName} › line ${account.line}: account ${account.accountNumber} reports no closing ledger balance (type code 015), so its Closing Ledger Balance cell is left blank.${others}`,
    hint: "Take the closing ledger balance from the bank's online report, or ask the bank to include type code 015 in the file.",
  };
}

/** One row per account block (an account repeated in the file gives one row per block). */
export function bai2ToTable(result: Bai2Result, fileName: string): ImportedTable {
  const accounts = result.accounts;
  const missing = accounts
    .filter((account) => summaryAmount(account, "015") === null)
    .map((account) => missingClosingLedgerIssue(account, fileName));
  const first = accounts[0];
  return {
    format: "bai2",
    kind: "money",
    ...finishColumns(BAI2_COLUMNS, accounts.map(bai2Row)),
    statementCount: accounts.length,
    source: `${plural(accounts.length, "account block")} in ${plural(result.groups.length, "group")}`,
    account: first?.accountNumber ?? null,
    date: first?.asOfDate ?? null,
    issues: [...result.issues, ...missing],
  };
}

// ---------------------------------------------------------------------------------------------
// CSV and workbook sheets → their own header

/** A record of the source: its cells and the line (CSV) or row (sheet) it starts on. */
interface SourceRecord {
  readonly cells: readonly CellValue[];
  readonly source: number;
  /** How many fields the record has as written (CSV); the padded width for sheets. */
  readonly fieldCount: number;
}

/** CSV: every cell the text it was; delimiter, quotes and byte-order mark handled. */
export function csvToTable(text: string, fileName: string): ImportedTable {
  if (text.length > MAX_IMPORT_TEXT_LENGTH)
    return emptyTable("csv", [tooLongIssue(fileName, text)]);
  const parsed = parseCsv(text, fileName);
  const table = recordsToTable(parsed.records, {
    where: fileName,
    sourceHeader: "Source Line",
    unit: "line",
    reportRagged: true,
  });
  const delimiter = DELIMITER_NAMES[parsed.delimiter] ?? `"${parsed.delimiter}"`;
  return {
    ...table,
    format: "csv",
    source: `${delimiter}-separated, ${plural(parsed.records.length, "record")}`,
    account: fileName.replace(/^.*[/\\]/, "").replace(/\.[^.]*$/, ""),
    issues: [...parsed.issues, ...table.issues],
  };
}

/** A sheet of another workbook, with the values its port read (numbers stay numbers). */
export function sheetToTable(
  sheet: { readonly name: string; readonly rows: readonly Row[] },
  fileName: string,
): ImportedTable {
  const records = sheet.rows
    .map((cells, index) => ({ cells, source: index + 1, fieldCount: cells.length }))
    .filter((record) => !record.cells.every((cell) => isBlank(cell)));
  const table = recordsToTable(records, {
    where: `${fileName} › ${sheet.name}`,
    sourceHeader: "Source Row",
    unit: "row",
    reportRagged: false,
  });
  return {
    ...table,
    format: "xlsx",
    source: `sheet "${sheet.name}" of ${fileName}`,
    account: sheet.name,
  };
}

function emptyTable(format: "csv" | "xlsx", issues: readonly Issue[]): ImportedTable {
  return {
    format,
    kind: "other",
    columns: [],
    rows: [],
    statementCount: 0,
    source: "nothing",
    account: null,
    date: null,
    issues,
  };
}

function tooLongIssue(fileName: string, text: string): Issue {
  return {
    code: "statement_file_must_be_at_most_20_million_characters",
    severity: "error",
    where: { sheet: fileName },
    message: `${fileName}: the file has ${text.length} characters; at most ${MAX_IMPORT_TEXT_LENGTH} are read.`,
    hint: "Split the file and import the parts one at a time.",
  };
}

const DELIMITER_NAMES: Readonly<Record<string, string>> = {
  ",": "comma",
  ";": "semicolon",
  "\t": "tab",
};

interface ParsedCsv {
  readonly records: readonly SourceRecord[];
  readonly delimiter: string;
  readonly issues: readonly Issue[];
}

/**
 * Papa Parse honours quotes (a quoted field may hold the delimiter, doubled quotes and line
 * breaks). It takes one kind of line break per file, and files here mix them, so breaks are made
 * uniform first and lines are counted on that text. Blank lines are kept in the parse (and
 * dropped here) so each record's line can be counted from where the previous one ended.
 */
function parseCsv(text: string, fileName: string): ParsedCsv {
  const uniform = text.replace(/\r\n?/g, "\n");
  const delimiter = guessDelimiter(uniform);
  const records: SourceRecord[] = [];
  const issues: Issue[] = [];
  let start = 0;
  let line = 1;
  Papa.parse<string[]>(uniform, {
    delimiter: delimiter ?? ",",
    newline: "\n",
    skipEmptyLines: false,
    step: (result) => {
      // Papa Parse may report one bad quote twice (malformed, then unterminated): once is enough.
      const error = result.errors[0];
      if (error !== undefined) issues.push(quoteIssue(fileName, line, error));
      const cells = result.data;
      if (!cells.every((cell) => cell.trim() === "")) {
        records.push({ cells, source: line, fieldCount: cells.length });
      }
      const end = result.meta.cursor;
      line += countLineBreaks(uniform, start, end);
      start = end;
    },
  });
  if (delimiter === null && records.length > 0) issues.unshift(oneColumnIssue(fileName));
  return { records, delimiter: delimiter ?? ",", issues };
}

const CANDIDATE_DELIMITERS = [",", ";", "\t"] as const;
const DELIMITER_SAMPLE_RECORDS = 50;

/**
 * The delimiter that splits most of the first records into one same number of fields (more than
 * one); on a tie, the one giving more fields. Title lines above the header have one field, and
 * semicolon files with decimal commas (`1;2,5`) are why a plain count of commas would not do.
 * Null when no candidate splits anything.
 */
function guessDelimiter(text: string): string | null {
  let best: { delimiter: string; agreeing: number; fields: number } | null = null;
  for (const delimiter of CANDIDATE_DELIMITERS) {
    const sample = Papa.parse<string[]>(text, {
      delimiter,
      newline: "\n",
      preview: DELIMITER_SAMPLE_RECORDS,
      skipEmptyLines: "greedy",
    }).data;
    const { fields, agreeing } = commonestFieldCount(sample);
    if (fields < 2) continue;
    if (
      best === null ||
      agreeing > best.agreeing ||
      (agreeing === best.agreeing && fields > best.fields)
    ) {
      best = { delimiter, agreeing, fields };
    }
  }
  return best?.delimiter ?? null;
}

/** The field count (above one) most records share, and how many share it. */
function commonestFieldCount(records: readonly string[][]): { fields: number; agreeing: number } {
  const counts = new Map<number, number>();
  for (const record of records) {
    if (record.length > 1) counts.set(record.length, (counts.get(record.length) ?? 0) + 1);
  }
  let commonest = { fields: 0, agreeing: 0 };
  for (const [fields, agreeing] of counts) {
    const better =
      agreeing > commonest.agreeing ||
      (agreeing === commonest.agreeing && fields > commonest.fields);
    if (better) commonest = { fields, agreeing };
  }
  return commonest;
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  let index = text.indexOf("\n", from);
  while (index >= 0 && index < to) {
    count++;
    index = text.indexOf("\n", index + 1);
  }
  return count;
}

function oneColumnIssue(fileName: string): Issue {
  return {
    code: "csv_delimiter_not_found",
    severity: "info",
    where: { sheet: fileName },
    message: `${fileName}: no comma, semicolon or tab separates the fields of the first lines, so each line was read as one column.`,
    hint: "Nothing to do if the file has one column; otherwise save it from its program as CSV.",
  };
}

function quoteIssue(fileName: string, line: number, error: ParseError): Issue {
  return {
    code: "csv_quotes_must_be_balanced",
    severity: "error",
    where: { sheet: fileName, row: line },
    message: `${fileName} › line ${line}: ${error.message.toLowerCase()}; the record from here on may have swallowed the following lines.`,
    hint: "Open the file in a text editor, fix the quote (a quote inside a quoted field is written twice), and import it again.",
  };
}

interface TableContext {
  /** Where issues point: the file, or "file › sheet" for a workbook. */
  readonly where: string;
  readonly sourceHeader: string;
  readonly unit: "line" | "row";
  readonly reportRagged: boolean;
}

interface HeaderChoice {
  readonly index: number;
  readonly kind: ImportKind;
  readonly quantityColumns: ReadonlySet<number>;
  readonly dateColumns: ReadonlySet<number>;
  readonly hasAsOf: boolean;
}

/** The header: the first top record naming a security id and a quantity, else an account and a
 * balance, else the first record; title rows above it are reported, not copied. */
function chooseHeader(records: readonly SourceRecord[]): HeaderChoice {
  const snapshot = { name: "", rows: records.map((record) => record.cells) };
  const positions = findHeaderRow(snapshot, POSITION_SCHEMA);
  if (positions !== null) {
    const numeric = ["quantity", "price"] as const;
    return choice(positions, "positions", numeric, positions.columns.asOf);
  }
  const money = findHeaderRow(snapshot, MONEY_STATEMENT_SCHEMA);
  if (money !== null) return choice(money, "money", ["balance"], money.columns.asOf);
  return {
    index: 0,
    kind: "other",
    quantityColumns: new Set(),
    dateColumns: new Set(),
    hasAsOf: false,
  };
}

function choice<F extends string>(
  match: HeaderMatch<F>,
  kind: ImportKind,
  numericFields: readonly F[],
  asOfColumn: number | undefined,
): HeaderChoice {
  const quantityColumns = new Set(
    numericFields
      .map((field) => match.columns[field])
      .filter((column): column is number => column !== undefined),
  );
  return {
    index: match.headerRow - 1,
    kind,
    quantityColumns,
    dateColumns: new Set(asOfColumn === undefined ? [] : [asOfColumn]),
    hasAsOf: asOfColumn !== undefined,
  };
}

function recordsToTable(records: readonly SourceRecord[], context: TableContext): ImportedTable {
  const format = context.unit === "line" ? "csv" : "xlsx";
  if (records.length === 0) return emptyTable(format, [nothingToImportIssue(context)]);
  const header = chooseHeader(records);
  const headerRecord = records[header.index]!;
  const titles = records.slice(0, header.index);
  const data = records.slice(header.index + 1);
  // Trailing blank header cells ("A,B,C,") make no column unless some record fills them.
  const width = data.reduce(
    (widest, record) => Math.max(widest, lastFilledColumn(record)),
    lastFilledColumn(headerRecord),
  );
  const names = headerNames(headerRecord.cells, width);
  const titleDate = header.hasAsOf ? null : dateInTitles(titles);
  const issues: Issue[] = [
    ...duplicateHeaderIssues(headerRecord, names, context),
    ...(titles.length > 0 ? [titlesIssue(titles, titleDate, context)] : []),
    ...(context.reportRagged ? raggedIssues(headerRecord, data, context) : []),
  ];
  const specs: ColumnSpec[] = names.map((name, index) => ({
    header: name,
    kind: columnKind(header, index + 1, data),
  }));
  // An empty field is an empty cell, not a zero-length string Excel would count as a value.
  const drafts: DraftCell[][] = data.map((record) =>
    Array.from({ length: width }, (_, index) => {
      const cell = record.cells[index] ?? null;
      return cell === "" ? null : cell;
    }),
  );
  if (titleDate !== null) {
    specs.push({ header: uniqueName("As Of", specs), kind: "date" });
    drafts.forEach((draft) => draft.push(titleDate));
  }
  specs.push({ header: uniqueName(context.sourceHeader, specs), kind: "general" });
  drafts.forEach((draft, index) => draft.push(data[index]!.source));
  return {
    format,
    kind: header.kind,
    ...finishColumns(specs, drafts),
    statementCount: 1,
    source: "",
    account: null,
    date: titleDate,
    issues:
      header.kind === "other" ? [...issues, noKnownHeaderIssue(headerRecord, context)] : issues,
  };
}

/** 1-based index of the last non-blank cell (0 for none). */
function lastFilledColumn(record: SourceRecord): number {
  for (let index = record.cells.length - 1; index >= 0; index--) {
    if (!isBlank(record.cells[index])) return index + 1;
  }
  return 0;
}

/**
 * Excel table headers must be unique, non-empty text on one line: blanks become `Column C`,
 * repeats get ` (2)`, line breaks and control characters become spaces.
 */
function headerNames(cells: readonly CellValue[], width: number): string[] {
  const names: string[] = [];
  for (let index = 0; index < width; index++) {
    const cell = cells[index] ?? null;
    const text = cell === null ? "" : String(cell);
    const clean = withoutControlCharacters(text).replace(/\s+/g, " ").trim().slice(0, 200);
    const name = clean === "" ? `Column ${columnLetter(index + 1)}` : clean;
    names.push(
      uniqueName(
        name,
        names.map((header) => ({ header })),
      ),
    );
  }
  return names;
}

/** Control characters (and U+FFFE/U+FFFF, which XML cannot hold) as spaces. */
function withoutControlCharacters(text: string): string {
  return [...text]
    .map((character) => {
      const code = character.charCodeAt(0);
      return code < 0x20 || code === 0x7f || code === 0xfffe || code === 0xffff ? " " : character;
    })
    .join("");
}

function uniqueName(name: string, taken: readonly { readonly header: string }[]): string {
  const folded = new Set(taken.map((column) => column.header.toLowerCase()));
  if (!folded.has(name.toLowerCase())) return name;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${name} (${suffix})`;
    if (!folded.has(candidate.toLowerCase())) return candidate;
  }
}

/**
 * Quantity and price columns right-aligned with their decimals; identifiers and other text as
 * text, so a later edit in Excel keeps them text; a column that holds numbers (a workbook's)
 * keeps Excel's general format, so nothing is converted on the way.
 */
function columnKind(
  header: HeaderChoice,
  column: number,
  data: readonly SourceRecord[],
): ColumnKind {
  if (header.quantityColumns.has(column)) return "quantity";
  const cells = data.map((record) => record.cells[column - 1] ?? null).filter((c) => c !== null);
  const numbers = cells.some((cell) => typeof cell === "number");
  if (header.dateColumns.has(column) && numbers) return "date";
  return cells.every((cell) => typeof cell === "string") ? "text" : "general";
}

function dateInTitles(titles: readonly SourceRecord[]): IsoDate | null {
  for (const title of titles) {
    for (const cell of title.cells) {
      const date = typeof cell === "string" ? findDateInText(cell) : null;
      if (date !== null) return date;
    }
  }
  return null;
}

/** "line 6 has" / "lines 5, 8 and 3 more have": the subject and its verb. */
function describeRecords(records: readonly SourceRecord[], unit: string): string {
  const shown = records.slice(0, 10).map((record) => record.source);
  const more = records.length > 10 ? ` and ${records.length - 10} more` : "";
  const one = records.length === 1;
  return `${unit}${one ? "" : "s"} ${shown.join(", ")}${more} ${one ? "has" : "have"}`;
}

function titlesIssue(
  titles: readonly SourceRecord[],
  titleDate: IsoDate | null,
  context: TableContext,
): Issue {
  const text = titles
    .map((title) => title.cells.filter((cell) => !isBlank(cell)).join(" "))
    .map((line) => `"${line.slice(0, 60)}"`)
    .slice(0, 3)
    .join(", ");
  const dated = titleDate === null ? "" : ` Their date ${titleDate} was added as the As Of column.`;
  return {
    code: "rows_above_header_not_imported",
    severity: "info",
    where: { sheet: context.where, row: titles[0]!.source },
    message: `${context.where} › ${context.unit} ${titles[0]!.source}: the ${plural(titles.length, context.unit)} above the header (${text}) look like titles and ${titles.length === 1 ? "was" : "were"} not copied.${dated}`,
    hint: "Nothing to do if they are titles; if they are data, remove the rows above the real header and import again.",
  };
}

function duplicateHeaderIssues(
  headerRecord: SourceRecord,
  names: readonly string[],
  context: TableContext,
): Issue[] {
  const renamed = names.filter((name, index) => {
    const written = headerRecord.cells[index];
    return !isBlank(written) && String(written).trim() !== name && / \(\d+\)$/.test(name);
  });
  if (renamed.length === 0) return [];
  return [
    {
      code: "header_must_be_unique",
      severity: "warning",
      where: { sheet: context.where, row: headerRecord.source },
      message: `${context.where} › ${context.unit} ${headerRecord.source}: the header names a column more than once; the repeats were renamed ${renamed.map((name) => `"${name}"`).join(", ")}. StockRec reads the first column of each name.`,
      hint: "Check which column holds the figures to reconcile, and rename the headers in the file if the first is not it.",
    },
  ];
}

function raggedIssues(
  headerRecord: SourceRecord,
  data: readonly SourceRecord[],
  context: TableContext,
): Issue[] {
  const expected = headerRecord.fieldCount;
  const short = data.filter((record) => record.fieldCount < expected);
  const long = data.filter((record) => lastFilledColumn(record) > expected);
  const issue = (records: readonly SourceRecord[], what: string, hint: string): Issue => ({
    code: "csv_row_must_have_header_width",
    severity: "warning",
    where: { sheet: context.where, row: records[0]!.source },
    message: `${context.where} › line ${records[0]!.source}: ${describeRecords(records, "line")} ${what} than the ${expected} of the header.`,
    hint,
  });
  return [
    ...(short.length > 0
      ? [
          issue(
            short,
            "fewer fields",
            "The missing fields were left blank; check that the values did not shift into the wrong columns.",
          ),
        ]
      : []),
    ...(long.length > 0
      ? [
          issue(
            long,
            "more filled fields",
            "The extra fields were kept in columns with no header (Column …); check for an unquoted delimiter inside a value.",
          ),
        ]
      : []),
  ];
}

function nothingToImportIssue(context: TableContext): Issue {
  return {
    code: "statement_file_must_hold_rows",
    severity: "error",
    where: { sheet: context.where },
    message: `${context.where}: there is nothing to import; every ${context.unit} is blank.`,
    hint: "Check that this is the right file (or sheet) and that it was saved with its data.",
  };
}

function noKnownHeaderIssue(headerRecord: SourceRecord, context: TableContext): Issue {
  return {
    code: "header_must_name_statement_columns",
    severity: "warning",
    where: { sheet: context.where, row: headerRecord.source },
    message: `${context.where} › ${context.unit} ${headerRecord.source}: no header row in the first ${context.unit}s names a security id and a quantity (positions) or an account and a balance (money); the first ${context.unit} was used as the header.`,
    hint: "Rename the headers (e.g. CUSIP and Quantity, or Account and Closing Balance) so StockRec can read the sheet when it reconciles.",
  };
}

// ---------------------------------------------------------------------------------------------
// Contra

/**
 * Names the contra organization the imported rows come from. A file that already has a contra
 * column keeps what it says; only its blank cells are filled, and an issue says so.
 */
export function withContra(table: ImportedTable, contra: string, fileName: string): ImportedTable {
  const contraNames = new Set(
    [...FIELD_SYNONYMS.contra, ...MONEY_FIELD_SYNONYMS.contra].map(normaliseHeader),
  );
  const existing = table.columns.findIndex((column) =>
    contraNames.has(normaliseHeader(column.header)),
  );
  if (existing < 0) {
    const header = uniqueName("Contra", table.columns);
    const width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, contra.length + 2, header.length + 2));
    return {
      ...table,
      columns: [...table.columns, { header, format: { kind: "text" }, width }],
      rows: table.rows.map((row) => [...row, contra]),
    };
  }
  let filled = 0;
  const rows = table.rows.map((row) => {
    if (!isBlank(row[existing])) return row;
    filled++;
    return row.map((cell, index) => (index === existing ? contra : cell));
  });
  const issue: Issue = {
    code: "contra_column_kept",
    severity: "info",
    where: { sheet: fileName },
    message: `The file already has a contra column ("${table.columns[existing]!.header}"); its values were kept and ${plural(filled, "blank cell")} filled with ${contra}.`,
    hint: "Nothing to do if the file's contra names are the ones your locations map uses.",
  };
  return { ...table, rows, issues: [...table.issues, issue] };
}
