/**
 * FINRA Rule 4523(c) suspense items and their age (REFERENCE.md §§3–5).
 *
 * The register (`Suspense Items`) lists every money or securities item whose final disposition is
 * pending, with the known facts about it. This module reads that register into records plus
 * issues, ages each item open as of a date, and proposes money breaks for transfer to suspense.
 *
 * Sign convention. An item's amount is kept signed as the GL writes it, DEBIT POSITIVE and CREDIT
 * NEGATIVE; its quantity is signed as the stock record writes it, LONG POSITIVE and SHORT NEGATIVE.
 * A "Debit/Credit" or "Long/Short" column, when the register has one and the cell is filled, says
 * the side in words and the cell's number is read as a magnitude (a negative number with the word
 * of the other side is an error). The words Debit/Credit and Long/Short are what people see.
 *
 * SEA 15c3-3a item 8 counts "short securities and credits in all suspense accounts over 30
 * calendar days", not offset by longs or debits: so an item's credit amount and its short
 * quantity count in item 8 once it is over 30 calendar days old, whatever else it holds, and
 * debits and longs never reduce them. Quantities are reported as quantities (valuing them needs
 * prices, which the register does not carry).
 */
import { rowsPhrase } from "./checks";
import {
  abs,
  add,
  formatGrouped,
  formatGroupedFixed,
  negate,
  sign,
  ZERO,
  type Decimal,
} from "./decimal";
import type { BusinessCalendar } from "./differenceLedger";
import { locateHeader, type HeaderMatch, type HeaderSchema } from "./headers";
import { epochDay, type IsoDate } from "./isoDate";
import type { Issue, Severity } from "./issues";
import type { MoneyBreak, MoneyBreakKind } from "./money";
import type { SourceRef } from "./positions";
import { columnLetter, isBlank, type CellValue, type Row, type SheetSnapshot } from "./sheet";
import { parseDateCell, parseQuantity, type Problem } from "./values";

// ---- types of suspense item -----------------------------------------------------------------

/** The 4523(c) examples, plus `other` for anything the firm keeps in suspense besides them. */
export type SuspenseType =
  | "dk_fail"
  | "unidentified_fail"
  | "unallocable_receipt_versus_payment"
  | "returned_delivery"
  | "doubtful_ownership"
  | "doubtful_collectibility"
  | "doubtful_deliverability"
  | "other";

export const SUSPENSE_TYPES: readonly SuspenseType[] = [
  "dk_fail",
  "unidentified_fail",
  "unallocable_receipt_versus_payment",
  "returned_delivery",
  "doubtful_ownership",
  "doubtful_collectibility",
  "doubtful_deliverability",
  "other",
];

export const SUSPENSE_TYPE_LABELS: Readonly<Record<SuspenseType, string>> = {
  dk_fail: "DK fail",
  unidentified_fail: "Unidentified fail",
  unallocable_receipt_versus_payment: "Unallocable receipt versus payment",
  returned_delivery: "Returned delivery",
  doubtful_ownership: "Doubtful ownership",
  doubtful_collectibility: "Doubtful collectibility",
  doubtful_deliverability: "Doubtful deliverability",
  other: "Other",
};

/**
 * The words people write for each type, compared after `normaliseWords` (so "Don't know",
 * "DON'T KNOW" and "dont-know" are one). The word "suspense" is dropped first, so "DK suspense"
 * and "Suspense - returned delivery" are understood too.
 */
export const SUSPENSE_TYPE_WORDS: Readonly<Record<SuspenseType, readonly string[]>> = {
  dk_fail: [
    "dk",
    "dk fail",
    "dk fails",
    "dkd",
    "dkd fail",
    "dkd trade",
    "dk trade",
    "dk receive",
    "dk deliver",
    "dk fail to receive",
    "dk fail to deliver",
    "dont know",
    "dont know fail",
    "do not know",
  ],
  unidentified_fail: [
    "unidentified fail",
    "unidentified fails",
    "unidentified",
    "unidentified fail to receive",
    "unidentified fail to deliver",
    "unknown fail",
    "unmatched fail",
    "fail unidentified",
  ],
  unallocable_receipt_versus_payment: [
    "unallocable receipt versus payment",
    "unallocable receipts versus payment",
    "unallocable receipt vs payment",
    "unallocable receipt v payment",
    "unallocable receipt",
    "unallocable receipts",
    "unallocated receipt",
    "unallocated receipts",
    "unallocable rvp",
    "unallocated rvp",
    "rvp unallocable",
    "unallocable",
    "unallocated",
    "receipt versus payment",
    "rvp",
  ],
  returned_delivery: [
    "returned delivery",
    "returned deliveries",
    "return delivery",
    "returned",
    "delivery returned",
    "reclaim",
    "reclaimed delivery",
    "reclamation",
  ],
  doubtful_ownership: [
    "doubtful ownership",
    "ownership doubtful",
    "ownership in doubt",
    "ownership",
    "disputed ownership",
    "questionable ownership",
  ],
  doubtful_collectibility: [
    "doubtful collectibility",
    "doubtful collectability",
    "collectibility doubtful",
    "collectibility",
    "collectability",
    "doubtful collection",
    "doubtful receivable",
    "uncollectible",
    "uncollectable",
  ],
  doubtful_deliverability: [
    "doubtful deliverability",
    "deliverability doubtful",
    "deliverability",
    "doubtful delivery",
    "undeliverable",
    "not deliverable",
  ],
  other: ["other", "misc", "miscellaneous", "general"],
};

