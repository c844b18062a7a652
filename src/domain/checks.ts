/**
 * Checks before matching (issue 3 §7): things in a source that are not wrong enough to stop a
 * row, but that an accountant should see before trusting the breaks. Each check is one function
 * returning issues that say where and what to do; none of them drops or changes a row.
 */
import { isZero, sign } from "./decimal";
import type { HeaderMatch } from "./headers";
import type { IsoDate } from "./isoDate";
import type { Issue } from "./issues";
import { TOTAL_WORD, type ParsedSheet } from "./positions";
import { columnLetter, isBlank, type SheetSnapshot } from "./sheet";
import { parseQuantity } from "./values";

export interface CheckContext {
  readonly sheet: SheetSnapshot;
  readonly parsed: ParsedSheet;
  readonly header: HeaderMatch;
  /** The run's as-of date. */
  readonly asOf: IsoDate;
}

/** "row 7" or "rows 7, 12, 30, … (41 rows)": the first rows to look at, and how many in all. */
export function rowsPhrase(rows: readonly number[], shown = 12): string {
  return `${rows.length === 1 ? "row" : "rows"} ${listRows(rows, shown)}`;
}

/** "7, 12, 30, … (41 rows)": enough rows to find the first ones, and how many in all. */
export function listRows(rows: readonly number[], shown = 12): string {
  return listCountedRows({ count: rows.length, first: rows }, shown);
}

/** Rows as a streamed source keeps them: how many, and the first ones (12 or more). */
export interface CountedRows {
  count: number;
  readonly first: readonly number[];
}

function listCountedRows(rows: CountedRows, shown = 12): string {
  const head = rows.first.slice(0, shown).join(", ");
  return rows.count > shown ? `${head}, … (${rows.count} rows)` : head;
}

function counted(rows: readonly number[]): CountedRows {
  return { count: rows.length, first: rows.slice(0, 12) };
}

function dataRowIndexes(context: CheckContext): number[] {
  const indexes: number[] = [];
  for (let index = context.header.headerRow; index < context.sheet.rows.length; index++)
    indexes.push(index);
  return indexes;
}

export function exactDuplicateRows(context: CheckContext): Issue[] {
  const seen = new Map<string, number>();
  const issues: Issue[] = [];
  for (const index of dataRowIndexes(context)) {
    const row = context.sheet.rows[index] ?? [];
    if (row.every((cell) => isBlank(cell))) continue;
    const key = JSON.stringify(row.map((cell) => (typeof cell === "string" ? cell.trim() : cell)));
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, index + 1);
      continue;
    }
    issues.push(exactDuplicateIssue(context.sheet.name, index + 1, first));
  }
  return issues;
}

export function exactDuplicateIssue(sheet: string, row: number, first: number): Issue {
  return {
    code: "row_is_an_exact_duplicate",
    severity: "warning",
    where: { sheet, row },
    message: `Row ${row} repeats row ${first} exactly; both are counted.`,
    hint: "If the source lists the same position twice by mistake, delete one of the rows and run again.",
  };
}

/** A position written over several rows of one source (same identifier and contra as written). */
export interface SplitPosition {
  /** "037833100 at DTC": the identifier and contra as the first row writes them. */
  readonly label: string;
  readonly rows: readonly number[];
}

export function splitKeys(context: CheckContext): Issue[] {
  const byKey = new Map<string, number[]>();
  for (const record of context.parsed.records) {
    const key = `${record.securityId} at ${record.contra}`;
    byKey.set(key, [...(byKey.get(key) ?? []), record.source.row]);
  }
  return splitKeysIssues(
    context.sheet.name,
    [...byKey].filter(([, rows]) => rows.length > 1).map(([label, rows]) => ({ label, rows })),
  );
}

/** How many split positions the finding names; the rest it counts. */
export const SPLITS_SHOWN = 5;

/** `split` in the order of each position's first row (the first SPLITS_SHOWN suffice), of `count`. */
export function splitKeysIssues(
  sheet: string,
  split: readonly SplitPosition[],
  count = split.length,
): Issue[] {
  if (count === 0) return [];
  const shown = split
    .slice(0, SPLITS_SHOWN)
    .map(({ label, rows }) => `${label} rows ${listRows(rows, 4)}`);
  const more = count > SPLITS_SHOWN ? `; and ${count - SPLITS_SHOWN} more` : "";
  return [
    {
      code: "position_is_split_over_rows",
      severity: "info",
      where: { sheet, row: split[0]!.rows[0]! },
      message: `${count} position${count === 1 ? " is" : "s are"} split over several rows (${shown.join("; ")}${more}); the quantities of each are added together.`,
      hint: "Nothing to do if the rows are locations, lots or position types (free, segregated) of one position.",
    },
  ];
}

