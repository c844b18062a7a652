/**
 * FINRA Rule 4522(b)(1), money side: the books' money balances (GL cash accounts held at banks,
 * clearing corporations and custodians) against the balances those contras state. Same shape as
 * the securities side (positions.ts, reconcile.ts): sheets are parsed into records plus issues,
 * records are aggregated by key before comparing, difference = statement − books, and every
 * input row ends matched, in a break, or reported.
 *
 * The key is (contra, account, currency). The account is the account as the contra knows it: on
 * the books, the "statement account" column when the GL account number differs from the bank's,
 * else the account itself, so several GL accounts can roll up to one account at the contra.
 */
import { applyProfile } from "./mapping";
import type { SourceProfile } from "./settings";
import { listRows } from "./checks";
import { abs, add, compare, isZero, sign, subtract, ZERO, type Decimal } from "./decimal";
import {
  describeColumn,
  findHeaderRow,
  findPartialHeaderRow,
  type HeaderMatch,
  type HeaderSchema,
} from "./headers";
import type { IsoDate } from "./isoDate";
import type { Issue } from "./issues";
import { contraKey, type SourceRef } from "./positions";
import { directionOf, type Direction } from "./reconcile";
import { columnLetter, isBlank, type CellValue, type Row, type SheetSnapshot } from "./sheet";
import { findDateInText, parseDateCell, parseQuantity, type Parsed, type Problem } from "./values";

// ---- headers ------------------------------------------------------------------------------

export type MoneyField =
  "account" | "balance" | "currency" | "contra" | "statementAccount" | "description" | "asOf";

const ACCOUNT_SYNONYMS = [
  "account",
  "account number",
  "account no",
  "account num",
  "account id",
  "acct",
  "acct no",
  "acct number",
  "bank account",
  "gl account",
  "gl account number",
  "gl account no",
  "general ledger account",
  "ledger account",
  "cash account",
] as const;

/** Books: the account number as the contra knows it, when the GL account number differs. */
const STATEMENT_ACCOUNT_SYNONYMS = [
  "statement account",
  "statement account number",
  "account at contra",
  "account at bank",
  "bank account number",
  "bank account no",
  "external account",
  "external account number",
  "contra account",
  "custodian account",
] as const;

/**
 * Header synonyms, compared after lower-casing and turning punctuation into spaces. "Available
 * balance" is deliberately absent: it leaves out float and holds, and 4522(b)(1) reconciles the
 * ledger (closing booked) balance.
 */
export const MONEY_FIELD_SYNONYMS: Readonly<Record<MoneyField, readonly string[]>> = {
  account: ACCOUNT_SYNONYMS,
  balance: [
    "balance",
    "closing balance",
    "ledger balance",
    "closing ledger balance",
    "booked balance",
    "closing booked balance",
    "book balance",
    "books balance",
    "gl balance",
    "statement balance",
    "ending balance",
    "end balance",
    "current balance",
    "cash balance",
    "net balance",
    "balance amount",
    "amount",
  ],
  currency: ["currency", "ccy", "cur", "curr", "currency code", "ccy code", "iso currency"],
  contra: [
    "contra",
    "contra organization",
    "contra organisation",
    "contra org",
    "contra party",
    "counterparty",
    "depository",
    "custodian",
    "custodian bank",
    "bank",
    "bank name",
    "clearing organization",
    "clearing corporation",
    "clearing org",
    "clearing bank",
  ],
  statementAccount: STATEMENT_ACCOUNT_SYNONYMS,
  description: [
    "description",
    "account name",
    "account description",
    "account title",
    "gl account name",
    "name",
  ],
  asOf: [
    "as of",
    "as of date",
    "asof",
    "statement date",
    "balance date",
    "closing date",
    "report date",
    "date",
  ],
};

/** Books money balances and the general schema (role detection): an account and a balance. */
export const MONEY_SCHEMA: HeaderSchema<MoneyField> = {
  synonyms: MONEY_FIELD_SYNONYMS,
  required: ["account", "balance"],
};

/**
 * On a statement the contra's own account number is the account, so the words that mean "account
 * at the contra" on the books ("Statement Account", "Bank Account Number") name the account here.
 */
export const MONEY_STATEMENT_SCHEMA: HeaderSchema<MoneyField> = {
  synonyms: {
    ...MONEY_FIELD_SYNONYMS,
    account: [...ACCOUNT_SYNONYMS, ...STATEMENT_ACCOUNT_SYNONYMS],
    statementAccount: [],
  },
  required: ["account", "balance"],
};

export type MoneyRole = "books" | "statement";

export function moneySchema(role: MoneyRole): HeaderSchema<MoneyField> {
  return role === "books" ? MONEY_SCHEMA : MONEY_STATEMENT_SCHEMA;
}

// ---- records ------------------------------------------------------------------------------

