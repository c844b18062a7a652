/**
 * FINRA Rule 4523(a)–(c): the GL accounts register and its monthly review (REFERENCE.md §3).
 *
 * The register (`GL Accounts`) names, per general-ledger account, the associated person with
 * primary responsibility for it and the supervisor who reviews it (4523(b)), how often it is
 * reviewed and when it was last reviewed and by whom. This module reads that register into
 * records plus issues (`parseGlAccounts`) and reviews it as of a date (`reviewGlAccounts`),
 * flagging each account whose ownership or review falls short of the rule.
 *
 * When a review is overdue. 4523(a) asks for a supervisory review "at least monthly". A review is
 * current as of `asOf` when it is dated on or after the same day of the previous calendar month,
 * clamped to that month's last day (`reviewDueOnOrAfter`): as of 2026-10-31 a review on or after
 * 2026-09-30 is current (September has no 31st), as of 2026-11-15 one on or after 2026-10-15, as
 * of 2026-03-31 one on or after 2026-02-28. A review dated before that day, or no review at all,
 * is overdue. Calendar months rather than "30 days" because month-end reviews follow month-ends,
 * which are 28 to 31 days apart. Accounts reviewed more often than monthly (weekly, daily) are
 * held to the same monthly floor: the register records their frequency, and checking it would
 * need each account's business-day calendar.
 */
import { findHeaderRow, locateHeader, type HeaderMatch, type HeaderSchema } from "./headers";
import { epochDay, parseIsoDate, type IsoDate } from "./isoDate";
import type { Issue, Severity } from "./issues";
import type { SourceRef } from "./positions";
import { columnLetter, isBlank, type CellValue, type Row, type SheetSnapshot } from "./sheet";
import { parseDateCell } from "./values";

export const GL_ACCOUNTS_SHEET = "GL Accounts";

// ---- the register's columns ------------------------------------------------------------------

export type GlAccountField =
  | "account"
  | "name"
  | "primaryOwner"
  | "supervisor"
  | "function"
  | "reviewFrequency"
  | "lastReviewedOn"
  | "lastReviewedBy"
  | "holdsSuspenseItems";

export const GL_ACCOUNT_FIELD_SYNONYMS: Readonly<Record<GlAccountField, readonly string[]>> = {
  account: [
    "account",
    "account number",
    "account no",
    "acct",
    "acct no",
    "acct number",
    "gl account",
    "gl account number",
    "gl account no",
    "gl acct",
    "gl number",
    "ledger account",
  ],
  name: [
    "account name",
    "name",
    "title",
    "account title",
    "description",
    "account description",
    "gl account name",
    "gl account title",
  ],
  primaryOwner: [
    "primary owner",
    "owner",
    "account owner",
    "responsible",
    "responsible person",
    "primary responsibility",
  ],
  supervisor: [
    "supervisor",
    "reviewer",
    "supervisory owner",
    "supervisory responsibility",
    "supervising principal",
  ],
  function: ["function", "account function", "purpose", "category", "account type", "type"],
  reviewFrequency: ["review frequency", "frequency", "review cycle", "reviewed every"],
  lastReviewedOn: [
    "last reviewed on",
    "last reviewed",
    "last review",
    "last review date",
    "last reviewed date",
    "reviewed on",
    "review date",
    "date reviewed",
    "last signed off",
    "last sign off",
    "signed off on",
  ],
  lastReviewedBy: ["last reviewed by", "reviewed by", "last reviewer", "signed off by"],
  holdsSuspenseItems: [
    "holds suspense items",
    "holds suspense",
    "suspense",
    "suspense items",
    "suspense account",
    "is suspense",
  ],
};

/** DESIGN.md "GL accounts": account number, account name, primary owner and supervisor. */
export const GL_ACCOUNTS_SCHEMA: HeaderSchema<GlAccountField> = {
  synonyms: GL_ACCOUNT_FIELD_SYNONYMS,
  required: ["account", "name", "primaryOwner", "supervisor"],
};

const FIELD_WORDS: Readonly<Record<GlAccountField, string>> = {
  account: "account number",
  name: "account name",
  primaryOwner: "primary owner",
  supervisor: "supervisor",
  function: "function",
  reviewFrequency: "review frequency",
  lastReviewedOn: "last reviewed on",
  lastReviewedBy: "last reviewed by",
  holdsSuspenseItems: "holds suspense items",
};

// ---- review frequency ------------------------------------------------------------------------