/** Lower case, apostrophes dropped ("don't" → "dont"), anything else not a letter or digit a space. */
export function normaliseWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/['\u2019]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

function wordIndex<T extends string>(
  words: Readonly<Record<T, readonly string[]>>,
): Map<string, T> {
  return new Map(
    (Object.entries(words) as [T, readonly string[]][]).flatMap(([value, list]) =>
      list.map((word) => [normaliseWords(word), value] as const),
    ),
  );
}

const TYPE_BY_WORD = wordIndex(SUSPENSE_TYPE_WORDS);
for (const type of SUSPENSE_TYPES) TYPE_BY_WORD.set(normaliseWords(type), type);

/** The type a cell names, or null when its words are not known. */
export function suspenseTypeOf(text: string): SuspenseType | null {
  const words = normaliseWords(text)
    .split(" ")
    .filter((word) => word !== "suspense")
    .join(" ");
  return TYPE_BY_WORD.get(words) ?? null;
}

// ---- the register's columns ------------------------------------------------------------------

export type SuspenseField =
  | "itemId"
  | "glAccount"
  | "type"
  | "openedOn"
  | "amount"
  | "debitCredit"
  | "quantity"
  | "longShort"
  | "currency"
  | "securityId"
  | "description"
  | "knownFacts"
  | "owner"
  | "lastResearchNoteOn"
  | "status"
  | "resolvedOn";

export const SUSPENSE_FIELD_SYNONYMS: Readonly<Record<SuspenseField, readonly string[]>> = {
  itemId: [
    "item id",
    "item",
    "item no",
    "item number",
    "item ref",
    "suspense id",
    "suspense item",
    "suspense item id",
    "suspense ref",
    "reference",
    "ref",
    "id",
  ],
  glAccount: [
    "gl account",
    "gl account number",
    "gl account no",
    "gl acct",
    "gl",
    "suspense account",
    "account",
    "account number",
    "ledger account",
  ],
  type: ["type", "item type", "suspense type", "category", "reason", "reason code"],
  openedOn: [
    "opened on",
    "date opened",
    "opened",
    "open date",
    "opened date",
    "posted on",
    "posting date",
    "date posted",
    "entry date",
    "date",
  ],
  amount: ["amount", "money amount", "cash amount", "money", "net amount", "amount usd"],
  debitCredit: ["debit credit", "debit or credit", "dr cr", "d c", "dr or cr"],
  quantity: ["quantity", "qty", "shares", "par", "face", "units", "securities quantity"],
  longShort: ["long short", "long or short", "l s", "position side"],
  currency: ["currency", "ccy", "cur", "curr", "currency code"],
  securityId: ["security id", "cusip", "isin", "sedol", "symbol", "security", "sec id"],
  description: ["description", "desc", "security description", "item description"],
  knownFacts: ["known facts", "facts", "details", "research", "notes", "comments", "narrative"],
  owner: ["owner", "assigned to", "researcher", "responsible", "responsible person", "analyst"],
  lastResearchNoteOn: [
    "last research note on",
    "last research note",
    "last research note date",
    "last research date",
    "last researched",
    "last researched on",
    "last note",
    "last note on",
    "last note date",
    "research note date",
  ],
  status: ["status", "state", "item status"],
  // "Resolved" alone is left out: registers use it for a Yes/No column as often as for a date.
  resolvedOn: [
    "resolved on",
    "date resolved",
    "resolution date",
    "closed on",
    "date closed",
    "cleared on",
  ],
};

/** Amount and quantity are both optional columns, but a register needs one of them (checked apart). */
export const SUSPENSE_SCHEMA: HeaderSchema<SuspenseField> = {
  synonyms: SUSPENSE_FIELD_SYNONYMS,
  required: ["itemId", "glAccount", "type", "openedOn"],
};

export const SUSPENSE_ITEMS_SHEET = "Suspense Items";

const FIELD_WORDS: Readonly<Record<SuspenseField, string>> = {
  itemId: "item id",
  glAccount: "GL account",
  type: "type",
  openedOn: "opened date",
  amount: "amount",
  debitCredit: "debit/credit",
  quantity: "quantity",
  longShort: "long/short",
  currency: "currency",
  securityId: "security id",
  description: "description",
  knownFacts: "known facts",
  owner: "owner",
  lastResearchNoteOn: "last research note date",
  status: "status",
  resolvedOn: "resolved date",
};

// ---- records -------------------------------------------------------------------------------

export type SuspenseStatus = "open" | "resolved";

export interface SuspenseItem {
  /** As written; "" when the row has none (reported, and still aged so nothing drops out). */
  readonly itemId: string;
  readonly glAccount: string;
  readonly type: SuspenseType;
  /** The date the item went into suspense: its age counts from here (REFERENCE.md §5). */
  readonly openedOn: IsoDate;
  /** Debit positive, credit negative; null when the row has no readable amount. */
  readonly amount: Decimal | null;
  /** Long positive, short negative; null when the row has no readable quantity. */
  readonly quantity: Decimal | null;
  /** ISO 4217 code of the amount; totals never add one currency to another. */
  readonly currency: string;
  readonly securityId: string;
  readonly description: string;
  readonly knownFacts: string;
  readonly owner: string;
  readonly lastResearchNoteOn: IsoDate | null;
  readonly status: SuspenseStatus;
  readonly resolvedOn: IsoDate | null;
  readonly source: SourceRef;
  /** Column letters of the register's fields, so issues about the item can point at a cell. */
  readonly columns: Readonly<Partial<Record<SuspenseField, string>>>;
}

export interface ParsedSuspenseSheet {
  readonly sheet: string;
  readonly header: HeaderMatch<SuspenseField> | null;
  readonly records: readonly SuspenseItem[];
  readonly issues: readonly Issue[];
  /** False when the sheet cannot be read as a register at all (no header, no amount column…). */
  readonly usable: boolean;
}

export interface SuspenseParseOptions {
  /** The currency of rows that name none; "USD" when not given. */
  readonly defaultCurrency?: string;
}

const CURRENCY_CODE = /^[A-Z]{3}$/;

function cellText(cell: CellValue | undefined): string {
  return cell === null || cell === undefined ? "" : String(cell).trim();
}

function show(cell: CellValue): string {
  const text = String(cell).trim();
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

export function parseSuspenseItems(
  sheet: SheetSnapshot,
  options: SuspenseParseOptions = {},
): ParsedSuspenseSheet {
  const defaultCurrency = (options.defaultCurrency ?? "USD").trim().toUpperCase();
  if (!CURRENCY_CODE.test(defaultCurrency)) {
    throw new RangeError(`defaultCurrency must be a three-letter code, got "${defaultCurrency}"`);
  }
  const unusable = (issue: Issue, header: HeaderMatch<SuspenseField> | null = null) => ({
    sheet: sheet.name,
    header,
    records: [],
    issues: [issue],
    usable: false,
  });
  const located = locateHeader(
    sheet,
    SUSPENSE_SCHEMA,
    {
      code: "sheet_must_have_rows",
      severity: "error",
      where: { sheet: sheet.name },
      message: `The sheet ${sheet.name} is empty.`,
      hint: "Paste the suspense register into it (item id, GL account, type, opened date, amount or quantity), or choose another sheet.",
    },
    (partial) => missingHeaderIssue(sheet.name, partial),
  );
  if (!located.found) return unusable(located.issue, located.partial);
  const header = located.header;
  if (header.columns.amount === undefined && header.columns.quantity === undefined) {
    return unusable(
      {
        code: "suspense_amount_or_quantity_column_is_required",
        severity: "error",
        where: { sheet: sheet.name, row: header.headerRow },
        message: `The header in row ${header.headerRow} names no amount column and no quantity column, so no item has a value.`,
        hint: 'Add an "Amount" column for money items, a "Quantity" column for securities items, or both.',
      },
      header,
    );
  }
  return parseRows(sheet, header, defaultCurrency);
}

function missingHeaderIssue(sheetName: string, partial: HeaderMatch<SuspenseField> | null): Issue {
  const missing = SUSPENSE_SCHEMA.required
    .filter((field) => partial?.columns[field] === undefined)
    .map((field) => FIELD_WORDS[field]);
  return {
    code: "header_row_is_required",
    severity: "error",
    where: { sheet: sheetName, ...(partial ? { row: partial.headerRow } : {}) },
    message:
      partial === null
        ? "No header row naming an item id, GL account, type and opened date was found in the first rows."
        : `The best header, row ${partial.headerRow}, lacks a column for: ${missing.join(", ")}.`,
    hint: 'Head the register\'s columns "Item ID", "GL Account", "Type", "Opened On" and "Amount" or "Quantity".',
  };
}

function duplicateColumnIssues(sheetName: string, header: HeaderMatch<SuspenseField>): Issue[] {
  return header.duplicates.map((duplicate) => {
    const first = header.columns[duplicate.field]!;
    return {
      code: "column_is_named_twice",
      severity: "warning" as const,
      where: { sheet: sheetName, row: header.headerRow, column: columnLetter(duplicate.column) },
      message: `"${duplicate.header}" is a second ${FIELD_WORDS[duplicate.field]} column; the first one, ${columnLetter(first)} "${header.headers.get(first) ?? ""}", is used.`,
      hint: "Rename or delete the column that should not be used.",
    };
  });
}

function parseRows(
  sheet: SheetSnapshot,
  header: HeaderMatch<SuspenseField>,
  defaultCurrency: string,
): ParsedSuspenseSheet {
  const columns: Partial<Record<SuspenseField, string>> = {};
  for (const [field, column] of Object.entries(header.columns) as [SuspenseField, number][]) {
    columns[field] = columnLetter(column);
  }
  const context: RowContext = { sheetName: sheet.name, header, columns, defaultCurrency };
  const issues: Issue[] = duplicateColumnIssues(sheet.name, header);
  const records: SuspenseItem[] = [];
  for (let index = header.headerRow; index < sheet.rows.length; index++) {
    const row = sheet.rows[index] ?? [];
    if (row.every((cell) => isBlank(cell))) continue;
    const result = parseRow(context, index + 1, row);
    issues.push(...result.issues);
    if (result.record !== null) records.push(result.record);
  }
  issues.push(...duplicateIdIssues(sheet.name, records));
  return { sheet: sheet.name, header, records, issues, usable: true };
}

// ---- one row ---------------------------------------------------------------------------------

interface RowContext {
  readonly sheetName: string;
  readonly header: HeaderMatch<SuspenseField>;
  readonly columns: Readonly<Partial<Record<SuspenseField, string>>>;
  readonly defaultCurrency: string;
}

type CellAt = (field: SuspenseField) => { cell: CellValue; column: string } | null;
type Report = (problem: Problem, column: string, severity?: Severity) => void;

/** "Total", "Totals:", "Grand total", "Subtotal USD"; not an id that starts so ("TOTAL-001"). */
const TOTAL_WORD = /^(sub|grand\s*)?totals?(:|\s|$)/i;

/**
 * A total row is not an item: its item id says "Total", or id, GL account and type are all blank
 * and some cell says "Total". A row with any of those filled is an item, however it is worded.
 */
function isTotalRow(row: Row, at: CellAt): boolean {
  const itemId = at("itemId")!.cell;
  if (typeof itemId === "string" && TOTAL_WORD.test(itemId.trim())) return true;
  const named = (["itemId", "glAccount", "type"] as const).some((f) => !isBlank(at(f)?.cell));
  return !named && row.some((cell) => typeof cell === "string" && TOTAL_WORD.test(cell.trim()));
}

function parseRow(
  context: RowContext,
  rowNumber: number,
  row: Row,
): { record: SuspenseItem | null; issues: Issue[] } {
  const issues: Issue[] = [];
  const at: CellAt = (field) => {
    const column = context.header.columns[field];
    return column === undefined
      ? null
      : { cell: row[column - 1] ?? null, column: columnLetter(column) };
  };
  const report: Report = (problem, column, severity = "error") => {
    issues.push({
      ...problem,
      severity,
      where: { sheet: context.sheetName, row: rowNumber, column },
    });
  };
  const itemIdCell = at("itemId")!;
  if (isTotalRow(row, at)) {
    report(
      {
        code: "total_row_is_not_a_suspense_item",
        message: `Row ${rowNumber} looks like a total ("${show(firstText(row))}"), not a suspense item; it is not aged.`,
        hint: "Nothing to do if it is a total; StockRec computes its own totals in Suspense Buckets.",
      },
      itemIdCell.column,
      "info",
    );
    return { record: null, issues };
  }
  const itemId = readRequiredText(at, report, "itemId", rowNumber);
  const glAccount = readRequiredText(at, report, "glAccount", rowNumber);
  const type = readType(at, report);
  const openedOn = readOpenedOn(at, report);
  const amount = readSigned(at, report, "amount", rowNumber);
  const quantity = readSigned(at, report, "quantity", rowNumber);
  requireSomeValue(at, report, rowNumber, context);
  const { status, resolvedOn } = readStatus(at, report, rowNumber);
  const lastNote = readLastResearchNoteOn(at, report);
  if (openedOn === null) return { record: null, issues };
  const record: SuspenseItem = {
    itemId,
    glAccount,
    type,
    openedOn,
    amount,
    quantity,
    currency: readCurrency(at, report, context.defaultCurrency),
    securityId: cellText(at("securityId")?.cell),
    description: cellText(at("description")?.cell),
    knownFacts: cellText(at("knownFacts")?.cell),
    owner: cellText(at("owner")?.cell),
    lastResearchNoteOn: lastNote,
    status,
    resolvedOn,
    source: { sheet: context.sheetName, row: rowNumber },
    columns: context.columns,
  };
  return { record, issues };
}

function firstText(row: Row): CellValue {
  return row.find((cell) => typeof cell === "string" && cell.trim() !== "") ?? "";
}

/** The item id or GL account: a blank one is reported, and the item is still aged. */
function readRequiredText(
  at: CellAt,
  report: Report,
  field: "itemId" | "glAccount",
  rowNumber: number,
): string {
  const found = at(field)!;
  const text = cellText(found.cell);
  if (text !== "") return text;
  report(
    field === "itemId"
      ? {
          code: "suspense_item_id_is_required",
          message: `Row ${rowNumber} has no item id; it is aged under its row number until it has one.`,
          hint: "Give every suspense item an id, so its research and resolution can be traced to it.",
        }
      : {
          code: "suspense_gl_account_is_required",
          message: `Row ${rowNumber} names no GL account, so the item cannot be tied to a suspense account or its owner.`,
          hint: 'Enter the suspense GL account that holds the item (FINRA Rule 4523(c) wants "suspense" in its title).',
        },
    found.column,
  );
  return "";
}

/** An unknown or blank type is reported and aged as Other, so the item still counts. */
const KNOWN_TYPES_PHRASE = [
  "DK fail",
  "unidentified fail",
  "unallocable receipt versus payment",
  "returned delivery",
  "doubtful ownership, collectibility or deliverability",
  "other",
].join(", ");

function readType(at: CellAt, report: Report): SuspenseType {
  const found = at("type")!;
  const text = cellText(found.cell);
  const known = KNOWN_TYPES_PHRASE;
  if (text === "") {
    report(
      {
        code: "suspense_type_is_required",
        message: "The item has no type; it is aged as Other.",
        hint: `Enter the type of item (${known}).`,
      },
      found.column,
    );
    return "other";
  }
  const type = suspenseTypeOf(text);
  if (type !== null) return type;
  report(
    {
      code: "suspense_type_must_be_known",
      message: `The type "${show(found.cell)}" is not a kind of suspense item StockRec knows; it is aged as Other.`,
      hint: `Write one of: ${known}.`,
    },
    found.column,
  );
  return "other";
}

/** The opened date; without one the item cannot be aged, so the row is reported and left out. */
function readOpenedOn(at: CellAt, report: Report): IsoDate | null {
  const found = at("openedOn")!;
  if (isBlank(found.cell)) {
    report(
      {
        code: "opened_on_is_required",
        message: "The item has no opened date, so its age is unknown and it is not aged.",
        hint: "Enter the date the item went into suspense (its posting date).",
      },
      found.column,
    );
    return null;
  }
  const date = parseDateCell(found.cell);
  if (!date.ok) {
    report(
      {
        code: "opened_on_must_be_a_date",
        message: `The opened date "${show(found.cell)}" is not a date, so the item is not aged.`,
        hint: "Enter the date the item went into suspense as YYYY-MM-DD or M/D/YYYY.",
      },
      found.column,
    );
    return null;
  }
  const year = Number(date.value.slice(0, 4));
  if (year < 1990 || year > 2100) {
    report(
      {
        code: "opened_on_must_be_within_calendar_years",
        message: `The opened date ${date.value} is outside 1990–2100, the years the business-day calendars cover, so the item is not aged.`,
        hint: "Check the year of the opened date.",
      },
      found.column,
    );
    return null;
  }
  return date.value;
}

const DEBIT_CREDIT_WORDS = wordIndex({
  debit: ["debit", "dr", "d", "db", "deb"],
  credit: ["credit", "cr", "c", "cred"],
} as const);

const LONG_SHORT_WORDS = wordIndex({
  long: ["long", "l", "lg"],
  short: ["short", "s", "sh", "shrt"],
} as const);

/**
 * The amount (debit +, credit −) or quantity (long +, short −). When the row's Debit/Credit or
 * Long/Short cell is filled, it decides the side and the number is taken as a magnitude.
 */
function readSigned(
  at: CellAt,
  report: Report,
  field: "amount" | "quantity",
  rowNumber: number,
): Decimal | null {
  const found = at(field);
  if (found === null || isBlank(found.cell)) return null;
  const parsed = parseQuantity(found.cell);
  if (!parsed.ok) {
    report(
      {
        code:
          field === "amount"
            ? "suspense_amount_must_be_a_number"
            : "suspense_quantity_must_be_a_number",
        message: `The ${field} "${show(found.cell)}" in row ${rowNumber} is not a number.`,
        hint: "Enter digits with an optional decimal point (1,234.50, (1,000) and 1,000- are understood).",
      },
      found.column,
    );
    return null;
  }
  const side = readSide(at, report, field);
  if (side === null) return parsed.value;
  const magnitude = abs(parsed.value);
  if (sign(parsed.value) < 0 && side.positive) {
    report(
      {
        code: "sign_must_match_side",
        message: `The ${field} ${formatGrouped(parsed.value)} is negative but the row says ${side.word}; it is taken as ${side.word} ${formatGrouped(magnitude)}.`,
        hint: `Write the ${field} without a sign and give its side in the ${side.header} column, or correct the side.`,
      },
      found.column,
    );
  }
  return side.positive ? magnitude : negate(magnitude);
}

function readSide(
  at: CellAt,
  report: Report,
  field: "amount" | "quantity",
): { positive: boolean; word: string; header: string } | null {
  const sideField = field === "amount" ? "debitCredit" : "longShort";
  const found = at(sideField);
  if (found === null || isBlank(found.cell)) return null;
  const words = field === "amount" ? DEBIT_CREDIT_WORDS : LONG_SHORT_WORDS;
  const header = field === "amount" ? "Debit/Credit" : "Long/Short";
  const side = words.get(normaliseWords(cellText(found.cell)));
  if (side === undefined) {
    report(
      {
        code: field === "amount" ? "debit_credit_must_be_known" : "long_short_must_be_known",
        message: `"${show(found.cell)}" is not a side of ${field === "amount" ? "an amount" : "a quantity"}; the ${field}'s own sign is used.`,
        hint:
          field === "amount"
            ? "Write Debit or Credit (Dr and Cr are understood)."
            : "Write Long or Short.",
      },
      found.column,
    );
    return null;
  }
  const word = side.charAt(0).toUpperCase() + side.slice(1);
  return { positive: side === "debit" || side === "long", word, header };
}

function requireSomeValue(
  at: CellAt,
  report: Report,
  rowNumber: number,
  context: RowContext,
): void {
  const amount = at("amount");
  const quantity = at("quantity");
  if ((amount !== null && !isBlank(amount.cell)) || (quantity !== null && !isBlank(quantity.cell)))
    return;
  report(
    {
      code: "suspense_amount_or_quantity_is_required",
      message: `Row ${rowNumber} has neither an amount nor a quantity, so the item adds nothing to the totals.`,
      hint: "Enter the money amount or the securities quantity the item holds (or both).",
    },
    amount?.column ?? quantity?.column ?? columnLetter(context.header.columns.itemId!),
  );
}

function readCurrency(at: CellAt, report: Report, defaultCurrency: string): string {
  const found = at("currency");
  if (found === null || isBlank(found.cell)) return defaultCurrency;
  const code = cellText(found.cell).toUpperCase();
  if (CURRENCY_CODE.test(code)) return code;
  report(
    {
      code: "currency_must_be_a_three_letter_code",
      message: `The currency "${show(found.cell)}" is not a three-letter ISO 4217 code; the item is totalled under it as written.`,
      hint: "Enter the ISO code of the currency (USD, EUR, GBP, JPY…).",
    },
    found.column,
  );
  return code;
}

function readLastResearchNoteOn(at: CellAt, report: Report): IsoDate | null {
  const found = at("lastResearchNoteOn");
  if (found === null || isBlank(found.cell)) return null;
  const date = parseDateCell(found.cell);
  if (date.ok) return date.value;
  report(
    {
      code: "last_research_note_on_must_be_a_date",
      message: `The last research note date "${show(found.cell)}" is not a date; the item is treated as having no note.`,
      hint: "Enter the date of the latest research note as YYYY-MM-DD or M/D/YYYY.",
    },
    found.column,
    "warning",
  );
  return null;
}

const STATUS_WORDS = wordIndex({
  open: [
    "open",
    "opened",
    "pending",
    "outstanding",
    "active",
    "unresolved",
    "new",
    "in research",
    "researching",
    "under research",
  ],
  resolved: ["resolved", "closed", "cleared", "done", "settled", "written off", "write off"],
} as const);

/**
 * Open or resolved. An unknown status word is reported and taken as open, so an item is never
 * dropped from the aging by a typo; a blank status with a resolved date is resolved.
 */
function readStatus(
  at: CellAt,
  report: Report,
  rowNumber: number,
): { status: SuspenseStatus; resolvedOn: IsoDate | null } {
  const resolvedOn = readResolvedOn(at, report);
  const found = at("status");
  if (found === null || isBlank(found.cell)) {
    return { status: resolvedOn === null ? "open" : "resolved", resolvedOn };
  }
  const status = STATUS_WORDS.get(normaliseWords(cellText(found.cell)));
  if (status === undefined) {
    report(
      {
        code: "suspense_status_must_be_known",
        message: `The status "${show(found.cell)}" is neither open nor resolved; the item is aged as open.`,
        hint: "Write Open or Resolved (Closed and Cleared are understood).",
      },
      found.column,
    );
    return { status: "open", resolvedOn };
  }
  if (status === "resolved" && resolvedOn === null) {
    report(
      {
        code: "resolved_on_is_required",
        message: `Row ${rowNumber} is resolved but has no resolved date; it is left out of every aging.`,
        hint: "Enter the date the item was resolved, so an aging as of an earlier date still shows it.",
      },
      at("resolvedOn")?.column ?? found.column,
      "warning",
    );
  }
  return { status, resolvedOn };
}

function readResolvedOn(at: CellAt, report: Report): IsoDate | null {
  const found = at("resolvedOn");
  if (found === null || isBlank(found.cell)) return null;
  const date = parseDateCell(found.cell);
  if (date.ok) return date.value;
  report(
    {
      code: "resolved_on_must_be_a_date",
      message: `The resolved date "${show(found.cell)}" is not a date.`,
      hint: "Enter the date the item was resolved as YYYY-MM-DD or M/D/YYYY, or clear it if the item is open.",
    },
    found.column,
  );
  return null;
}

/** Ids compare trimmed and case-blind; every row is kept (both are aged) and the later ones reported. */
function duplicateIdIssues(sheetName: string, records: readonly SuspenseItem[]): Issue[] {
  const rowsById = new Map<string, SuspenseItem[]>();
  for (const record of records) {
    if (record.itemId === "") continue;
    const key = record.itemId.toUpperCase();
    rowsById.set(key, [...(rowsById.get(key) ?? []), record]);
  }
  return [...rowsById.values()]
    .filter((list) => list.length > 1)
    .flatMap(([first, ...later]) =>
      later.map((record) => ({
        code: "suspense_item_id_must_be_unique",
        severity: "error" as const,
        where: {
          sheet: sheetName,
          row: record.source.row,
          ...(record.columns.itemId === undefined ? {} : { column: record.columns.itemId }),
        },
        message: `Item id "${record.itemId}" is also on row ${first!.source.row}; both rows are aged.`,
        hint: "Give each suspense item its own id; if the rows are one item entered twice, delete one.",
      })),
    );
}

// ---- aging -----------------------------------------------------------------------------------

/** 15c3-3a item 8: credits and shorts in suspense over this many calendar days. */
export const RESERVE_ITEM_8_CALENDAR_DAYS = 30;
/** Upper bounds of the default buckets: 0–7, 8–15, 16–30, 31–60, 61–90 and over 90 calendar days. */
export const DEFAULT_SUSPENSE_BUCKET_LIMITS: readonly number[] = [7, 15, 30, 60, 90];
export const DEFAULT_FIRM_THRESHOLD_CALENDAR_DAYS = 30;
export const DEFAULT_RESEARCH_NOTE_MAX_DAYS = 10;
/** Limits on the options: a year of buckets is already more than a report can show. */
const MAX_BUCKET_LIMITS = 20;
const MAX_DAYS = 36_600;

export interface SuspenseBucket {
  readonly index: number;
  /** "0–7", "8–15", …, "Over 90". */
  readonly label: string;
  /** Calendar days, inclusive. */
  readonly fromDays: number;
  /** Calendar days, inclusive; null for the last, open-ended bucket. */
  readonly toDays: number | null;
}

/**
 * Buckets from their upper bounds (calendar days, inclusive), plus one open-ended bucket over the
 * last. Bounds must be whole, at least 0 and strictly increasing; others are a programmer error
 * (the CLI and the pane check them first).
 */
export function suspenseBuckets(upperBounds: readonly number[]): SuspenseBucket[] {
  if (upperBounds.length === 0 || upperBounds.length > MAX_BUCKET_LIMITS)
    throw new RangeError(`give 1 to ${MAX_BUCKET_LIMITS} bucket limits, got ${upperBounds.length}`);
  upperBounds.forEach((bound, index) => {
    const previous = index === 0 ? -1 : upperBounds[index - 1]!;
    if (!Number.isInteger(bound) || bound <= previous || bound > MAX_DAYS)
      throw new RangeError(
        `bucket limits must be whole days rising from 0, got ${upperBounds.join(",")}`,
      );
  });
  const buckets = upperBounds.map((toDays, index) => {
    const fromDays = index === 0 ? 0 : upperBounds[index - 1]! + 1;
    const label = fromDays === toDays ? `${fromDays}` : `${fromDays}–${toDays}`;
    return { index, label, fromDays, toDays };
  });
  const last = upperBounds[upperBounds.length - 1]!;
  return [
    ...buckets,
    { index: buckets.length, label: `Over ${last}`, fromDays: last + 1, toDays: null },
  ];
}

/** The one bucket holding an age (age ≥ 0). */
export function bucketFor(
  buckets: readonly SuspenseBucket[],
  ageCalendarDays: number,
): SuspenseBucket {
  const bucket = buckets.find(
    (b) => ageCalendarDays >= b.fromDays && (b.toDays === null || ageCalendarDays <= b.toDays),
  );
  if (bucket === undefined) throw new RangeError(`no bucket holds an age of ${ageCalendarDays}`);
  return bucket;
}

export type SuspenseFlag =
  "over_30_calendar_days" | "over_firm_threshold" | "no_owner" | "no_recent_research_note";

export const SUSPENSE_FLAGS: readonly SuspenseFlag[] = [
  "over_30_calendar_days",
  "over_firm_threshold",
  "no_owner",
  "no_recent_research_note",
];

export interface AgingOptions {
  readonly asOf: IsoDate;
  readonly calendar: BusinessCalendar;
  /** Upper bounds of the buckets in calendar days; DEFAULT_SUSPENSE_BUCKET_LIMITS when absent. */
  readonly buckets?: readonly number[];
  /** Items older than this many calendar days are flagged; 30 when absent. */
  readonly firmThresholdCalendarDays?: number;
  /** Items with no research note for more than this many calendar days are flagged; 10. */
  readonly researchNoteMaxDays?: number;
}

export interface AgedSuspenseItem extends SuspenseItem {
  readonly ageCalendarDays: number;
  /** Business days d with openedOn < d ≤ asOf on the calendar. */
  readonly ageBusinessDays: number;
  readonly bucket: SuspenseBucket;
  /** Calendar days since the last research note, or since the item was opened if it has none. */
  readonly daysSinceResearchNote: number;
  readonly flags: readonly SuspenseFlag[];
  /** Over 30 calendar days and holding a credit or a short: counts in 15c3-3a item 8. */
  readonly reserveItem8: boolean;
}

/** Gross sums: a debit never offsets a credit, nor a long a short (item 8 "not offset"). */
export interface SuspenseSums {
  readonly itemCount: number;
  /** Sum of debits, as a positive number. */
  readonly debitAmount: Decimal;
  /** Sum of credits, as a positive number. */
  readonly creditAmount: Decimal;
  readonly longQuantity: Decimal;
  /** Sum of shorts, as a positive number. */
  readonly shortQuantity: Decimal;
}

export interface SuspenseBucketTotal extends SuspenseSums {
  readonly type: SuspenseType;
  readonly currency: string;
  readonly bucketIndex: number;
}

export interface SuspenseCurrencyTotal extends SuspenseSums {
  readonly currency: string;
}

export interface SuspenseItem8 {
  /** Credits of items over 30 calendar days, per currency (positive). */
  readonly credits: readonly { readonly currency: string; readonly amount: Decimal }[];
  /** Shorts of items over 30 calendar days, as a positive quantity (value them with prices). */
  readonly shortQuantity: Decimal;
  readonly itemCount: number;
}

export interface SuspenseTotals {
  readonly buckets: readonly SuspenseBucket[];
  /** One per (type, currency, bucket) holding at least one item, in type, currency, bucket order. */
  readonly cells: readonly SuspenseBucketTotal[];
  /** Per currency over all open items, summed from the items (not from the cells). */
  readonly byCurrency: readonly SuspenseCurrencyTotal[];
  readonly item8: SuspenseItem8;
}

export interface SuspenseAging {
  readonly asOf: IsoDate;
  readonly buckets: readonly SuspenseBucket[];
  readonly firmThresholdCalendarDays: number;
  readonly researchNoteMaxDays: number;
  /** Items open as of asOf, oldest first. */
  readonly items: readonly AgedSuspenseItem[];
  readonly totals: SuspenseTotals;
  /** One warning per flag of each item, plus items opened after asOf (info). */
  readonly issues: readonly Issue[];
}

function wholeDays(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_DAYS)
    throw new RangeError(
      `${name} must be a whole number of days from 0 to ${MAX_DAYS}, got ${value}`,
    );
  return value;
}

/** Open as of asOf: opened by then, and not resolved by then (a later resolution still counts). */
export function isOpenAsOf(item: SuspenseItem, asOf: IsoDate): boolean {
  if (item.openedOn > asOf) return false;
  if (item.status === "open") return true;
  return item.resolvedOn !== null && item.resolvedOn > asOf;
}

export function ageSuspense(
  records: readonly SuspenseItem[],
  options: AgingOptions,
): SuspenseAging {
  const buckets = suspenseBuckets(options.buckets ?? DEFAULT_SUSPENSE_BUCKET_LIMITS);
  const threshold = wholeDays(
    "firmThresholdCalendarDays",
    options.firmThresholdCalendarDays ?? DEFAULT_FIRM_THRESHOLD_CALENDAR_DAYS,
  );
  const noteMaxDays = wholeDays(
    "researchNoteMaxDays",
    options.researchNoteMaxDays ?? DEFAULT_RESEARCH_NOTE_MAX_DAYS,
  );
  const settings = { ...options, buckets, threshold, noteMaxDays };
  const items = records
    .filter((item) => isOpenAsOf(item, options.asOf))
    .map((item) => ageItem(item, settings))
    .sort(compareAged);
  const later = records.filter((item) => item.openedOn > options.asOf);
  const issues = [
    ...items.flatMap((item) => flagIssues(item, settings)),
    ...later.map((item) => openedAfterAsOfIssue(item, options.asOf)),
  ];
  return {
    asOf: options.asOf,
    buckets,
    firmThresholdCalendarDays: threshold,
    researchNoteMaxDays: noteMaxDays,
    items,
    totals: suspenseTotals(items, buckets),
    issues,
  };
}

interface AgingSettings extends Omit<AgingOptions, "buckets"> {
  readonly buckets: readonly SuspenseBucket[];
  readonly threshold: number;
  readonly noteMaxDays: number;
}

function isCreditOrShort(item: SuspenseItem): boolean {
  return (
    (item.amount !== null && sign(item.amount) < 0) ||
    (item.quantity !== null && sign(item.quantity) < 0)
  );
}

function ageItem(item: SuspenseItem, settings: AgingSettings): AgedSuspenseItem {
  const asOfDay = epochDay(settings.asOf);
  const ageCalendarDays = asOfDay - epochDay(item.openedOn);
  if (ageCalendarDays < 0) throw new Error(`item ${item.itemId} is aged before it was opened`);
  const ageBusinessDays = Math.max(
    0,
    settings.calendar.businessDaysBetween(item.openedOn, settings.asOf),
  );
  const noteOn = item.lastResearchNoteOn ?? item.openedOn;
  const daysSinceResearchNote = Math.max(0, asOfDay - epochDay(noteOn));
  const flags: SuspenseFlag[] = [];
  if (ageCalendarDays > RESERVE_ITEM_8_CALENDAR_DAYS) flags.push("over_30_calendar_days");
  if (ageCalendarDays > settings.threshold) flags.push("over_firm_threshold");
  if (item.owner === "") flags.push("no_owner");
  if (daysSinceResearchNote > settings.noteMaxDays) flags.push("no_recent_research_note");
  return {
    ...item,
    ageCalendarDays,
    ageBusinessDays,
    bucket: bucketFor(settings.buckets, ageCalendarDays),
    daysSinceResearchNote,
    flags,
    reserveItem8: ageCalendarDays > RESERVE_ITEM_8_CALENDAR_DAYS && isCreditOrShort(item),
  };
}

/** Oldest first; then item id and row, so the order is stable. */
function compareAged(a: AgedSuspenseItem, b: AgedSuspenseItem): number {
  if (a.ageCalendarDays !== b.ageCalendarDays) return b.ageCalendarDays - a.ageCalendarDays;
  if (a.itemId !== b.itemId) return a.itemId < b.itemId ? -1 : 1;
  if (a.source.sheet !== b.source.sheet) return a.source.sheet < b.source.sheet ? -1 : 1;
  return a.source.row - b.source.row;
}

// ---- totals ----------------------------------------------------------------------------------

interface MutableSums {
  itemCount: number;
  debitAmount: Decimal;
  creditAmount: Decimal;
  longQuantity: Decimal;
  shortQuantity: Decimal;
}

interface MutableCell extends MutableSums {
  readonly type: SuspenseType;
  readonly currency: string;
  readonly bucketIndex: number;
}

function emptySums(): MutableSums {
  return {
    itemCount: 0,
    debitAmount: ZERO,
    creditAmount: ZERO,
    longQuantity: ZERO,
    shortQuantity: ZERO,
  };
}

function addItem(sums: MutableSums, item: SuspenseItem): void {
  sums.itemCount += 1;
  if (item.amount !== null) {
    if (sign(item.amount) > 0) sums.debitAmount = add(sums.debitAmount, item.amount);
    else sums.creditAmount = add(sums.creditAmount, abs(item.amount));
  }
  if (item.quantity !== null) {
    if (sign(item.quantity) > 0) sums.longQuantity = add(sums.longQuantity, item.quantity);
    else sums.shortQuantity = add(sums.shortQuantity, abs(item.quantity));
  }
}

export function suspenseTotals(
  items: readonly AgedSuspenseItem[],
  buckets: readonly SuspenseBucket[],
): SuspenseTotals {
  const cells = new Map<string, MutableCell>();
  const byCurrency = new Map<string, MutableSums & { currency: string }>();
  const item8Credits = new Map<string, Decimal>();
  let item8Short = ZERO;
  let item8Count = 0;
  for (const item of items) {
    const key = `${SUSPENSE_TYPES.indexOf(item.type)}\u0000${item.currency}\u0000${item.bucket.index}`;
    let cell = cells.get(key);
    if (cell === undefined) {
      cell = {
        type: item.type,
        currency: item.currency,
        bucketIndex: item.bucket.index,
        ...emptySums(),
      };
      cells.set(key, cell);
    }
    addItem(cell, item);
    let total = byCurrency.get(item.currency);
    if (total === undefined) {
      total = { currency: item.currency, ...emptySums() };
      byCurrency.set(item.currency, total);
    }
    addItem(total, item);
    if (!item.reserveItem8) continue;
    item8Count += 1;
    if (item.amount !== null && sign(item.amount) < 0)
      item8Credits.set(
        item.currency,
        add(item8Credits.get(item.currency) ?? ZERO, abs(item.amount)),
      );
    if (item.quantity !== null && sign(item.quantity) < 0)
      item8Short = add(item8Short, abs(item.quantity));
  }
  return {
    buckets,
    cells: [...cells.values()].sort(compareCells),
    byCurrency: [...byCurrency.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1)),
    item8: {
      credits: [...item8Credits]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([currency, amount]) => ({ currency, amount })),
      shortQuantity: item8Short,
      itemCount: item8Count,
    },
  };
}

