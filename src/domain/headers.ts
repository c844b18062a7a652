/**
 * Finding the header row of a position sheet and which column holds which field. Statements often
 * carry title rows above the header ("DTC Participant Position Statement", "As of 10/30/2026"),
 * so the header is the first row within the top rows that names a security id and a quantity.
 */
import type { Issue } from "./issues";
import { columnLetter, isBlank, type SheetSnapshot } from "./sheet";

export type PositionField =
  "securityId" | "quantity" | "location" | "contra" | "description" | "asOf" | "account" | "price";

/** Header synonyms, compared after lower-casing and turning punctuation into spaces. */
export const FIELD_SYNONYMS: Readonly<Record<PositionField, readonly string[]>> = {
  securityId: [
    "cusip",
    "security id",
    "sec id",
    "security identifier",
    "isin",
    "sedol",
    "symbol",
    "ticker",
    "identifier",
    "security",
    "cusip isin",
    "instrument id",
    "investment id",
    "cusip number",
  ],
  quantity: [
    "quantity",
    "qty",
    "position",
    "shares",
    "par",
    "face",
    "principal",
    "par amount",
    "face amount",
    "principal amount",
    "settled quantity",
    "position quantity",
    "units",
    "quantity par",
    "settled position",
    "share quantity",
    "total quantity",
    "current face",
    "original face",
  ],
  location: ["location", "loc", "location code", "books location", "box", "box location"],
  contra: [
    "contra",
    "contra organization",
    "contra org",
    "contra party",
    "counterparty",
    "depository",
    "custodian",
    "clearing organization",
    "clearing corporation",
    "clearing org",
    "contra organisation",
  ],
  description: [
    "description",
    "security description",
    "security name",
    "name",
    "issue",
    "desc",
    "issue description",
  ],
  asOf: ["as of", "as of date", "asof", "statement date", "position date", "report date", "date"],
  account: [
    "account",
    "participant",
    "participant account",
    "participant number",
    "safekeeping account",
    "account number",
  ],
  price: ["price", "market price", "unit price", "close price", "closing price", "mkt price", "px"],
};

export function normaliseHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

export interface HeaderMatch<F extends string = PositionField> {
  /** 1-based sheet row of the header. */
  readonly headerRow: number;
  /** 1-based column of each field found. */
  readonly columns: Readonly<Partial<Record<F, number>>>;
  /** Header text as written, by 1-based column. */
  readonly headers: ReadonlyMap<number, string>;
  /** Fields named by more than one column: the first column wins, the others are reported. */
  readonly duplicates: readonly { field: F; column: number; header: string }[];
}

/** The fields a kind of sheet has, the words that name them, and which must be present. */
export interface HeaderSchema<F extends string> {
  readonly synonyms: Readonly<Record<F, readonly string[]>>;
  readonly required: readonly F[];
}

/** How many rows from the top may be titles above the header. */
export const HEADER_SEARCH_ROWS = 30;

const synonymIndexes = new WeakMap<object, ReadonlyMap<string, string>>();

function synonymIndex<F extends string>(schema: HeaderSchema<F>): ReadonlyMap<string, F> {
  let index = synonymIndexes.get(schema.synonyms);
  if (index === undefined) {
    index = new Map(
      (Object.entries(schema.synonyms) as [F, readonly string[]][]).flatMap(([field, names]) =>
        names.map((name) => [normaliseHeader(name), field] as const),
      ),
    );
    synonymIndexes.set(schema.synonyms, index);
  }
  return index as ReadonlyMap<string, F>;
}

export function matchHeaderRow<F extends string>(
  schema: HeaderSchema<F>,
  cells: readonly unknown[],
  rowNumber: number,
): HeaderMatch<F> {
  const bySynonym = synonymIndex(schema);
  const columns: Partial<Record<F, number>> = {};
  const headers = new Map<number, string>();
  const duplicates: { field: F; column: number; header: string }[] = [];
  cells.forEach((cell, index) => {
    if (typeof cell !== "string" || cell.trim() === "") return;
    const column = index + 1;
    headers.set(column, cell.trim());
    const field = bySynonym.get(normaliseHeader(cell));
    if (field === undefined) return;
    if (columns[field] === undefined) columns[field] = column;
    else duplicates.push({ field, column, header: cell.trim() });
  });
  return { headerRow: rowNumber, columns, headers, duplicates };
}

/** The header row: the first of the top rows naming every required field. */
export function findHeaderRow<F extends string>(
  sheet: SheetSnapshot,
  schema: HeaderSchema<F>,
): HeaderMatch<F> | null {
  const limit = Math.min(sheet.rows.length, HEADER_SEARCH_ROWS);
  for (let index = 0; index < limit; index++) {
    const row = sheet.rows[index] ?? [];
    if (row.every((cell) => isBlank(cell))) continue;
    const match = matchHeaderRow(schema, row, index + 1);
    if (schema.required.every((field) => match.columns[field] !== undefined)) return match;
  }
  return null;
}

/** The best partial header (most fields named), to explain what is missing when none is complete. */
export function findPartialHeaderRow<F extends string>(
  sheet: SheetSnapshot,
  schema: HeaderSchema<F>,
): HeaderMatch<F> | null {
  let best: HeaderMatch<F> | null = null;
  const limit = Math.min(sheet.rows.length, HEADER_SEARCH_ROWS);
  for (let index = 0; index < limit; index++) {
    const match = matchHeaderRow(schema, sheet.rows[index] ?? [], index + 1);
    const count = Object.keys(match.columns).length;
    if (count > 0 && (best === null || count > Object.keys(best.columns).length)) best = match;
  }
  return best;
}

export const POSITION_SCHEMA: HeaderSchema<PositionField> = {
  synonyms: FIELD_SYNONYMS,
  required: ["securityId", "quantity"],
};

/** The header row of a position sheet: the first of the top rows naming a security id and a quantity. */
export function findHeader(sheet: SheetSnapshot): HeaderMatch | null {
  return findHeaderRow(sheet, POSITION_SCHEMA);
}

export function findPartialHeader(sheet: SheetSnapshot): HeaderMatch | null {
  return findPartialHeaderRow(sheet, POSITION_SCHEMA);
}

export function describeColumn<F extends string>(match: HeaderMatch<F>, field: F): string {
  const column = match.columns[field];
  return column === undefined
    ? "(none)"
    : `${columnLetter(column)} "${match.headers.get(column) ?? ""}"`;
}

/** Where a register's header row is, or why the sheet cannot be read (empty, or no header). */
export type LocatedHeader<F extends string> =
  | { readonly found: true; readonly header: HeaderMatch<F> }
  | { readonly found: false; readonly issue: Issue; readonly partial: HeaderMatch<F> | null };

/**
 * The first steps every register parser takes: an empty sheet is `emptyIssue`; a sheet without
 * a complete header gets the issue `missingHeader` writes from the best partial header.
 */
export function locateHeader<F extends string>(
  sheet: SheetSnapshot,
  schema: HeaderSchema<F>,
  emptyIssue: Issue,
  missingHeader: (partial: HeaderMatch<F> | null) => Issue,
): LocatedHeader<F> {
  if (sheet.rows.every((row) => row.every((cell) => isBlank(cell)))) {
    return { found: false, issue: emptyIssue, partial: null };
  }
  const header = findHeaderRow(sheet, schema);
  if (header !== null) return { found: true, header };
  const partial = findPartialHeaderRow(sheet, schema);
  return { found: false, issue: missingHeader(partial), partial };
}