export type ReviewFrequency =
  | "daily"
  | "weekly"
  | "biweekly"
  | "semimonthly"
  | "monthly"
  | "quarterly"
  | "semiannual"
  | "annual";

export const REVIEW_FREQUENCY_LABELS: Readonly<Record<ReviewFrequency, string>> = {
  daily: "Daily",
  weekly: "Weekly",
  biweekly: "Every two weeks",
  semimonthly: "Twice a month",
  monthly: "Monthly",
  quarterly: "Quarterly",
  semiannual: "Semi-annual",
  annual: "Annual",
};

/** Less often than 4523(a)'s "at least monthly". */
const LESS_OFTEN_THAN_MONTHLY: ReadonlySet<ReviewFrequency> = new Set([
  "quarterly",
  "semiannual",
  "annual",
]);

const FREQUENCY_WORDS: Readonly<Record<ReviewFrequency, readonly string[]>> = {
  daily: ["daily", "day", "every day", "each day", "every business day", "d"],
  weekly: ["weekly", "week", "every week", "each week", "w"],
  biweekly: ["biweekly", "bi weekly", "fortnightly", "every two weeks", "every 2 weeks"],
  semimonthly: ["semimonthly", "semi monthly", "twice monthly", "twice a month"],
  monthly: ["monthly", "month", "every month", "each month", "month end", "m"],
  quarterly: ["quarterly", "quarter", "every quarter", "each quarter", "quarter end", "q"],
  semiannual: [
    "semiannual",
    "semi annual",
    "semiannually",
    "semi annually",
    "half yearly",
    "twice a year",
  ],
  annual: ["annual", "annually", "yearly", "year", "every year", "once a year", "year end"],
};