function compareCells(a: SuspenseBucketTotal, b: SuspenseBucketTotal): number {
  const byType = SUSPENSE_TYPES.indexOf(a.type) - SUSPENSE_TYPES.indexOf(b.type);
  if (byType !== 0) return byType;
  if (a.currency !== b.currency) return a.currency < b.currency ? -1 : 1;
  return a.bucketIndex - b.bucketIndex;
}

// ---- flags as issues -------------------------------------------------------------------------

/** "S-104 (DK fail, GL 2900)", or "row 7 (…)" for an item without an id. */
function itemName(item: SuspenseItem): string {
  const id = item.itemId === "" ? `on row ${item.source.row}` : item.itemId;
  const gl = item.glAccount === "" ? "" : `, GL ${item.glAccount}`;
  return `${id} (${SUSPENSE_TYPE_LABELS[item.type]}${gl})`;
}

/** "a credit of 1,250.00 USD and a short of 300": what the item holds, in words. */
export function holdingsPhrase(item: SuspenseItem): string {
  const parts: string[] = [];
  if (item.amount !== null) {
    const side = sign(item.amount) < 0 ? "credit" : "debit";
    parts.push(`a ${side} of ${formatGroupedFixed(abs(item.amount), 2)} ${item.currency}`);
  }
  if (item.quantity !== null) {
    const side = sign(item.quantity) < 0 ? "short" : "long";
    parts.push(`a ${side} of ${formatGrouped(abs(item.quantity))}`);
  }
  return parts.length === 0 ? "no amount or quantity" : parts.join(" and ");
}