export function numbersStoredAsText(context: CheckContext): Issue[] {
  const column = context.header.columns.quantity;
  if (column === undefined) return [];
  const rows = context.parsed.records
    .filter((record) => typeof context.sheet.rows[record.source.row - 1]?.[column - 1] === "string")
    .map((record) => record.source.row);
  return numbersStoredAsTextIssues(context.sheet.name, column, counted(rows));
}

function numbersStoredAsTextIssues(sheet: string, column: number, rows: CountedRows): Issue[] {
  if (rows.count === 0) return [];
  return [
    {
      code: "number_is_stored_as_text",
      severity: "info",
      where: { sheet, row: rows.first[0]!, column: columnLetter(column) },
      message: `${rows.count} quantit${rows.count === 1 ? "y is" : "ies are"} stored as text (row${rows.count === 1 ? "" : "s"} ${listCountedRows(rows)}); read exactly as written.`,
      hint: "Nothing to do; convert the column to numbers in Excel if other formulas need them.",
    },
  ];
}

export function allQuantitiesNegative(context: CheckContext): Issue[] {
  const quantities = context.parsed.records.map((r) => r.quantity).filter((q) => !isZero(q));
  const positive = quantities.filter((q) => sign(q) > 0).length;
  return allNegativeIssues(context.sheet.name, context.header, quantities.length, positive);
}

function allNegativeIssues(
  sheet: string,
  header: HeaderMatch,
  nonZero: number,
  positive: number,
): Issue[] {
  if (nonZero < 2 || positive > 0) return [];
  return [
    {
      code: "quantities_are_all_negative",
      severity: "warning",
      where: { sheet, column: columnLetter(header.columns.quantity!) },
      message: `Every quantity in ${sheet} is negative (${nonZero} rows); the source probably writes holdings with a minus sign.`,
      hint: "If so, set the source's option to negate its quantities; otherwise every position breaks.",
    },
  ];
}

export function missingPrices(context: CheckContext): Issue[] {
  const column = context.header.columns.price;
  if (column === undefined || context.parsed.role !== "books") return [];
  const rows = context.parsed.records
    .filter((record) => {
      const cell = context.sheet.rows[record.source.row - 1]?.[column - 1] ?? null;
      return isBlank(cell) || !parseQuantity(cell).ok;
    })
    .map((record) => record.source.row);
  return missingPricesIssues(context.sheet.name, column, counted(rows));
}

function missingPricesIssues(sheet: string, column: number, rows: CountedRows): Issue[] {
  if (rows.count === 0) return [];
  const phrase = `${rows.count === 1 ? "row" : "rows"} ${listCountedRows(rows)}`;
  return [
    {
      code: "price_is_missing",
      severity: "warning",
      where: { sheet, row: rows.first[0]!, column: columnLetter(column) },
      message: `${rows.count} position${rows.count === 1 ? " has" : "s have"} no price (${phrase}), so ${rows.count === 1 ? "its difference" : "their differences"} cannot be valued.`,
      hint: "Fill in the prices (or a Prices sheet) before computing the value of short differences.",
    },
  ];
}

export function rowsAfterBlankGap(context: CheckContext): Issue[] {
  const issues: Issue[] = [];
  let sawData = false;
  let gapStart: number | null = null;
  for (const index of dataRowIndexes(context)) {
    const blank = (context.sheet.rows[index] ?? []).every((cell) => isBlank(cell));
    if (blank) {
      if (sawData && gapStart === null) gapStart = index + 1;
      continue;
    }
    if (gapStart !== null) {
      const looksLikeTotal = (context.sheet.rows[index] ?? []).some(
        (c) => typeof c === "string" && TOTAL_WORD.test(c),
      );
      if (!looksLikeTotal) issues.push(rowsAfterGapIssue(context.sheet.name, index + 1, gapStart));
      gapStart = null;
    }
    sawData = true;
  }
  return issues;
}

/** Row `row` follows the blank rows from `gapStart` to the row above it. */
export function rowsAfterGapIssue(sheet: string, row: number, gapStart: number): Issue {
  const index = row - 1;
  return {
    code: "rows_follow_a_blank_gap",
    severity: "warning",
    where: { sheet, row },
    message: `Row ${row} follows blank row${row - gapStart > 1 ? "s" : ""} ${gapStart}${index - gapStart > 0 ? `–${index}` : ""}; rows after a gap are often notes or a second report.`,
    hint: "Check that the rows after the gap are positions of this source; move anything else to another sheet.",
  };
}