/** Lower case, accents dropped, anything not a letter or digit a space: what words compare on. */
function words(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const FREQUENCY_BY_WORDS: ReadonlyMap<string, ReviewFrequency> = new Map(
  (Object.entries(FREQUENCY_WORDS) as [ReviewFrequency, readonly string[]][]).flatMap(
    ([frequency, list]) => list.map((word) => [words(word), frequency] as const),
  ),
);

/** The frequency a cell names, or null when its words are not known. */
export function reviewFrequencyOf(text: string): ReviewFrequency | null {
  return FREQUENCY_BY_WORDS.get(words(text)) ?? null;
}

// ---- records ---------------------------------------------------------------------------------

export interface GlAccount {
  /** As written (a number cell as its digits); matched trimmed and upper-cased. */
  readonly account: string;
  readonly name: string;
  /** "" when the register names nobody: the review flags it. */
  readonly primaryOwner: string;
  readonly supervisor: string;
  readonly function: string;
  /** Monthly when the cell is blank or unreadable (4523's floor). */
  readonly reviewFrequency: ReviewFrequency;
  /** False when the frequency was not written and monthly is assumed. */
  readonly reviewFrequencyWritten: boolean;
  readonly lastReviewedOn: IsoDate | null;
  readonly lastReviewedBy: string;
  /** By the Holds Suspense Items column; the review also asks the suspense register. */
  readonly holdsSuspenseItems: boolean;
  readonly source: SourceRef;
  /** Column letters of the register's fields, so issues about the account point at a cell. */
  readonly columns: Readonly<Partial<Record<GlAccountField, string>>>;
}

export interface ParsedGlAccounts {
  readonly sheet: string;
  readonly header: HeaderMatch<GlAccountField> | null;
  readonly records: readonly GlAccount[];
  readonly issues: readonly Issue[];
  /** False when the sheet cannot be read as a register at all (empty, no header). */
  readonly usable: boolean;
}

/** The key two account numbers are compared on. */
export function glAccountKey(account: string): string {
  return account.trim().toUpperCase();
}

/** Names compared on their words in any order: "Smith, Jane" and "jane smith" are one person. */
export function personKey(name: string): string {
  return words(name).split(" ").filter(Boolean).sort().join(" ");
}

function cellText(cell: CellValue | undefined): string {
  return cell === null || cell === undefined ? "" : String(cell).trim();
}

function show(cell: CellValue): string {
  const text = String(cell).trim();
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** True when the sheet's header names an account, its name, a primary owner and a supervisor. */
export function isGlAccountsSheet(sheet: SheetSnapshot): boolean {
  return findHeaderRow(sheet, GL_ACCOUNTS_SCHEMA) !== null;
}

// ---- parsing ---------------------------------------------------------------------------------

export function parseGlAccounts(sheet: SheetSnapshot): ParsedGlAccounts {
  const unusable = (issue: Issue, header: HeaderMatch<GlAccountField> | null = null) => ({
    sheet: sheet.name,
    header,
    records: [],
    issues: [issue],
    usable: false,
  });
  const located = locateHeader(
    sheet,
    GL_ACCOUNTS_SCHEMA,
    {
      code: "sheet_must_have_rows",
      severity: "error",
      where: { sheet: sheet.name },
      message: `The sheet ${sheet.name} is empty.`,
      hint: "List the GL accounts in it (account number, account name, primary owner, supervisor), or choose another sheet.",
    },
    (partial) => missingHeaderIssue(sheet.name, partial),
  );
  if (!located.found) return unusable(located.issue, located.partial);
  const header = located.header;
  return parseRows(sheet, header);
}

function missingHeaderIssue(sheetName: string, partial: HeaderMatch<GlAccountField> | null): Issue {
  const missing = GL_ACCOUNTS_SCHEMA.required
    .filter((field) => partial?.columns[field] === undefined)
    .map((field) => FIELD_WORDS[field]);
  return {
    code: "header_row_is_required",
    severity: "error",
    where: { sheet: sheetName, ...(partial ? { row: partial.headerRow } : {}) },
    message:
      partial === null
        ? `No header row naming an account number, account name, primary owner and supervisor was found in the first rows of ${sheetName}.`
        : `The best header of ${sheetName}, row ${partial.headerRow}, lacks a column for: ${missing.join(", ")}.`,
    hint: 'Head the register\'s columns "Account", "Account Name", "Primary Owner" and "Supervisor" (optionally "Function", "Review Frequency", "Last Reviewed On", "Last Reviewed By", "Holds Suspense Items").',
  };
}

function headerIssues(sheetName: string, header: HeaderMatch<GlAccountField>): Issue[] {
  const issues: Issue[] = header.duplicates.map((duplicate) => {
    const first = header.columns[duplicate.field]!;
    return {
      code: "column_is_named_twice",
      severity: "warning" as const,
      where: { sheet: sheetName, row: header.headerRow, column: columnLetter(duplicate.column) },
      message: `"${duplicate.header}" is a second ${FIELD_WORDS[duplicate.field]} column; the first one, ${columnLetter(first)} "${header.headers.get(first) ?? ""}", is used.`,
      hint: "Rename or delete the column that should not be used.",
    };
  });
  if (header.columns.lastReviewedOn === undefined) {
    issues.push({
      code: "last_reviewed_on_column_is_required",
      severity: "warning",
      where: { sheet: sheetName, row: header.headerRow },
      message: `The header in row ${header.headerRow} has no Last Reviewed On column, so no account shows a review and every one is reported as never reviewed.`,
      hint: 'Add a "Last Reviewed On" column (and "Last Reviewed By") and record each supervisory review in it.',
    });
  }
  return issues;
}

function parseRows(sheet: SheetSnapshot, header: HeaderMatch<GlAccountField>): ParsedGlAccounts {
  const columns: Partial<Record<GlAccountField, string>> = {};
  for (const [field, column] of Object.entries(header.columns) as [GlAccountField, number][]) {
    columns[field] = columnLetter(column);
  }
  const context: RowContext = { sheetName: sheet.name, header, columns };
  const issues: Issue[] = headerIssues(sheet.name, header);
  const records: GlAccount[] = [];
  const firstRowByKey = new Map<string, number>();
  for (let index = header.headerRow; index < sheet.rows.length; index++) {
    const row = sheet.rows[index] ?? [];
    if (row.every((cell) => isBlank(cell))) continue;
    const result = parseRow(context, index + 1, row);
    issues.push(...result.issues);
    if (result.record === null) continue;
    const key = glAccountKey(result.record.account);
    const first = firstRowByKey.get(key);
    if (first === undefined) {
      firstRowByKey.set(key, result.record.source.row);
      records.push(result.record);
    } else {
      issues.push(duplicateAccountIssue(context, result.record, first));
    }
  }
  if (records.length === 0 && !issues.some((issue) => issue.severity === "error")) {
    issues.push({
      code: "gl_accounts_register_must_list_accounts",
      severity: "error",
      where: { sheet: sheet.name, row: header.headerRow },
      message: `${sheet.name} has a header in row ${header.headerRow} but no accounts below it.`,
      hint: "List every general-ledger account with its primary owner and supervisor (FINRA Rule 4523(b)).",
    });
  }
  return { sheet: sheet.name, header, records, issues, usable: true };
}

function duplicateAccountIssue(context: RowContext, record: GlAccount, firstRow: number): Issue {
  return {
    code: "gl_account_must_be_listed_once",
    severity: "error",
    where: { sheet: context.sheetName, row: record.source.row, column: context.columns.account! },
    message: `Account ${record.account} is listed again in row ${record.source.row}; row ${firstRow} is the one reviewed.`,
    hint: "Keep one row per GL account, so it has one primary owner and one supervisor.",
  };
}

// ---- one row ---------------------------------------------------------------------------------

interface RowContext {
  readonly sheetName: string;
  readonly header: HeaderMatch<GlAccountField>;
  readonly columns: Readonly<Partial<Record<GlAccountField, string>>>;
}

type CellAt = (field: GlAccountField) => { cell: CellValue; column: string } | null;
type Report = (
  problem: { code: string; message: string; hint: string },
  column: string,
  severity?: Severity,
) => void;

function parseRow(
  context: RowContext,
  rowNumber: number,
  row: Row,
): { record: GlAccount | null; issues: Issue[] } {
  const issues: Issue[] = [];
  const at: CellAt = (field) => {
    const column = context.header.columns[field];
    return column === undefined
      ? null
      : { cell: row[column - 1] ?? null, column: columnLetter(column) };
  };
  const text = (field: GlAccountField): string => cellText(at(field)?.cell);
  const report: Report = (problem, column, severity = "error") => {
    issues.push({
      ...problem,
      severity,
      where: { sheet: context.sheetName, row: rowNumber, column },
    });
  };
  const account = text("account");
  if (account === "") {
    report(
      {
        code: "gl_account_number_is_required",
        message: `Row ${rowNumber} names no account number${describeRow(text("name"), text("primaryOwner"))}, so it is not reviewed.`,
        hint: "Enter the GL account number, or delete the row if it is not an account.",
      },
      at("account")!.column,
    );
    return { record: null, issues };
  }
  const frequency = readFrequency(at, report, account);
  const lastReviewedOn = readLastReviewedOn(at, report, account);
  const lastReviewedBy = text("lastReviewedBy");
  requireDateAndReviewer(at, report, account, lastReviewedOn, lastReviewedBy);
  const record: GlAccount = {
    account,
    name: text("name"),
    primaryOwner: text("primaryOwner"),
    supervisor: text("supervisor"),
    function: text("function"),
    reviewFrequency: frequency.value,
    reviewFrequencyWritten: frequency.written,
    lastReviewedOn,
    lastReviewedBy,
    holdsSuspenseItems: readHoldsSuspense(at, report, account),
    source: { sheet: context.sheetName, row: rowNumber },
    columns: context.columns,
  };
  return { record, issues };
}

function describeRow(name: string, owner: string): string {
  const parts = [name === "" ? "" : `"${name}"`, owner === "" ? "" : `owner ${owner}`];
  const said = parts.filter((part) => part !== "").join(", ");
  return said === "" ? "" : ` (${said})`;
}

/** Blank means monthly, the rule's floor; an unknown word is reported and read as monthly. */
function readFrequency(
  at: CellAt,
  report: Report,
  account: string,
): { value: ReviewFrequency; written: boolean } {
  const found = at("reviewFrequency");
  if (found === null || isBlank(found.cell)) return { value: "monthly", written: false };
  const frequency = reviewFrequencyOf(cellText(found.cell));
  if (frequency !== null) return { value: frequency, written: true };
  report(
    {
      code: "review_frequency_must_be_known",
      message: `Account ${account}'s review frequency "${show(found.cell)}" is not one StockRec knows; monthly is assumed.`,
      hint: "Write Daily, Weekly, Monthly or Quarterly (or Semi-annual, Annual).",
    },
    found.column,
    "warning",
  );
  return { value: "monthly", written: false };
}

/** An unreadable date is reported, and the account is reviewed as if it had none. */
function readLastReviewedOn(at: CellAt, report: Report, account: string): IsoDate | null {
  const found = at("lastReviewedOn");
  if (found === null || isBlank(found.cell)) return null;
  const date = parseDateCell(found.cell);
  if (date.ok) return date.value;
  report(
    {
      code: "last_reviewed_on_must_be_a_date",
      message: `Account ${account}'s last review date "${show(found.cell)}" is not a date, so the account counts as never reviewed.`,
      hint: "Enter the date of the supervisor's last review as YYYY-MM-DD or M/D/YYYY.",
    },
    found.column,
  );
  return null;
}

/** A review is evidence only with both its date and its reviewer. */
function requireDateAndReviewer(
  at: CellAt,
  report: Report,
  account: string,
  lastReviewedOn: IsoDate | null,
  lastReviewedBy: string,
): void {
  const dateCell = at("lastReviewedOn");
  const byCell = at("lastReviewedBy");
  if (lastReviewedOn !== null && lastReviewedBy === "") {
    report(
      {
        code: "last_review_needs_date_and_reviewer",
        message: `Account ${account} was last reviewed on ${lastReviewedOn}, but nobody is named as the reviewer.`,
        hint: `Enter who reviewed it in ${byCell === null ? 'a "Last Reviewed By" column' : `column ${byCell.column}`}: the sign-off records who as well as when.`,
      },
      byCell?.column ?? dateCell!.column,
      "warning",
    );
  }
  if (lastReviewedOn === null && lastReviewedBy !== "" && isBlank(dateCell?.cell)) {
    report(
      {
        code: "last_review_needs_date_and_reviewer",
        message: `Account ${account} names ${lastReviewedBy} as last reviewer but no review date, so the account counts as never reviewed.`,
        hint: "Enter the date of that review in Last Reviewed On.",
      },
      dateCell?.column ?? byCell!.column,
      "warning",
    );
  }
}

const YES = new Set(["yes", "y", "true", "x", "1"]);
const NO = new Set(["no", "n", "false", "0", ""]);

/** Yes/No; anything else is reported and read as No (the suspense register may still say yes). */
function readHoldsSuspense(at: CellAt, report: Report, account: string): boolean {
  const found = at("holdsSuspenseItems");
  if (found === null) return false;
  if (typeof found.cell === "boolean") return found.cell;
  const text = words(cellText(found.cell));
  if (YES.has(text)) return true;
  if (NO.has(text)) return false;
  report(
    {
      code: "holds_suspense_items_must_be_yes_or_no",
      message: `Account ${account}'s Holds Suspense Items cell says "${show(found.cell!)}"; read as No.`,
      hint: "Write Yes when the account holds suspense items, No when it does not.",
    },
    found.column,
    "warning",
  );
  return false;
}

// ---- the review ------------------------------------------------------------------------------

export type GlReviewFlag =
  | "no_primary_owner"
  | "no_supervisor"
  | "owner_is_supervisor"
  | "review_overdue"
  | "review_less_often_than_monthly"
  | "suspense_title_not_prominent";

export const GL_REVIEW_FLAGS: readonly GlReviewFlag[] = [
  "no_primary_owner",
  "no_supervisor",
  "owner_is_supervisor",
  "review_overdue",
  "review_less_often_than_monthly",
  "suspense_title_not_prominent",
];

/** The words the GL Review sheet and the CLI show for each flag. */
export const GL_REVIEW_FLAG_LABELS: Readonly<Record<GlReviewFlag, string>> = {
  no_primary_owner: "No primary owner",
  no_supervisor: "No supervisor",
  owner_is_supervisor: "Owner is supervisor",
  review_overdue: "Review overdue",
  review_less_often_than_monthly: "Reviewed less often than monthly",
  suspense_title_not_prominent: "Suspense not in title",
};

export type GlReviewStatus = "reviewed" | "overdue" | "never_reviewed";

export const GL_REVIEW_STATUS_LABELS: Readonly<Record<GlReviewStatus, string>> = {
  reviewed: "Reviewed",
  overdue: "Overdue",
  never_reviewed: "Never reviewed",
};

export interface GlReviewOptions {
  readonly asOf: IsoDate;
  /**
   * The firm's recorded reason for letting one person be both owner and supervisor (it has one
   * associated person, or FINRA approved it); false when it has none, so the overlap is flagged.
   */
  readonly sameOwnerAndSupervisorAllowed: false | { readonly reason: string };
  /** Accounts the suspense register puts items in: they hold suspense items whatever the column says. */
  readonly suspenseAccounts?: ReadonlySet<string>;
}

export interface GlAccountReview {
  readonly account: GlAccount;
  readonly status: GlReviewStatus;
  /** Calendar days from the last review to asOf; null when never reviewed. */
  readonly daysSinceReview: number | null;
  /** By the register's column or the suspense register. */
  readonly holdsSuspenseItems: boolean;
  readonly flags: readonly GlReviewFlag[];
  /** Information that is not a flag: the recorded reason an owner may supervise themself. */
  readonly notes: readonly string[];
}

/** Reviews done and missing among the accounts one person owns (or supervises). */
export interface PersonReviewTally {
  /** As first written in the register; "" for accounts that name nobody. */
  readonly person: string;
  readonly accounts: number;
  readonly reviewed: number;
  /** Overdue or never reviewed. */
  readonly missing: number;
  readonly missingAccounts: readonly string[];
}

export interface GlReview {
  readonly asOf: IsoDate;
  /** A review on or after this day is current (see the module comment). */
  readonly reviewDueOnOrAfter: IsoDate;
  readonly accounts: readonly GlAccountReview[];
  readonly flagCounts: Readonly<Record<GlReviewFlag, number>>;
  /** Most missing reviews first. */
  readonly byOwner: readonly PersonReviewTally[];
  readonly bySupervisor: readonly PersonReviewTally[];
  /** One warning per flag, plus notes; the register's own issues stay with `parseGlAccounts`. */
  readonly issues: readonly Issue[];
}

function isoDateOf(year: number, month: number, day: number): IsoDate {
  const text = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return text as IsoDate;
}

function daysInMonth(year: number, month: number): number {
  const next = month === 12 ? isoDateOf(year + 1, 1, 1) : isoDateOf(year, month + 1, 1);
  return epochDay(next) - epochDay(isoDateOf(year, month, 1));
}

/**
 * The earliest date a review may carry and still be current as of `asOf`: the same day of the
 * previous calendar month, clamped to that month's last day (2026-10-31 → 2026-09-30).
 */
export function reviewDueOnOrAfter(asOf: IsoDate): IsoDate {
  const [year, month, day] = asOf.split("-").map(Number) as [number, number, number];
  const [previousYear, previousMonth] = month === 1 ? [year - 1, 12] : [year, month - 1];
  return isoDateOf(
    previousYear,
    previousMonth,
    Math.min(day, daysInMonth(previousYear, previousMonth)),
  );
}

/** "suspense" as a word of the title: "Suspense - DK fails" is, "Unsuspended items" is not. */
export function titleSaysSuspense(title: string): boolean {
  return words(title).split(" ").includes("suspense");
}

export function reviewGlAccounts(
  records: readonly GlAccount[],
  options: GlReviewOptions,
): GlReview {
  if (parseIsoDate(options.asOf) !== options.asOf) {
    throw new RangeError(`asOf must be a YYYY-MM-DD date, got "${options.asOf}"`);
  }
  const allowed = options.sameOwnerAndSupervisorAllowed;
  if (allowed !== false && allowed.reason.trim() === "") {
    throw new RangeError("sameOwnerAndSupervisorAllowed needs the firm's recorded reason");
  }
  const context: ReviewContext = {
    asOf: options.asOf,
    dueOnOrAfter: reviewDueOnOrAfter(options.asOf),
    allowedReason: allowed === false ? null : allowed.reason.trim(),
    suspenseKeys: new Set([...(options.suspenseAccounts ?? [])].map(glAccountKey)),
  };
  const issues: Issue[] = [];
  const accounts = records.map((record) => {
    const reviewed = reviewAccount(record, context);
    issues.push(...reviewed.issues);
    return reviewed.review;
  });
  issues.push(...suspenseAccountsNotInRegister(records, context));
  const flagCounts = Object.fromEntries(
    GL_REVIEW_FLAGS.map((flag) => [flag, accounts.filter((a) => a.flags.includes(flag)).length]),
  ) as Record<GlReviewFlag, number>;
  return {
    asOf: options.asOf,
    reviewDueOnOrAfter: context.dueOnOrAfter,
    accounts,
    flagCounts,
    byOwner: tallyBy(accounts, (record) => record.primaryOwner),
    bySupervisor: tallyBy(accounts, (record) => record.supervisor),
    issues,
  };
}

/** True when the review found something someone must act on: any flag, or an unreviewable row. */
export function glReviewNeedsAction(review: GlReview, registerIssues: readonly Issue[]): boolean {
  return (
    review.accounts.some((account) => account.flags.length > 0) ||
    review.issues.some((issue) => issue.severity !== "info") ||
    registerIssues.some((issue) => issue.severity === "error")
  );
}

interface ReviewContext {
  readonly asOf: IsoDate;
  readonly dueOnOrAfter: IsoDate;
  readonly allowedReason: string | null;
  readonly suspenseKeys: ReadonlySet<string>;
}

interface Finding {
  readonly flag: GlReviewFlag | null;
  readonly issue: Issue;
}

function reviewAccount(
  record: GlAccount,
  context: ReviewContext,
): { review: GlAccountReview; issues: Issue[] } {
  const daysSinceReview =
    record.lastReviewedOn === null
      ? null
      : epochDay(context.asOf) - epochDay(record.lastReviewedOn);
  const status: GlReviewStatus =
    record.lastReviewedOn === null
      ? "never_reviewed"
      : record.lastReviewedOn < context.dueOnOrAfter
        ? "overdue"
        : "reviewed";
  const holdsSuspenseItems =
    record.holdsSuspenseItems || context.suspenseKeys.has(glAccountKey(record.account));
  const findings = [
    ...ownershipFindings(record, context),
    ...reviewDateFindings(record, status, daysSinceReview, context),
    ...frequencyFindings(record),
    ...suspenseTitleFindings(record, holdsSuspenseItems, context),
  ];
  const review: GlAccountReview = {
    account: record,
    status,
    daysSinceReview,
    holdsSuspenseItems,
    flags: GL_REVIEW_FLAGS.filter((flag) => findings.some((f) => f.flag === flag)),
    notes: findings.filter((f) => f.flag === null).map((f) => f.issue.message),
  };
  return { review, issues: findings.map((f) => f.issue) };
}

/** `GL account 1010 "Cash - operating"`: how messages name an account. */
function named(record: GlAccount): string {
  return record.name === ""
    ? `GL account ${record.account}`
    : `GL account ${record.account} "${record.name}"`;
}

function finding(
  flag: GlReviewFlag | null,
  code: string,
  record: GlAccount,
  field: GlAccountField,
  message: string,
  hint: string,
  severity: Severity = flag === null ? "info" : "warning",
): Finding {
  const column = record.columns[field];
  return {
    flag,
    issue: {
      code,
      severity,
      where: {
        sheet: record.source.sheet,
        row: record.source.row,
        ...(column === undefined ? {} : { column }),
      },
      message,
      hint,
    },
  };
}

function ownershipFindings(record: GlAccount, context: ReviewContext): Finding[] {
  const findings: Finding[] = [];
  if (record.primaryOwner === "") {
    findings.push(
      finding(
        "no_primary_owner",
        "gl_account_primary_owner_is_required",
        record,
        "primaryOwner",
        `${named(record)} has no primary owner.`,
        "Name the associated person who controls the account's entries and keeps it current and accurate (FINRA Rule 4523(a)–(b)).",
      ),
    );
  }
  if (record.supervisor === "") {
    findings.push(
      finding(
        "no_supervisor",
        "gl_account_supervisor_is_required",
        record,
        "supervisor",
        `${named(record)} has no supervisor.`,
        "Name the supervisor who reviews the account at least monthly (FINRA Rule 4523(a)–(b)).",
      ),
    );
  }
  const samePerson =
    record.primaryOwner !== "" &&
    record.supervisor !== "" &&
    personKey(record.primaryOwner) === personKey(record.supervisor);
  if (samePerson) findings.push(ownerIsSupervisorFinding(record, context));
  return findings;
}

function ownerIsSupervisorFinding(record: GlAccount, context: ReviewContext): Finding {
  if (context.allowedReason !== null) {
    return finding(
      null,
      "owner_is_supervisor_by_recorded_reason",
      record,
      "supervisor",
      `${named(record)} names ${record.supervisor} as both primary owner and supervisor, which the firm allows because: "${context.allowedReason}".`,
      "Nothing to do while the reason holds; name a separate supervisor when it no longer does.",
    );
  }
  return finding(
    "owner_is_supervisor",
    "gl_account_owner_and_supervisor_must_differ",
    record,
    "supervisor",
    record.primaryOwner === record.supervisor
      ? `${named(record)} names ${record.supervisor} as both primary owner and supervisor, so nobody else reviews the account.`
      : `${named(record)} names ${record.primaryOwner} as primary owner and ${record.supervisor} as supervisor, the same person, so nobody else reviews the account.`,
    "Name a different supervisor; if the firm has a single associated person or FINRA's approval, record that reason so the overlap is allowed with a note.",
  );
}

function reviewDateFindings(
  record: GlAccount,
  status: GlReviewStatus,
  daysSinceReview: number | null,
  context: ReviewContext,
): Finding[] {
  const hint =
    "Have the supervisor review the account (at least monthly, FINRA Rule 4523(a)) and record the date and reviewer in Last Reviewed On and Last Reviewed By.";
  if (status === "never_reviewed") {
    return [
      finding(
        "review_overdue",
        "gl_account_must_be_reviewed_monthly",
        record,
        "lastReviewedOn",
        `${named(record)} has no review recorded; as of ${context.asOf} a review on or after ${context.dueOnOrAfter} is due.`,
        hint,
      ),
    ];
  }
  if (status === "overdue") {
    return [
      finding(
        "review_overdue",
        "gl_account_must_be_reviewed_monthly",
        record,
        "lastReviewedOn",
        `${named(record)} was last reviewed on ${record.lastReviewedOn}, ${daysSinceReview} days before ${context.asOf}; a review on or after ${context.dueOnOrAfter} is due.`,
        hint,
      ),
    ];
  }
  if (daysSinceReview !== null && daysSinceReview < 0) {
    // Normal when the month's review is signed a few days after month-end and the register is
    // reviewed as of the month-end: the later review is this period's.
    return [
      finding(
        null,
        "last_review_is_after_as_of",
        record,
        "lastReviewedOn",
        `${named(record)} was last reviewed on ${record.lastReviewedOn}, after the as-of date ${context.asOf}; it is counted as this period's review.`,
        "Nothing to do if that review covers the period; otherwise check the date.",
      ),
    ];
  }
  return [];
}

function frequencyFindings(record: GlAccount): Finding[] {
  if (!LESS_OFTEN_THAN_MONTHLY.has(record.reviewFrequency)) return [];
  return [
    finding(
      "review_less_often_than_monthly",
      "review_frequency_must_be_at_least_monthly",
      record,
      "reviewFrequency",
      `${named(record)} is set to be reviewed ${REVIEW_FREQUENCY_LABELS[record.reviewFrequency].toLowerCase()}, less often than monthly.`,
      "FINRA Rule 4523(a) requires a supervisory review at least monthly: set the frequency to Monthly, or more often if the account's function needs it.",
    ),
  ];
}

function suspenseTitleFindings(
  record: GlAccount,
  holdsSuspenseItems: boolean,
  context: ReviewContext,
): Finding[] {
  if (!holdsSuspenseItems || titleSaysSuspense(record.name)) return [];
  const because = [
    record.holdsSuspenseItems ? "its Holds Suspense Items cell says Yes" : "",
    context.suspenseKeys.has(glAccountKey(record.account))
      ? "the suspense register has items in it"
      : "",
  ].filter((reason) => reason !== "");
  return [
    finding(
      "suspense_title_not_prominent",
      "suspense_account_title_must_say_suspense",
      record,
      "name",
      `${named(record)} holds suspense items (${because.join(" and ")}), but its name does not contain the word "suspense".`,
      'Rename the account so "suspense" is prominent in its title, e.g. "Suspense - DK fails" (FINRA Rule 4523(c)).',
    ),
  ];
}

/** Suspense items sit in an account the register does not list: it has no recorded owner. */
function suspenseAccountsNotInRegister(
  records: readonly GlAccount[],
  context: ReviewContext,
): Issue[] {
  const listed = new Set(records.map((record) => glAccountKey(record.account)));
  const missing = [...context.suspenseKeys].filter((key) => !listed.has(key)).sort();
  const sheet = records[0]?.source.sheet ?? GL_ACCOUNTS_SHEET;
  return missing.map((account) => ({
    code: "suspense_account_must_be_in_gl_register",
    severity: "warning" as const,
    where: { sheet },
    message: `GL account ${account} holds suspense items but is not in ${sheet}, so nobody is recorded as its owner or supervisor.`,
    hint: `Add ${account} to ${sheet} with its primary owner and supervisor (FINRA Rule 4523(b)).`,
  }));
}

function tallyBy(
  accounts: readonly GlAccountReview[],
  person: (record: GlAccount) => string,
): PersonReviewTally[] {
  const byKey = new Map<string, { person: string; reviews: GlAccountReview[] }>();
  for (const review of accounts) {
    const name = person(review.account);
    const key = personKey(name);
    const entry = byKey.get(key) ?? { person: name, reviews: [] };
    entry.reviews.push(review);
    byKey.set(key, entry);
  }
  const tallies = [...byKey.values()].map(({ person: name, reviews }) => {
    const missingAccounts = reviews
      .filter((review) => review.status !== "reviewed")
      .map((review) => review.account.account);
    return {
      person: name,
      accounts: reviews.length,
      reviewed: reviews.length - missingAccounts.length,
      missing: missingAccounts.length,
      missingAccounts,
    };
  });
  // A stable sort: people with as many missing reviews keep the register's order.
  return tallies.sort((a, b) => b.missing - a.missing);
}