function flagWhere(item: SuspenseItem, field: SuspenseField) {
  const column = item.columns[field];
  return {
    sheet: item.source.sheet,
    row: item.source.row,
    ...(column === undefined ? {} : { column }),
  };
}

function flagIssues(item: AgedSuspenseItem, settings: AgingSettings): Issue[] {
  return item.flags.map((flag) => FLAG_ISSUES[flag](item, settings));
}

const FLAG_ISSUES: Readonly<
  Record<SuspenseFlag, (item: AgedSuspenseItem, settings: AgingSettings) => Issue>
> = {
  over_30_calendar_days: (item) => ({
    code: "suspense_item_over_30_calendar_days",
    severity: "warning",
    where: flagWhere(item, "openedOn"),
    message: item.reserveItem8
      ? `Suspense item ${itemName(item)} was opened on ${item.openedOn} and is ${item.ageCalendarDays} calendar days old, over 30: 15c3-3a item 8 counts its ${creditsAndShorts(item)}.`
      : `Suspense item ${itemName(item)} was opened on ${item.openedOn} and is ${item.ageCalendarDays} calendar days old, over 30; it holds ${holdingsPhrase(item)}, so nothing of it counts in 15c3-3a item 8.`,
    hint: item.reserveItem8
      ? "Resolve the item, or carry it into the reserve computation (Exhibit A item 8) and record the research done."
      : "Resolve the item and record the research done in its known facts.",
  }),
  over_firm_threshold: (item, settings) => ({
    code: "suspense_item_over_firm_threshold",
    severity: "warning",
    where: flagWhere(item, "openedOn"),
    message: `Suspense item ${itemName(item)} is ${item.ageCalendarDays} calendar days old, over the firm's threshold of ${settings.threshold} days.`,
    hint: "Escalate it as your written supervisory procedures require, and record what was done.",
  }),
  no_owner: (item) => ({
    code: "suspense_item_has_no_owner",
    severity: "warning",
    where: flagWhere(item, "owner"),
    message: `Suspense item ${itemName(item)} has no owner.`,
    hint: "Enter who is researching it: FINRA Rule 4523 wants a named person responsible for each account and its items.",
  }),
  no_recent_research_note: (item, settings) => ({
    code: "suspense_item_has_no_recent_research_note",
    severity: "warning",
    where: flagWhere(
      item,
      item.columns.lastResearchNoteOn === undefined ? "openedOn" : "lastResearchNoteOn",
    ),
    message:
      item.lastResearchNoteOn === null
        ? `Suspense item ${itemName(item)} has had no research note since it was opened on ${item.openedOn}, ${item.daysSinceResearchNote} days ago (at most ${settings.noteMaxDays} allowed).`
        : `Suspense item ${itemName(item)} was last researched on ${item.lastResearchNoteOn}, ${item.daysSinceResearchNote} days ago (at most ${settings.noteMaxDays} allowed).`,
    hint: 'Research the item, add what was learned to its known facts, and enter the date in "Last Research Note On".',
  }),
};