export interface MoneyRecord {
  /** What the balance is matched on: the account at the contra (books: statement account, else account). */
  readonly account: string;
  /** Books: the GL account as written; statements: "". */
  readonly glAccount: string;
  /** ISO 4217 code, three upper-case letters. */
  readonly currency: string;
  /** The contra organization (bank, clearing corporation, custodian), as written. */
  readonly contra: string;
  readonly balance: Decimal;
  readonly asOf: IsoDate | null;
  readonly description: string;
  readonly source: SourceRef;
}

/** A row whose key is known but whose balance could not be read: its break is incomplete. */
export interface UnreadableBalance {
  readonly account: string;
  readonly contra: string;
  readonly currency: string;
  readonly source: SourceRef;
}

export interface MoneyParseOptions {
  readonly role: MoneyRole;
  /** Statements: the contra chosen by the user; null means the sheet's contra column, else its name. */
  readonly contra: string | null;
  /** The currency of rows that name none; "USD" when not given. */
  readonly defaultCurrency?: string;
  /** A saved column mapping for this source (its number habits apply to positions only). */
  readonly profile?: SourceProfile;
}

export interface ParsedMoneySheet {
  readonly sheet: string;
  readonly role: MoneyRole;
  readonly header: HeaderMatch<MoneyField> | null;
  readonly records: readonly MoneyRecord[];
  readonly issues: readonly Issue[];
  /** Data rows below the header that were not blank. */
  readonly dataRowCount: number;
  /** As-of dates found in an as-of column or in the title rows above the header. */
  readonly asOfFound: readonly IsoDate[];
  /** Contras named by the sheet (for statements without rows, the contra it covers). */
  readonly contras: readonly string[];
  /** False when the sheet cannot be used at all (no header, no balance column, …). */
  readonly usable: boolean;
  readonly unreadable: readonly UnreadableBalance[];
}

const CURRENCY_CODE = /^[A-Z]{3}$/;

/**
 * Accounts compare after trimming and upper-casing only. Spaces and dashes are kept: "12-345"
 * and "12345" may be different accounts at a bank, and guessing would hide a real break.
 */
export function moneyAccountKey(account: string): string {
  return account.trim().toUpperCase();
}

/** Stable across runs for the same account, contra and currency: `<ACCOUNT>@<CONTRA>/<CUR>`. */
export function moneyBreakId(account: string, contra: string, currency: string): string {
  return `${moneyAccountKey(account)}@${contraKey(contra)}/${currency.trim().toUpperCase()}`;
}

function cellText(cell: CellValue | undefined): string {
  return cell === null || cell === undefined ? "" : String(cell).trim();
}

