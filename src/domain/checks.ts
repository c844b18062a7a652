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
  const head = rows.slice(0, shown).join(", ");
  return rows.length > shown ? `${head}, … (${rows.length} rows)` : head;
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
    issues.push({
      code: "row_is_an_exact_duplicate",
      severity: "warning",
      where: { sheet: context.sheet.name, row: index + 1 },
      message: `Row ${index + 1} repeats row ${first} exactly; both are counted.`,
      hint: "If the source lists the same position twice by mistake, delete one of the rows and run again.",
    });
  }
  return issues;
}

export function splitKeys(context: CheckContext): Issue[] {
  const byKey = new Map<string, number[]>();
  for (const record of context.parsed.records) {
    const key = `${record.securityId} at ${record.contra}`;
    byKey.set(key, [...(byKey.get(key) ?? []), record.source.row]);
  }
  const split = [...byKey].filter(([, rows]) => rows.length > 1);
  if (split.length === 0) return [];
  const shown = split.slice(0, 5).map(([key, rows]) => `${key} rows ${listRows(rows, 4)}`);
  const more = split.length > 5 ? `; and ${split.length - 5} more` : "";
  return [
    {
      code: "position_is_split_over_rows",
      severity: "info",
      where: { sheet: context.sheet.name, row: split[0]![1][0]! },
      message: `${split.length} position${split.length === 1 ? " is" : "s are"} split over several rows (${shown.join("; ")}${more}); the quantities of each are added together.`,
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
  if (rows.length === 0) return [];
  return [
    {
      code: "number_is_stored_as_text",
      severity: "info",
      where: { sheet: context.sheet.name, row: rows[0]!, column: columnLetter(column) },
      message: `${rows.length} quantit${rows.length === 1 ? "y is" : "ies are"} stored as text (row${rows.length === 1 ? "" : "s"} ${listRows(rows)}); read exactly as written.`,
      hint: "Nothing to do; convert the column to numbers in Excel if other formulas need them.",
    },
  ];
}

export function allQuantitiesNegative(context: CheckContext): Issue[] {
  const quantities = context.parsed.records.map((r) => r.quantity).filter((q) => !isZero(q));
  if (quantities.length < 2 || quantities.some((q) => sign(q) > 0)) return [];
  return [
    {
      code: "quantities_are_all_negative",
      severity: "warning",
      where: { sheet: context.sheet.name, column: columnLetter(context.header.columns.quantity!) },
      message: `Every quantity in ${context.sheet.name} is negative (${quantities.length} rows); the source probably writes holdings with a minus sign.`,
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
  if (rows.length === 0) return [];
  return [
    {
      code: "price_is_missing",
      severity: "warning",
      where: { sheet: context.sheet.name, row: rows[0]!, column: columnLetter(column) },
      message: `${rows.length} position${rows.length === 1 ? " has" : "s have"} no price (${rowsPhrase(rows)}), so ${rows.length === 1 ? "its difference" : "their differences"} cannot be valued.`,
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
      if (!looksLikeTotal) {
        issues.push({
          code: "rows_follow_a_blank_gap",
          severity: "warning",
          where: { sheet: context.sheet.name, row: index + 1 },
          message: `Row ${index + 1} follows blank row${index + 1 - gapStart > 1 ? "s" : ""} ${gapStart}${index - gapStart > 0 ? `–${index}` : ""}; rows after a gap are often notes or a second report.`,
          hint: "Check that the rows after the gap are positions of this source; move anything else to another sheet.",
        });
      }
      gapStart = null;
    }
    sawData = true;
  }
  return issues;
}

export function statementDateMatchesAsOf(context: CheckContext): Issue[] {
  if (context.parsed.role !== "statement") return [];
  const other = context.parsed.asOfFound.filter((date) => date !== context.asOf);
  if (other.length === 0) return [];
  return [
    {
      code: "statement_date_must_match_as_of",
      severity: "warning",
      where: { sheet: context.sheet.name },
      message: `${context.sheet.name} is dated ${other.join(", ")}, but the reconciliation is as of ${context.asOf}.`,
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
  if (rows.length === 0) return [];
  return [
    {
      code: "blank_rows_are_skipped",
      severity: "info",
      where: { sheet: context.sheet.name, row: rows[0]! },
      message: `${rows.length} blank row${rows.length === 1 ? " is" : "s are"} skipped (row${rows.length === 1 ? "" : "s"} ${listRows(rows)}).`,
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