function creditsAndShorts(item: SuspenseItem): string {
  const parts: string[] = [];
  if (item.amount !== null && sign(item.amount) < 0)
    parts.push(`credit of ${formatGroupedFixed(abs(item.amount), 2)} ${item.currency}`);
  if (item.quantity !== null && sign(item.quantity) < 0)
    parts.push(`short of ${formatGrouped(abs(item.quantity))}`);
  return parts.join(" and ");
}

function openedAfterAsOfIssue(item: SuspenseItem, asOf: IsoDate): Issue {
  return {
    code: "suspense_item_opened_after_as_of",
    severity: "info",
    where: flagWhere(item, "openedOn"),
    message: `Suspense item ${itemName(item)} was opened on ${item.openedOn}, after the aging date ${asOf}, so it is not in this aging.`,
    hint: "Nothing to do if the aging is for an earlier date; otherwise check the opened date.",
  };
}

// ---- proposing money breaks for transfer to suspense ------------------------------------------

/**
 * Business days a money break may stay unresolved before it is proposed for transfer to suspense.
 * FINRA 4523(a) says only that aged items are "promptly" flagged; 7 is the clock the firm already
 * runs for securities differences (4522(b)(2)), so one number governs both. A break is proposed
 * once it is N business days old, on the Nth day (≥ N, the conservative reading, REFERENCE §4).
 */