function show(cell: CellValue): string {
  const text = String(cell);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function fail<T>(code: string, message: string, hint: string): Parsed<T> {
  return { ok: false, problem: { code, message, hint } };
}

/** parseQuantity, exactly, with the problem worded for a money balance. */
export function parseBalance(cell: CellValue): Parsed<Decimal> {
  const parsed = parseQuantity(cell);
  if (parsed.ok) return parsed;
  if (parsed.problem.code === "quantity_is_required") {
    return fail(
      "balance_is_required",
      "The balance is empty.",
      "Enter the balance (0 if the account is flat), or delete the row if it is not a balance.",
    );
  }
  return fail(
    "balance_must_be_a_number",
    `The balance ${typeof cell === "string" ? `"${show(cell)}"` : show(cell)} is not a number.`,
    "Enter digits with an optional decimal point and no currency symbol (1,234.56, (1,234.56) and 1,234.56- are understood).",
  );
}

/**
 * An account number cell. Text is taken as written; a whole number is accepted (and reported
 * once per sheet by the caller: leading zeros may be lost); a number Excel has rounded or put in
 * scientific notation is an error, because the account it stood for can no longer be known.
 */
function parseAccountCell(cell: CellValue): Parsed<string> {
  if (typeof cell === "boolean") {
    return fail(
      "account_must_be_text",
      `The account cell holds ${String(cell).toUpperCase()}.`,
      "Enter the account number.",
    );
  }
  if (typeof cell === "number") {
    const text = String(cell);
    if (!Number.isSafeInteger(cell) || cell < 0 || /e/i.test(text) || text.length > 15) {
      return fail(
        "account_damaged_by_excel",
        `The account is the number ${text}: Excel has rounded it or stored it in scientific notation, so the account number is lost.`,
        "Format the account column as Text and re-enter or re-import the account numbers.",
      );
    }
    return { ok: true, value: text };
  }
  return { ok: true, value: cellText(cell) };
}

function parseCurrencyCode(cell: CellValue): Parsed<string> {
  const code = cellText(cell).toUpperCase();
  if (CURRENCY_CODE.test(code)) return { ok: true, value: code };
  return fail(
    "currency_must_be_a_three_letter_code",
    `The currency "${show(cell)}" is not a three-letter ISO 4217 code.`,
    "Enter the ISO code of the currency (USD, EUR, GBP, JPY…).",
  );
}

/** The caller's default currency; a bad one is a programmer error (settings are checked first). */
function defaultCurrencyOf(options: MoneyParseOptions): string {
  const code = (options.defaultCurrency ?? "USD").trim().toUpperCase();
  if (!CURRENCY_CODE.test(code)) {
    throw new RangeError(`defaultCurrency must be a three-letter code, got "${code}"`);
  }
  return code;
}

// ---- parsing a sheet ----------------------------------------------------------------------

export function parseMoneySheet(
  sheet: SheetSnapshot,
  options: MoneyParseOptions,
): ParsedMoneySheet {
  const defaultCurrency = defaultCurrencyOf(options);
  const schema = moneySchema(options.role);
  const unusable = (
    issue: Issue,
    header: HeaderMatch<MoneyField> | null = null,
  ): ParsedMoneySheet => ({
    sheet: sheet.name,
    role: options.role,
    header,
    records: [],
    issues: [issue],
    dataRowCount: 0,
    asOfFound: [],
    contras: [],
    usable: false,
    unreadable: [],
  });
  if (sheet.rows.every((row) => row.every((cell) => isBlank(cell)))) {
    return unusable({
      code: "sheet_must_have_rows",
      severity: "error",
      where: { sheet: sheet.name },
      message: "The sheet is empty.",
      hint: `Paste the ${options.role === "books" ? "GL money balances" : "statement's money balances"} into it, or choose another sheet.`,
    });
  }
  const mapped = options.profile ? applyProfile(sheet, options.profile, schema) : null;
  const mappingErrors = (mapped?.issues ?? []).filter((issue) => issue.severity === "error");
  if (mappingErrors.length > 0) return { ...unusable(mappingErrors[0]!), issues: mappingErrors };
  const header = mapped?.match ?? findHeaderRow(sheet, schema);
  if (header === null) {
    const partial = findPartialHeaderRow(sheet, schema);
    return unusable(missingHeaderIssue(sheet.name, partial), partial);
  }
  if (options.role === "books" && header.columns.contra === undefined) {
    return unusable(
      {
        code: "contra_column_is_required",
        severity: "error",
        where: { sheet: sheet.name, row: header.headerRow },
        message:
          "The money balances have no contra column, so balances cannot be placed at a bank, clearing corporation or custodian.",
        hint: 'Add a column headed "Contra" (or "Bank", "Custodian", "Depository") naming where each account is held.',
      },
      header,
    );
  }
  const parsed = parseRows(sheet, header, { ...options, defaultCurrency });
  const notes = mapped?.issues ?? [];
  return notes.length === 0 ? parsed : { ...parsed, issues: [...notes, ...parsed.issues] };
}

function missingHeaderIssue(sheetName: string, partial: HeaderMatch<MoneyField> | null): Issue {
  const where = { sheet: sheetName, ...(partial ? { row: partial.headerRow } : {}) };
  if (partial?.columns.account !== undefined) {
    return {
      code: "balance_column_is_required",
      severity: "error",
      where,
      message: `No balance column was found (the account is in ${describeColumn(partial, "account")}).`,
      hint: 'Head the balance column "Balance", "Closing Balance", "Ledger Balance" or "Amount".',
    };
  }
  if (partial?.columns.balance !== undefined) {
    return {
      code: "account_column_is_required",
      severity: "error",
      where,
      message: `No account column was found (the balance is in ${describeColumn(partial, "balance")}).`,
      hint: 'Head the account column "Account", "Account Number" or "GL Account".',
    };
  }
  return {
    code: "header_row_is_required",
    severity: "error",
    where,
    message: "No header row naming an account and a balance was found in the first rows.",
    hint: 'Put a header row above the data with at least "Account" and "Balance" columns.',
  };
}

interface RowContext {
  readonly sheetName: string;
  readonly header: HeaderMatch<MoneyField>;
  readonly role: MoneyRole;
  readonly contra: string | null;
  readonly defaultCurrency: string;
}

interface RowResult {
  readonly record: MoneyRecord | null;
  readonly unreadable?: UnreadableBalance;
  readonly issues: Issue[];
  /** The row's currency cell was blank, so the default currency was taken. */
  readonly currencyAssumed: boolean;
  /** An account cell held a number (leading zeros may have been lost). */
  readonly accountWasNumber: boolean;
}

function parseRows(
  sheet: SheetSnapshot,
  header: HeaderMatch<MoneyField>,
  options: MoneyParseOptions & { readonly defaultCurrency: string },
): ParsedMoneySheet {
  const context: RowContext = {
    sheetName: sheet.name,
    header,
    role: options.role,
    contra: options.contra,
    defaultCurrency: options.defaultCurrency,
  };
  const issues: Issue[] = duplicateColumnIssues(sheet.name, header);
  const asOfFound = titleDates(sheet, header);
  const records: MoneyRecord[] = [];
  const unreadable: UnreadableBalance[] = [];
  const contras = new Map<string, string>();
  if (
    options.role === "statement" &&
    (options.contra !== null || header.columns.contra === undefined)
  ) {
    const contra = options.contra ?? sheet.name;
    contras.set(contraKey(contra), contra.trim());
  }
  const assumedRows: number[] = [];
  const numericAccountRows: number[] = [];
  let dataRowCount = 0;
  for (let index = header.headerRow; index < sheet.rows.length; index++) {
    const row = sheet.rows[index] ?? [];
    if (row.every((cell) => isBlank(cell))) continue;
    dataRowCount += 1;
    const parsed = parseRow(context, index + 1, row);
    issues.push(...parsed.issues);
    if (parsed.currencyAssumed) assumedRows.push(index + 1);
    if (parsed.accountWasNumber) numericAccountRows.push(index + 1);
    if (parsed.unreadable !== undefined) unreadable.push(parsed.unreadable);
    if (parsed.record === null) continue;
    records.push(parsed.record);
    const key = contraKey(parsed.record.contra);
    if (!contras.has(key)) contras.set(key, parsed.record.contra);
    if (parsed.record.asOf !== null) asOfFound.push(parsed.record.asOf);
  }
  issues.push(...sheetLevelIssues(context, dataRowCount, assumedRows, numericAccountRows));
  return {
    sheet: sheet.name,
    role: options.role,
    header,
    records,
    issues,
    dataRowCount,
    asOfFound: [...new Set(asOfFound)].sort(),
    contras: [...contras.values()],
    usable: true,
    unreadable,
  };
}

function duplicateColumnIssues(sheetName: string, header: HeaderMatch<MoneyField>): Issue[] {
  return header.duplicates.map((duplicate) => ({
    code: "column_is_named_twice",
    severity: "warning" as const,
    where: { sheet: sheetName, row: header.headerRow, column: columnLetter(duplicate.column) },
    message: `"${duplicate.header}" is a second ${duplicate.field} column; the first one, ${describeColumn(header, duplicate.field)}, is used.`,
    hint: "Rename or delete the column that should not be used.",
  }));
}

function titleDates(sheet: SheetSnapshot, header: HeaderMatch<MoneyField>): IsoDate[] {
  const found: IsoDate[] = [];
  for (let index = 0; index < header.headerRow - 1; index++) {
    for (const cell of sheet.rows[index] ?? []) {
      if (typeof cell !== "string") continue;
      const date = findDateInText(cell);
      if (date !== null) found.push(date);
    }
  }
  return found;
}

/** Issues about the whole sheet, each reported once rather than on every row. */
function sheetLevelIssues(
  context: RowContext,
  dataRowCount: number,
  assumedRows: readonly number[],
  numericAccountRows: readonly number[],
): Issue[] {
  const { sheetName, header, defaultCurrency } = context;
  const issues: Issue[] = [];
  const headerRow = header.headerRow;
  if (dataRowCount === 0) {
    const statement = context.role === "statement";
    issues.push({
      code: statement ? "statement_has_no_balances" : "books_have_no_balances",
      severity: "warning",
      where: { sheet: sheetName, row: headerRow + 1 },
      message: `There are no balance rows below the header in row ${headerRow}.`,
      hint: statement
        ? "If the contra really holds no money for the firm, every books balance there is reported short; otherwise paste the statement's balances."
        : "Paste the GL money balances below the header.",
    });
  }
  const currencyColumn = header.columns.currency;
  if (currencyColumn === undefined && dataRowCount > 0) {
    issues.push({
      code: "currency_is_assumed",
      severity: "info",
      where: { sheet: sheetName, row: headerRow },
      message: `There is no currency column: every balance in ${sheetName} is taken to be in ${defaultCurrency}.`,
      hint: 'Nothing to do if that is right; otherwise add a "Currency" column with ISO codes (USD, EUR…).',
    });
  } else if (currencyColumn !== undefined && assumedRows.length > 0) {
    issues.push({
      code: "currency_is_assumed",
      severity: "info",
      where: { sheet: sheetName, row: assumedRows[0]!, column: columnLetter(currencyColumn) },
      message: `${assumedRows.length} balance${assumedRows.length === 1 ? " has" : "s have"} no currency (row${assumedRows.length === 1 ? "" : "s"} ${listRows(assumedRows)}) and ${assumedRows.length === 1 ? "is" : "are"} taken to be in ${defaultCurrency}.`,
      hint: "Fill in the currency if it is not that one.",
    });
  }
  if (numericAccountRows.length > 0) {
    const column = header.columns.account ?? 1;
    issues.push({
      code: "account_is_stored_as_a_number",
      severity: "info",
      where: { sheet: sheetName, row: numericAccountRows[0]!, column: columnLetter(column) },
      message: `${numericAccountRows.length} account number${numericAccountRows.length === 1 ? " is" : "s are"} stored as numbers (row${numericAccountRows.length === 1 ? "" : "s"} ${listRows(numericAccountRows)}): a leading zero Excel dropped cannot be put back, and 0012345 on the other side would not match 12345.`,
      hint: "Format the account columns as Text and re-enter the numbers if any should start with 0.",
    });
  }
  return issues;
}

// ---- parsing a row ------------------------------------------------------------------------

type CellAt = (field: MoneyField) => { cell: CellValue; column: string } | null;
type Report = (problem: Problem, column: string, severity?: Issue["severity"]) => void;

const TOTAL_WORD = /\b(sub|grand\s*)?totals?\b/i;
const TOTAL_ACCOUNT = /^(sub|grand\s*)?totals?\b/i;

/**
 * A total row is not a balance: either the account is blank and some cell says "Total", or the
 * account cell itself starts with "Total" (else it would become an account nobody holds).
 */
function isTotalRow(row: Row, accountCell: CellValue): boolean {
  if (typeof accountCell === "string" && TOTAL_ACCOUNT.test(accountCell.trim())) return true;
  return (
    isBlank(accountCell) && row.some((cell) => typeof cell === "string" && TOTAL_WORD.test(cell))
  );
}

function parseRow(context: RowContext, rowNumber: number, row: Row): RowResult {
  const { sheetName, header } = context;
  const issues: Issue[] = [];
  const at: CellAt = (field) => {
    const column = header.columns[field];
    return column === undefined
      ? null
      : { cell: row[column - 1] ?? null, column: columnLetter(column) };
  };
  const report: Report = (problem, column, severity = "error") => {
    issues.push({ ...problem, severity, where: { sheet: sheetName, row: rowNumber, column } });
  };
  const nothing = { record: null, issues, currencyAssumed: false, accountWasNumber: false };
  const accountCell = at("account")!;
  if (isTotalRow(row, accountCell.cell)) {
    report(
      {
        code: "total_row_is_not_a_balance",
        message: "This looks like a total row, not an account balance; it is not reconciled.",
        hint: "Nothing to do if it is a total; move totals below a blank row to keep them apart.",
      },
      accountCell.column,
      "info",
    );
    return nothing;
  }
  if (isBlank(accountCell.cell)) {
    report(
      {
        code: "account_is_required",
        message: "The row has no account number.",
        hint: "Enter the account number, or delete the row if it is not a balance.",
      },
      accountCell.column,
    );
    return nothing;
  }
  const account = readAccounts(context, at, report);
  const balanceCell = at("balance")!;
  const balance = parseBalance(balanceCell.cell);
  if (!balance.ok) report(balance.problem, balanceCell.column);
  const contra = resolveContra(context, at, report);
  const currency = resolveCurrency(context, at, report);
  const asOf = readAsOf(at, report);
  const accountWasNumber = account.wasNumber;
  const currencyAssumed = currency.assumed;
  if (account.key === null || contra === null || currency.code === null) {
    return { ...nothing, accountWasNumber, currencyAssumed };
  }
  const source = { sheet: sheetName, row: rowNumber };
  if (!balance.ok) {
    const unreadable = { account: account.key, contra, currency: currency.code, source };
    return { record: null, unreadable, issues, accountWasNumber, currencyAssumed };
  }
  const record: MoneyRecord = {
    account: account.key,
    glAccount: account.gl,
    currency: currency.code,
    contra,
    balance: balance.value,
    asOf,
    description: cellText(at("description")?.cell),
    source,
  };
  return { record, issues, accountWasNumber, currencyAssumed };
}

/** The key account (books: the statement account when given) and the GL account as written. */
function readAccounts(
  context: RowContext,
  at: CellAt,
  report: Report,
): { key: string | null; gl: string; wasNumber: boolean } {
  const accountCell = at("account")!;
  const account = parseAccountCell(accountCell.cell);
  if (!account.ok) report(account.problem, accountCell.column);
  let wasNumber = typeof accountCell.cell === "number";
  if (context.role === "statement") {
    return { key: account.ok ? account.value : null, gl: "", wasNumber };
  }
  const gl = account.ok ? account.value : cellText(accountCell.cell);
  const statementCell = at("statementAccount");
  if (statementCell === null || isBlank(statementCell.cell)) {
    return { key: account.ok ? account.value : null, gl, wasNumber };
  }
  const statementAccount = parseAccountCell(statementCell.cell);
  if (!statementAccount.ok) report(statementAccount.problem, statementCell.column);
  wasNumber ||= typeof statementCell.cell === "number";
  // A bad GL account still leaves the row unplaced: the GL account is the books' own key.
  const key = account.ok && statementAccount.ok ? statementAccount.value : null;
  return { key, gl, wasNumber };
}

function resolveContra(context: RowContext, at: CellAt, report: Report): string | null {
  const column = at("contra");
  if (context.role === "statement") {
    if (context.contra !== null) return context.contra.trim();
    return column === null || isBlank(column.cell) ? context.sheetName : cellText(column.cell);
  }
  if (column !== null && !isBlank(column.cell)) return cellText(column.cell);
  report(
    {
      code: "contra_is_required",
      message:
        "The balance has no contra, so it cannot be placed at a bank, clearing corporation or custodian.",
      hint: "Enter the contra organization (for example the bank's name as its statement sheet is named) that holds the account.",
    },
    column?.column ?? columnLetter(context.header.columns.contra ?? 1),
  );
  return null;
}

function resolveCurrency(
  context: RowContext,
  at: CellAt,
  report: Report,
): { code: string | null; assumed: boolean } {
  const column = at("currency");
  if (column === null) return { code: context.defaultCurrency, assumed: false };
  if (isBlank(column.cell)) return { code: context.defaultCurrency, assumed: true };
  const currency = parseCurrencyCode(column.cell);
  if (!currency.ok) report(currency.problem, column.column);
  return { code: currency.ok ? currency.value : null, assumed: false };
}

function readAsOf(at: CellAt, report: Report): IsoDate | null {
  const column = at("asOf");
  if (column === null || isBlank(column.cell)) return null;
  const date = parseDateCell(column.cell);
  if (date.ok) return date.value;
  report(date.problem, column.column, "warning");
  return null;
}

// ---- reconciliation -----------------------------------------------------------------------

export type MoneyBreakKind = "balance_difference" | "books_only" | "statement_only";

export interface MoneyBreak {
  /** `<ACCOUNT>@<CONTRA>/<CUR>`, stable across runs. */
  readonly id: string;
  readonly contra: string;
  /** The account at the contra, as the books write it (the statement's when only it has one). */
  readonly account: string;
  /** GL accounts whose balances make up the books balance. */
  readonly glAccounts: readonly string[];
  readonly currency: string;
  readonly description: string;
  readonly booksBalance: Decimal;
  readonly statementBalance: Decimal;
  /** statement − books */
  readonly difference: Decimal;
  readonly direction: Direction;
  readonly kind: MoneyBreakKind;
  readonly booksRows: readonly SourceRef[];
  readonly statementRows: readonly SourceRef[];
  /** Rows of this key whose balance could not be read: the break is incomplete. */
  readonly unreadableRows: readonly SourceRef[];
}

export interface MatchedBalance {
  readonly id: string;
  readonly contra: string;
  readonly account: string;
  readonly glAccounts: readonly string[];
  readonly currency: string;
  readonly booksBalance: Decimal;
  readonly statementBalance: Decimal;
  /** statement − books: zero, or within the tolerance (never rounded away). */
  readonly difference: Decimal;
  /** True when the balances differ but by no more than the tolerance. */
  readonly withinTolerance: boolean;
  readonly booksRows: readonly SourceRef[];
  readonly statementRows: readonly SourceRef[];
}

export interface MoneyContraSummary {
  readonly contra: string;
  readonly currency: string;
  readonly breakCount: number;
  readonly matchedCount: number;
  /** Of the matched, how many differ within the tolerance. */
  readonly withinToleranceCount: number;
  /** Sums of the input records, computed independently of the matching. */
  readonly booksTotal: Decimal;
  readonly statementTotal: Decimal;
  /** Every difference found: breaks plus those matched within tolerance. */
  readonly differenceTotal: Decimal;
  /** The part of differenceTotal matched within tolerance. */
  readonly toleratedDifferenceTotal: Decimal;
  /** booksTotal + differenceTotal = statementTotal (the reconciliation identity). */
  readonly conserved: boolean;
}

export interface MoneyReconcileInput {
  readonly books: readonly MoneyRecord[];
  readonly statements: readonly MoneyRecord[];
  /** Contras the statements cover; a statement with no rows still covers its contra. */
  readonly statementContras: readonly string[];
  /** Largest |difference| treated as matched, ≥ 0, in the balance's currency; zero when absent. */
  readonly tolerance?: Decimal;
  /** Rows of either side whose balance could not be read (reported as issues already). */
  readonly unreadable?: readonly UnreadableBalance[];
}

export interface MoneyReconcileOutput {
  readonly breaks: readonly MoneyBreak[];
  readonly matched: readonly MatchedBalance[];
  readonly contras: readonly MoneyContraSummary[];
  /** Books balances whose contra has no statement in this run (reported, not compared). */
  readonly unreconciledBooks: readonly MoneyRecord[];
  readonly issues: readonly Issue[];
}

interface Side {
  balance: Decimal;
  rows: SourceRef[];
  first: MoneyRecord | null;
  glAccounts: Set<string>;
}

interface Bucket {
  readonly id: string;
  readonly contraKey: string;
  readonly currency: string;
  readonly books: Side;
  readonly statement: Side;
}

function emptySide(): Side {
  return { balance: ZERO, rows: [], first: null, glAccounts: new Set() };
}

function addTo(side: Side, record: MoneyRecord): void {
  side.balance = add(side.balance, record.balance);
  side.rows.push(record.source);
  side.first ??= record;
  if (record.glAccount !== "") side.glAccounts.add(record.glAccount);
}

function recordId(record: MoneyRecord): string {
  return moneyBreakId(record.account, record.contra, record.currency);
}

/** Contra key → contra as first written, for every contra a statement in the run covers. */
function coveredContras(input: MoneyReconcileInput): Map<string, string> {
  const covered = new Map(
    input.statementContras.map((contra) => [contraKey(contra), contra.trim()]),
  );
  for (const record of input.statements) {
    if (!covered.has(contraKey(record.contra)))
      covered.set(contraKey(record.contra), record.contra.trim());
  }
  return covered;
}

function bucketRecords(
  input: MoneyReconcileInput,
  covered: ReadonlyMap<string, string>,
): { buckets: Map<string, Bucket>; unreconciledBooks: MoneyRecord[] } {
  const buckets = new Map<string, Bucket>();
  const bucketFor = (record: MoneyRecord): Bucket => {
    const id = recordId(record);
    let bucket = buckets.get(id);
    if (bucket === undefined) {
      const currency = record.currency.trim().toUpperCase();
      const key = contraKey(record.contra);
      bucket = { id, contraKey: key, currency, books: emptySide(), statement: emptySide() };
      buckets.set(id, bucket);
    }
    return bucket;
  };
  const unreconciledBooks: MoneyRecord[] = [];
  for (const record of input.books) {
    if (covered.has(contraKey(record.contra))) addTo(bucketFor(record).books, record);
    else unreconciledBooks.push(record);
  }
  for (const record of input.statements) addTo(bucketFor(record).statement, record);
  return { buckets, unreconciledBooks };
}

export function reconcileMoney(input: MoneyReconcileInput): MoneyReconcileOutput {
  const tolerance = input.tolerance ?? ZERO;
  if (sign(tolerance) < 0) throw new RangeError("the money tolerance must not be negative");
  const covered = coveredContras(input);
  const { buckets, unreconciledBooks } = bucketRecords(input, covered);
  const unreadableById = new Map<string, SourceRef[]>();
  for (const row of input.unreadable ?? []) {
    const id = moneyBreakId(row.account, row.contra, row.currency);
    unreadableById.set(id, [...(unreadableById.get(id) ?? []), row.source]);
  }
  const breaks: MoneyBreak[] = [];
  const matched: MatchedBalance[] = [];
  for (const bucket of buckets.values()) {
    const contra = covered.get(bucket.contraKey) ?? bucket.contraKey;
    const difference = subtract(bucket.statement.balance, bucket.books.balance);
    if (compare(abs(difference), tolerance) <= 0) {
      matched.push(matchedBalance(bucket, contra, difference));
    } else {
      breaks.push(moneyBreak(bucket, contra, difference, unreadableById.get(bucket.id) ?? []));
    }
  }
  breaks.sort(compareMoneyBreaks);
  matched.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const contras = summarise(input, covered, breaks, matched);
  return {
    breaks,
    matched,
    contras,
    unreconciledBooks,
    issues: [...conservationIssues(contras), ...unreconciledIssues(unreconciledBooks)],
  };
}

function shownAccount(bucket: Bucket): string {
  return (bucket.books.first ?? bucket.statement.first)!.account;
}

function glAccountsOf(bucket: Bucket): string[] {
  return [...bucket.books.glAccounts].sort();
}

function matchedBalance(bucket: Bucket, contra: string, difference: Decimal): MatchedBalance {
  return {
    id: bucket.id,
    contra,
    account: shownAccount(bucket),
    glAccounts: glAccountsOf(bucket),
    currency: bucket.currency,
    booksBalance: bucket.books.balance,
    statementBalance: bucket.statement.balance,
    difference,
    withinTolerance: !isZero(difference),
    booksRows: bucket.books.rows,
    statementRows: bucket.statement.rows,
  };
}

function moneyBreak(
  bucket: Bucket,
  contra: string,
  difference: Decimal,
  unreadableRows: readonly SourceRef[],
): MoneyBreak {
  const { books, statement } = bucket;
  return {
    id: bucket.id,
    contra,
    account: shownAccount(bucket),
    glAccounts: glAccountsOf(bucket),
    currency: bucket.currency,
    description: books.first?.description || statement.first?.description || "",
    booksBalance: books.balance,
    statementBalance: statement.balance,
    difference,
    direction: directionOf(difference),
    kind:
      statement.rows.length === 0
        ? "books_only"
        : books.rows.length === 0
          ? "statement_only"
          : "balance_difference",
    booksRows: books.rows,
    statementRows: statement.rows,
    unreadableRows,
  };
}

/** Largest absolute difference first; then contra, currency and id for a stable order. */
export function compareMoneyBreaks(a: MoneyBreak, b: MoneyBreak): number {
  const bySize = compare(abs(b.difference), abs(a.difference));
  if (bySize !== 0) return bySize;
  for (const [x, y] of [
    [a.contra, b.contra],
    [a.currency, b.currency],
    [a.id, b.id],
  ] as const) {
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

interface Totals {
  contra: string;
  currency: string;
  books: Decimal;
  statement: Decimal;
  differences: Decimal;
  tolerated: Decimal;
  breakCount: number;
  matchedCount: number;
  withinToleranceCount: number;
}

function summarise(
  input: MoneyReconcileInput,
  covered: ReadonlyMap<string, string>,
  breaks: readonly MoneyBreak[],
  matched: readonly MatchedBalance[],
): MoneyContraSummary[] {
  const totals = new Map<string, Totals>();
  const totalsFor = (contra: string, currency: string): Totals => {
    const key = `${contraKey(contra)}/${currency.trim().toUpperCase()}`;
    let entry = totals.get(key);
    if (entry === undefined) {
      const shown = covered.get(contraKey(contra)) ?? contra;
      entry = {
        contra: shown,
        currency: currency.trim().toUpperCase(),
        books: ZERO,
        statement: ZERO,
        differences: ZERO,
        tolerated: ZERO,
        breakCount: 0,
        matchedCount: 0,
        withinToleranceCount: 0,
      };
      totals.set(key, entry);
    }
    return entry;
  };
  // Input sums straight from the records, so the identity checks the matching, not itself.
  for (const record of input.books) {
    if (!covered.has(contraKey(record.contra))) continue;
    const entry = totalsFor(record.contra, record.currency);
    entry.books = add(entry.books, record.balance);
  }
  for (const record of input.statements) {
    const entry = totalsFor(record.contra, record.currency);
    entry.statement = add(entry.statement, record.balance);
  }
  for (const b of breaks) {
    const entry = totalsFor(b.contra, b.currency);
    entry.differences = add(entry.differences, b.difference);
    entry.breakCount += 1;
  }
  for (const m of matched) {
    const entry = totalsFor(m.contra, m.currency);
    entry.differences = add(entry.differences, m.difference);
    entry.tolerated = add(entry.tolerated, m.difference);
    entry.matchedCount += 1;
    if (m.withinTolerance) entry.withinToleranceCount += 1;
  }
  return [...totals.values()].map(toSummary).sort(compareSummaries);
}

function toSummary(entry: Totals): MoneyContraSummary {
  return {
    contra: entry.contra,
    currency: entry.currency,
    breakCount: entry.breakCount,
    matchedCount: entry.matchedCount,
    withinToleranceCount: entry.withinToleranceCount,
    booksTotal: entry.books,
    statementTotal: entry.statement,
    differenceTotal: entry.differences,
    toleratedDifferenceTotal: entry.tolerated,
    conserved: compare(add(entry.books, entry.differences), entry.statement) === 0,
  };
}

function compareSummaries(a: MoneyContraSummary, b: MoneyContraSummary): number {
  if (a.breakCount !== b.breakCount) return b.breakCount - a.breakCount;
  if (a.contra !== b.contra) return a.contra < b.contra ? -1 : 1;
  return a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0;
}

function conservationIssues(contras: readonly MoneyContraSummary[]): Issue[] {
  return contras
    .filter((summary) => !summary.conserved)
    .map((summary) => ({
      code: "money_must_be_conserved",
      severity: "error" as const,
      where: { sheet: summary.contra },
      message: `For ${summary.contra} in ${summary.currency}, books plus differences do not equal the statement total: the reconciliation lost or invented money.`,
      hint: "This is a defect in StockRec, not in your data: do not rely on this run and report it with the workbook.",
    }));
}

function unreconciledIssues(records: readonly MoneyRecord[]): Issue[] {
  const byContra = new Map<string, MoneyRecord[]>();
  for (const record of records) {
    const list = byContra.get(contraKey(record.contra)) ?? [];
    list.push(record);
    byContra.set(contraKey(record.contra), list);
  }
  return [...byContra.values()].map((list) => {
    const first = list[0]!;
    const rows = listRows(list.map((r) => r.source.row));
    return {
      code: "contra_has_no_money_statement",
      severity: "warning" as const,
      where: { sheet: first.source.sheet, row: first.source.row },
      message:
        list.length === 1
          ? `The balance of account ${first.account} at ${first.contra} (row ${rows}) was not reconciled: no money statement for ${first.contra} is in this run.`
          : `${list.length} balances at ${first.contra} (rows ${rows}) were not reconciled: no money statement for ${first.contra} is in this run.`,
      hint: `Add the ${first.contra} money balances statement to the run, or check the contra name.`,
    };
  });
}