export function statementDateMatchesAsOf(context: CheckContext): Issue[] {
  if (context.parsed.role !== "statement") return [];
  return statementDateIssues(context.sheet.name, context.parsed.asOfFound, context.asOf);
}

function statementDateIssues(sheet: string, asOfFound: readonly IsoDate[], asOf: IsoDate): Issue[] {
  const other = asOfFound.filter((date) => date !== asOf);
  if (other.length === 0) return [];
  return [
    {
      code: "statement_date_must_match_as_of",
      severity: "warning",
      where: { sheet },
      message: `${sheet} is dated ${other.join(", ")}, but the reconciliation is as of ${asOf}.`,
      hint: "Use the statement for the reconciliation's date, or correct the as-of date.",
    },
  ];
}

/** Blank rows between the header and the last data row: skipped, and listed so none hides data. */
export function blankRowsInside(context: CheckContext): Issue[] {
  const indexes = dataRowIndexes(context);
  const isBlankRow = (index: number): boolean =>
    (context.sheet.rows[index] ?? []).every((cell) => isBlank(cell));
  const last = [...indexes].reverse().find((index) => !isBlankRow(index));
  if (last === undefined) return [];
  const rows = indexes
    .filter((index) => index < last && isBlankRow(index))
    .map((index) => index + 1);
  return blankRowsIssues(context.sheet.name, counted(rows));
}

function blankRowsIssues(sheet: string, rows: CountedRows): Issue[] {
  if (rows.count === 0) return [];
  return [
    {
      code: "blank_rows_are_skipped",
      severity: "info",
      where: { sheet, row: rows.first[0]! },
      message: `${rows.count} blank row${rows.count === 1 ? " is" : "s are"} skipped (row${rows.count === 1 ? "" : "s"} ${listCountedRows(rows)}).`,
      hint: "Nothing to do; delete them if the source should have none.",
    },
  ];
}

const CHECKS = [
  exactDuplicateRows,
  splitKeys,
  numbersStoredAsText,
  allQuantitiesNegative,
  missingPrices,
  rowsAfterBlankGap,
  blankRowsInside,
  statementDateMatchesAsOf,
] as const;

/** Every check on one parsed sheet. */
export function checkSource(sheet: SheetSnapshot, parsed: ParsedSheet, asOf: IsoDate): Issue[] {
  if (parsed.header === null || !parsed.usable) return [];
  const context: CheckContext = { sheet, parsed, header: parsed.header, asOf };
  return CHECKS.flatMap((check) => check(context));
}

/**
 * What a streamed source tells the checks, gathered row by row (reconcileStream.ts): the same
 * findings as `checkSource`, without the rows.
 */
export interface SourceFacts {
  readonly sheet: string;
  readonly role: "books" | "statement";
  readonly header: HeaderMatch;
  /** Records whose quantity cell is text (hosts with typed cells only). */
  readonly textQuantityRows: CountedRows;
  /** Books records without a readable price (when there is a price column). */
  readonly missingPriceRows: CountedRows;
  /** Blank rows between the header and the last data row. */
  readonly blankRows: CountedRows;
  nonZeroQuantities: number;
  positiveQuantities: number;
  /** The first SPLITS_SHOWN split positions by first row, of `splitCount`. */
  splits: readonly SplitPosition[];
  splitCount: number;
  asOfFound: readonly IsoDate[];
}

/** The issues of `checkSource`, in its order, from a streamed source's facts. */
export function checkIssuesFromFacts(
  facts: SourceFacts,
  duplicates: readonly Issue[],
  gaps: readonly Issue[],
  asOf: IsoDate,
): Issue[] {
  const { sheet, header } = facts;
  return [
    ...duplicates,
    ...splitKeysIssues(sheet, facts.splits, facts.splitCount),
    ...(header.columns.quantity === undefined
      ? []
      : numbersStoredAsTextIssues(sheet, header.columns.quantity, facts.textQuantityRows)),
    ...allNegativeIssues(sheet, header, facts.nonZeroQuantities, facts.positiveQuantities),
    ...(header.columns.price === undefined || facts.role !== "books"
      ? []
      : missingPricesIssues(sheet, header.columns.price, facts.missingPriceRows)),
    ...gaps,
    ...blankRowsIssues(sheet, facts.blankRows),
    ...(facts.role === "statement" ? statementDateIssues(sheet, facts.asOfFound, asOf) : []),
  ];
}