export const SUSPENSE_TRANSFER_AFTER_BUSINESS_DAYS = 7;

export interface TransferOptions {
  readonly asOf: IsoDate;
  readonly calendar: BusinessCalendar;
  /** SUSPENSE_TRANSFER_AFTER_BUSINESS_DAYS when absent. */
  readonly afterBusinessDays?: number;
}

export interface SuspenseTransferProposal {
  /** `<break id>@<first seen>`: stable across runs, and new if the same key breaks again later. */
  readonly itemId: string;
  readonly breakId: string;
  readonly type: SuspenseType;
  /** The date the break was first seen: moving an item to suspense never restarts its clock. */
  readonly openedOn: IsoDate;
  readonly ageBusinessDays: number;
  /** Suspense side, debit positive: −(statement − books). */
  readonly amount: Decimal;
  readonly currency: string;
  readonly contra: string;
  readonly account: string;
  readonly glAccounts: readonly string[];
  readonly description: string;
  /** Every fact the break carries, in one sentence for the register's Known Facts. */
  readonly knownFacts: string;
  readonly booksRows: readonly SourceRef[];
  readonly statementRows: readonly SourceRef[];
}

const KIND_WORDS: Readonly<Record<MoneyBreakKind, string>> = {
  balance_difference: "the balances differ",
  books_only: "on the books only, no statement balance",
  statement_only: "on the statement only, nothing on the books",
};

/**
 * Money breaks still unresolved `afterBusinessDays` or more business days after they were first
 * seen, proposed for transfer to suspense. Money breaks carry no discovery date, so the caller
 * passes `firstSeenOn` (break id → the first as-of date it appeared on, from the history of the
 * Money Breaks sheet); a break missing from it is new in this run (first seen on asOf) and is not
 * proposed.
 *
 * Cash the statement shows and the books do not (statement − books > 0) is a receipt nobody has
 * allocated: the books would debit cash and CREDIT suspense, so the item is an unallocable
 * receipt and a credit (an item 8 candidate once over 30 days). The other way round the books
 * credit cash and DEBIT suspense, an item of type Other.
 */
export function proposeSuspenseTransfers(
  breaks: readonly MoneyBreak[],
  options: TransferOptions,
  firstSeenOn: ReadonlyMap<string, IsoDate>,
): SuspenseTransferProposal[] {
  const after = wholeDays(
    "afterBusinessDays",
    options.afterBusinessDays ?? SUSPENSE_TRANSFER_AFTER_BUSINESS_DAYS,
  );
  const proposals: SuspenseTransferProposal[] = [];
  for (const moneyBreak of breaks) {
    const seen = firstSeenOn.get(moneyBreak.id) ?? options.asOf;
    if (seen > options.asOf) continue;
    const age = options.calendar.businessDaysBetween(seen, options.asOf);
    if (age < after || sign(moneyBreak.difference) === 0) continue;
    proposals.push(proposal(moneyBreak, seen, age, options.asOf));
  }
  // Oldest first; ids are unique (one break per id), so the order is total.
  return proposals.sort((a, b) =>
    a.openedOn !== b.openedOn ? (a.openedOn < b.openedOn ? -1 : 1) : a.itemId < b.itemId ? -1 : 1,
  );
}

function proposal(
  moneyBreak: MoneyBreak,
  firstSeen: IsoDate,
  ageBusinessDays: number,
  asOf: IsoDate,
): SuspenseTransferProposal {
  const received = sign(moneyBreak.difference) > 0;
  return {
    itemId: `${moneyBreak.id}@${firstSeen}`,
    breakId: moneyBreak.id,
    type: received ? "unallocable_receipt_versus_payment" : "other",
    openedOn: firstSeen,
    ageBusinessDays,
    amount: negate(moneyBreak.difference),
    currency: moneyBreak.currency,
    contra: moneyBreak.contra,
    account: moneyBreak.account,
    glAccounts: moneyBreak.glAccounts,
    description: moneyBreak.description,
    knownFacts: knownFacts(moneyBreak, firstSeen, ageBusinessDays, asOf),
    booksRows: moneyBreak.booksRows,
    statementRows: moneyBreak.statementRows,
  };
}

/** "GL Cash row 2; BNY rows 4, 9": where the break's balances came from. */
function sourceRows(refs: readonly SourceRef[]): string {
  const bySheet = new Map<string, number[]>();
  for (const ref of refs) bySheet.set(ref.sheet, [...(bySheet.get(ref.sheet) ?? []), ref.row]);
  return [...bySheet].map(([sheet, rows]) => `${sheet} ${rowsPhrase(rows)}`).join("; ");
}

function knownFacts(b: MoneyBreak, firstSeen: IsoDate, age: number, asOf: IsoDate): string {
  const money = (value: Decimal) => `${formatGroupedFixed(value, 2)} ${b.currency}`;
  const gl = b.glAccounts.length === 0 ? "" : ` (GL ${b.glAccounts.join(", ")})`;
  const side = sign(b.difference) > 0 ? "Long" : "Short";
  const rows = [
    b.booksRows.length === 0 ? "" : `books: ${sourceRows(b.booksRows)}`,
    b.statementRows.length === 0 ? "" : `statement: ${sourceRows(b.statementRows)}`,
    b.unreadableRows.length === 0
      ? ""
      : `unreadable, so incomplete: ${sourceRows(b.unreadableRows)}`,
  ].filter((text) => text !== "");
  return [
    `Money break ${b.id}: account ${b.account}${gl} at ${b.contra}${b.description === "" ? "" : `, ${b.description}`}.`,
    `Books ${money(b.booksBalance)}, statement ${money(b.statementBalance)}, difference ${money(abs(b.difference))} ${side} (statement − books; ${KIND_WORDS[b.kind]}).`,
    `First seen ${firstSeen}; unresolved ${age} business days as of ${asOf}.`,
    rows.length === 0 ? "" : `Rows: ${rows.join("; ")}.`,
  ]
    .filter((text) => text !== "")
    .join(" ");
}
