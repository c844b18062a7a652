/**
 * The SEA Rule 17a-13 quarterly security count (FINRA 4522(a); REFERENCE.md §1): from the stock
 * record as of a count date, the securities in the firm's possession to count, and those under
 * its control but not in its possession to account for; those that have been in such a status
 * more than 30 days must be verified (confirmed by the party holding them). The count and the
 * verifications are compared with the records; each unresolved difference goes to the Difference
 * account within seven business days, like the monthly reconciliation's, marked as the count's.
 *
 * Positions deposited at a depository or custodian the firm reconciles every month (DTC, OCC, a
 * custodian bank) are verified by that reconciliation's statement: they are listed, but they take
 * no count entry and make no count difference, so one difference is never posted twice.
 */
import { add, isZero, sign, subtract, toDecimalString, ZERO, type Decimal } from "./decimal";
import type { ObservedDifference } from "./differenceLedger";
import { findHeader, normaliseHeader } from "./headers";
import { epochDay, type IsoDate } from "./isoDate";
import type { Issue } from "./issues";
import type { PositionRecord, SourceRef } from "./positions";
import { columnLetter, isBlank, type SheetSnapshot } from "./sheet";
import { parseDateCell } from "./values";

/** Where a position stands for the count: in the firm's possession, or why it is not. */
export const POSSESSION_STATUSES = [
  "in_possession",
  "deposited",
  "in_transfer",
  "in_transit",
  "pledged",
  "loaned",
  "borrowed",
  "fail_to_receive",
  "fail_to_deliver",
  "repo",
] as const;
export type PossessionStatus = (typeof POSSESSION_STATUSES)[number];

export const POSSESSION_LABELS: Readonly<Record<PossessionStatus, string>> = {
  in_possession: "In possession",
  deposited: "Deposited",
  in_transfer: "In transfer",
  in_transit: "In transit",
  pledged: "Pledged",
  loaned: "Loaned",
  borrowed: "Borrowed",
  fail_to_receive: "Fail to receive",
  fail_to_deliver: "Fail to deliver",
  repo: "Under repurchase agreement",
};

/** 17a-13(b)(3): items in such a status more than 30 days must be verified. */
export const VERIFY_AFTER_CALENDAR_DAYS = 30;

const STATUS_WORDS: readonly (readonly [PossessionStatus, readonly string[]])[] = [
  [
    "in_possession",
    ["in possession", "possession", "vault", "box", "safe", "safekeeping", "physical", "on hand"],
  ],
  ["deposited", ["deposited", "depository", "deposit", "custodian", "clearing", "segregation"]],
  ["in_transfer", ["in transfer", "transfer", "transfer agent", "transfers"]],
  ["in_transit", ["in transit", "transit"]],
  ["pledged", ["pledged", "pledge", "bank loan", "hypothecated", "collateral"]],
  ["loaned", ["loaned", "loan", "stock loan", "securities loaned", "lent", "on loan"]],
  ["borrowed", ["borrowed", "borrow", "stock borrow", "securities borrowed"]],
  ["fail_to_receive", ["fail to receive", "fails to receive", "ftr", "fail receive"]],
  ["fail_to_deliver", ["fail to deliver", "fails to deliver", "ftd", "fail deliver"]],
  [
    "repo",
    [
      "repo",
      "reverse repo",
      "repurchase",
      "under repo",
      "repurchase agreement",
      "under repurchase agreement",
    ],
  ],
];

function words(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** The status a cell or a category names ("Vault", "Pledged", "FTD"), or null. */
export function possessionStatusOf(text: string): PossessionStatus | null {
  const wanted = words(text);
  if (wanted === "") return null;
  for (const [status, names] of STATUS_WORDS) if (names.includes(wanted)) return status;
  const label = POSSESSION_STATUSES.find((s) => words(POSSESSION_LABELS[s]) === wanted);
  return label ?? null;
}

/**
 * A location code's status from its own words, when it says: `VAULT-A`, `BOX 12`, `TRANSFER`,
 * `PLEDGE-CHASE`, `FTD`. Null when the code says nothing (`DTC`, `0123`).
 */
export function statusFromLocationCode(location: string): PossessionStatus | null {
  const parts = words(location).split(" ");
  for (let width = Math.min(4, parts.length); width >= 1; width--) {
    for (let start = 0; start + width <= parts.length; start++) {
      const status = possessionStatusOf(parts.slice(start, start + width).join(" "));
      if (status !== null && status !== "deposited") return status;
    }
  }
  return null;
}

/** One line of a count sheet: one security at one location in one status. */
export interface CountLine {
  /** `<security key>@<location>#<status>`: stable across the count's sheets. */
  readonly lineId: string;
  readonly securityKey: string;
  readonly securityId: string;
  readonly description: string;
  readonly location: string;
  readonly status: PossessionStatus;
  /** The earliest date the books give for the position entering its status; null if none. */
  readonly statusSince: IsoDate | null;
  /** Calendar days from statusSince to the count date; null when statusSince is unknown. */
  readonly daysInStatus: number | null;
  readonly booksQuantity: Decimal;
  /** Out of possession more than 30 days (or for an unknown time): to be confirmed. */
  readonly verificationRequired: boolean;
  readonly sourceRows: readonly SourceRef[];
}

/** What the stock record says of a row beyond the position itself (the count's own columns). */
export interface CountRowFacts {
  readonly status: PossessionStatus | null;
  readonly statusSince: IsoDate | null;
}

export interface CountLinesInput {
  readonly countDate: IsoDate;
  /** The books positions (stock record records, any contra). */
  readonly records: readonly PositionRecord[];
  /** By "sheet!row": the row's own status and status-since, when its sheet has those columns. */
  readonly rowFacts: ReadonlyMap<string, CountRowFacts>;
  /** Location key (trimmed, upper case) → the status the locations map gives it. */
  readonly locationStatus: ReadonlyMap<string, PossessionStatus>;
  /** Location keys the locations map places at a contra (a depository reconciled monthly). */
  readonly depositoryLocations: ReadonlySet<string>;
}

const FACT_HEADERS = {
  status: ["possession", "possession status", "count status", "custody status", "position status"],
  statusSince: [
    "status since",
    "since",
    "in status since",
    "status date",
    "date of status",
    "status as of",
  ],
} as const;

/**
 * The stock record's own count columns, when it has them: a Possession column (Vault, Pledged,
 * In transfer, …) and a Status Since date per row. A cell that cannot be read is a warning and
 * the row falls back to its location's status (and an unknown date).
 */
export function readCountRowFacts(sheet: SheetSnapshot): {
  facts: Map<string, CountRowFacts>;
  issues: Issue[];
} {
  const facts = new Map<string, CountRowFacts>();
  const issues: Issue[] = [];
  const header = findHeader(sheet);
  if (header === null) return { facts, issues };
  const headerCells = sheet.rows[header.headerRow - 1] ?? [];
  const columnOf = (names: readonly string[]) =>
    headerCells.findIndex(
      (cell) => typeof cell === "string" && names.includes(normaliseHeader(cell)),
    );
  const statusColumn = columnOf(FACT_HEADERS.status);
  const sinceColumn = columnOf(FACT_HEADERS.statusSince);
  if (statusColumn < 0 && sinceColumn < 0) return { facts, issues };
  for (let index = header.headerRow; index < sheet.rows.length; index++) {
    const row = sheet.rows[index] ?? [];
    const statusCell = statusColumn < 0 ? null : (row[statusColumn] ?? null);
    const sinceCell = sinceColumn < 0 ? null : (row[sinceColumn] ?? null);
    if (isBlank(statusCell) && isBlank(sinceCell)) continue;
    const where = (column: number) => ({
      sheet: sheet.name,
      row: index + 1,
      column: columnLetter(column + 1),
    });
    const status = isBlank(statusCell) ? null : possessionStatusOf(String(statusCell));
    if (!isBlank(statusCell) && status === null) {
      issues.push({
        code: "possession_status_must_be_known",
        severity: "warning",
        where: where(statusColumn),
        message: `"${String(statusCell)}" is not a possession status StockRec knows; the row's location decides instead.`,
        hint: "Write Vault, Box, Deposited, In transfer, In transit, Pledged, Loaned, Borrowed, Fail to receive, Fail to deliver or Repo.",
      });
    }
    const since = isBlank(sinceCell) ? null : parseDateCell(sinceCell);
    if (since !== null && !since.ok) {
      issues.push({
        code: "status_since_must_be_a_date",
        severity: "warning",
        where: where(sinceColumn),
        message: `The status date "${String(sinceCell)}" is not a date, so the time in status is unknown.`,
        hint: "Write the date the item entered its status, e.g. 2026-11-02.",
      });
    }
    facts.set(`${sheet.name}!${index + 1}`, {
      status,
      statusSince: since !== null && since.ok ? since.value : null,
    });
  }
  return { facts, issues };
}

export function rowKey(ref: SourceRef): string {
  return `${ref.sheet}!${ref.row}`;
}

function locationKey(location: string): string {
  return location.trim().toUpperCase();
}

/** The row's own status, else the map's for its location, else the code's words, else the map's contra. */
function statusOf(record: PositionRecord, input: CountLinesInput): PossessionStatus | null {
  const facts = input.rowFacts.get(rowKey(record.source));
  if (facts?.status) return facts.status;
  const key = locationKey(record.location);
  const mapped = input.locationStatus.get(key);
  if (mapped !== undefined) return mapped;
  const fromCode = statusFromLocationCode(record.location);
  if (fromCode !== null) return fromCode;
  return input.depositoryLocations.has(key) ? "deposited" : null;
}

function unclassifiedIssue(record: PositionRecord): Issue {
  return {
    code: "count_location_must_be_classified",
    severity: "error",
    where: { sheet: record.source.sheet, row: record.source.row },
    message: `${record.securityId} at location "${record.location}": the count cannot tell whether it is in the firm's possession (a vault or box) or where it is instead.`,
    hint: 'Give the location a Count Status in the locations map (Vault, Deposited, In transfer, Pledged, Loaned, …), or add a "Possession" column to the stock record.',
  };
}

function daysBetween(from: IsoDate, to: IsoDate): number {
  return epochDay(to) - epochDay(from);
}

/**
 * The count's lines, in stock-record order of first appearance: books positions aggregated by
 * security, location and status. A position whose status cannot be told is an issue and no line.
 */
export function buildCountLines(input: CountLinesInput): { lines: CountLine[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const byLine = new Map<string, { line: CountLine; rows: SourceRef[] }>();
  /** Rows whose Status Since is after the count date: read as unknown, and said so once. */
  const afterCount = new Set<string>();
  for (const record of input.records) {
    const status = statusOf(record, input);
    if (status === null) {
      issues.push(unclassifiedIssue(record));
      continue;
    }
    let since = input.rowFacts.get(rowKey(record.source))?.statusSince ?? null;
    if (since !== null && since > input.countDate) {
      // an item cannot have entered its status after it was counted: a later date would make
      // its time in status negative, under 30 days, and spare it the verification 17a-13 asks
      issues.push(sinceAfterCountIssue(record, status, since, input.countDate));
      afterCount.add(rowKey(record.source));
      since = null;
    }
    const lineId = `${record.securityKey}@${locationKey(record.location)}#${status}`;
    const earlier = byLine.get(lineId);
    if (earlier === undefined) {
      byLine.set(lineId, {
        rows: [record.source],
        line: lineOf(lineId, record, status, since, input.countDate),
      });
      continue;
    }
    earlier.rows.push(record.source);
    // A part whose date is unknown may be the oldest: the line's time in status is then unknown.
    const earliest =
      earlier.line.statusSince === null || since === null
        ? null
        : since < earlier.line.statusSince
          ? since
          : earlier.line.statusSince;
    earlier.line = {
      ...lineOf(lineId, record, status, earliest, input.countDate),
      description: earlier.line.description || record.description,
      booksQuantity: add(earlier.line.booksQuantity, record.quantity),
    };
  }
  const lines = [...byLine.values()].map(({ line, rows }) => ({ ...line, sourceRows: rows }));
  issues.push(
    ...unknownSinceIssues(
      lines.filter((line) => !line.sourceRows.some((row) => afterCount.has(rowKey(row)))),
    ),
  );
  return { lines, issues };
}

function sinceAfterCountIssue(
  record: PositionRecord,
  status: PossessionStatus,
  since: IsoDate,
  countDate: IsoDate,
): Issue {
  const away = status !== "in_possession" && status !== "deposited";
  return {
    code: "status_since_is_after_the_count_date",
    severity: "warning",
    where: { sheet: record.source.sheet, row: record.source.row },
    message:
      `${record.securityId} at ${record.location.trim()} entered its status on ${since}, after ` +
      `the count date ${countDate}, so its time in status is unknown` +
      (away ? " and it must be verified." : "."),
    hint: "Correct the Status Since date: an item cannot enter its status after the count.",
  };
}

function lineOf(
  lineId: string,
  record: PositionRecord,
  status: PossessionStatus,
  since: IsoDate | null,
  countDate: IsoDate,
): CountLine {
  const days = since === null ? null : daysBetween(since, countDate);
  const away = status !== "in_possession" && status !== "deposited";
  return {
    lineId,
    securityKey: record.securityKey,
    securityId: record.securityId,
    description: record.description,
    location: record.location.trim(),
    status,
    statusSince: since,
    daysInStatus: days,
    booksQuantity: record.quantity,
    verificationRequired: away && (days === null || days > VERIFY_AFTER_CALENDAR_DAYS),
    sourceRows: [record.source],
  };
}

function unknownSinceIssues(lines: readonly CountLine[]): Issue[] {
  return lines
    .filter((l) => l.status !== "in_possession" && l.status !== "deposited")
    .filter((l) => l.statusSince === null)
    .map((l) => ({
      code: "status_since_is_unknown",
      severity: "warning" as const,
      where: { sheet: l.sourceRows[0]!.sheet, row: l.sourceRows[0]!.row },
      message: `${l.securityId} at ${l.location} is ${POSSESSION_LABELS[l.status].toLowerCase()}, but the stock record does not say since when, so it is treated as more than 30 days and must be verified.`,
      hint: 'Add a "Status Since" column to the stock record with the date each item entered its status.',
    }));
}

// ---------------------------------------------------------------------------------------------
// The recorded count

/** What people entered on the count sheet for one line. */
export interface RecordedCount {
  readonly line: CountLine;
  /** Counted quantity (in-possession lines); null when not entered. */
  readonly countedQuantity: Decimal | null;
  readonly countedBy: string;
  readonly supervisedBy: string;
  readonly confirmationDate: IsoDate | null;
  readonly confirmationReference: string;
  /** The quantity the confirmation states; null when the confirmation agrees with the books. */
  readonly confirmedQuantity: Decimal | null;
  readonly note: string;
  /** 1-based row of the count sheet. */
  readonly row: number;
}

export type CountOutcome =
  | "agreed"
  | "difference"
  | "not_counted"
  | "verified"
  | "unverified"
  | "accounted_for"
  | "verified_by_reconciliation";

export const COUNT_OUTCOME_LABELS: Readonly<Record<CountOutcome, string>> = {
  agreed: "Agreed",
  difference: "Difference",
  not_counted: "Not counted",
  verified: "Verified",
  unverified: "Unverified",
  accounted_for: "Accounted for",
  verified_by_reconciliation: "Verified by reconciliation",
};

export interface ComparedLine {
  readonly recorded: RecordedCount;
  readonly outcome: CountOutcome;
  /** counted (or confirmed) − books; null when nothing was counted or confirmed. */
  readonly difference: Decimal | null;
}

export interface CountComparison {
  readonly countDate: IsoDate;
  readonly lines: readonly ComparedLine[];
  /** Per security: Σ line differences (the Difference account's observation for this count). */
  readonly observed: readonly ObservedDifference[];
  readonly issues: readonly Issue[];
}

function confirmationProblem(recorded: RecordedCount, sheet: string): Issue | null {
  const line = recorded.line;
  if (recorded.confirmationDate === null || recorded.confirmationReference.trim() === "") {
    return {
      code: "out_of_possession_item_must_be_verified",
      severity: "warning",
      where: { sheet, row: recorded.row },
      message: `${line.securityId} at ${line.location} has been ${POSSESSION_LABELS[line.status].toLowerCase()} ${line.daysInStatus === null ? "for an unknown time" : `${line.daysInStatus} days`}, more than ${VERIFY_AFTER_CALENDAR_DAYS}, and ${recorded.confirmationDate === null ? "has no confirmation date" : "has no confirmation reference"}.`,
      hint: "Obtain a confirmation from whoever holds it and record its date, reference and the quantity confirmed; a position that cannot be confirmed is a short difference (record 0 confirmed).",
    };
  }
  if (line.statusSince !== null && recorded.confirmationDate < line.statusSince) {
    return {
      code: "confirmation_must_postdate_the_status",
      severity: "warning",
      where: { sheet, row: recorded.row },
      message: `The confirmation of ${line.securityId} at ${line.location} is dated ${recorded.confirmationDate}, before the item became ${POSSESSION_LABELS[line.status].toLowerCase()} on ${line.statusSince}.`,
      hint: "Obtain a confirmation of the item as it stands now.",
    };
  }
  return null;
}

function compareLine(recorded: RecordedCount, sheet: string, issues: Issue[]): ComparedLine {
  const line = recorded.line;
  const against = (quantity: Decimal, agreed: CountOutcome): ComparedLine => {
    const difference = subtract(quantity, line.booksQuantity);
    return { recorded, outcome: isZero(difference) ? agreed : "difference", difference };
  };
  if (line.status === "deposited")
    return { recorded, outcome: "verified_by_reconciliation", difference: null };
  if (line.status === "in_possession") {
    if (recorded.countedQuantity !== null) return against(recorded.countedQuantity, "agreed");
    issues.push({
      code: "count_quantity_is_required",
      severity: "error",
      where: { sheet, row: recorded.row },
      message: `${line.securityId} at ${line.location} (books ${toDecimalString(line.booksQuantity)}) has no counted quantity, so the count is incomplete.`,
      hint: "Count it and enter the quantity found (0 when none was found).",
    });
    return { recorded, outcome: "not_counted", difference: null };
  }
  if (!line.verificationRequired) {
    return recorded.confirmedQuantity === null
      ? { recorded, outcome: "accounted_for", difference: ZERO }
      : against(recorded.confirmedQuantity, "accounted_for");
  }
  const problem = confirmationProblem(recorded, sheet);
  if (problem !== null) {
    issues.push(problem);
    // A confirmation that states a quantity still shows the difference it proves.
    return recorded.confirmedQuantity === null
      ? { recorded, outcome: "unverified", difference: null }
      : { ...against(recorded.confirmedQuantity, "unverified"), outcome: "unverified" };
  }
  return against(recorded.confirmedQuantity ?? line.booksQuantity, "verified");
}

/**
 * 17a-13(b)(4): the count and the verifications against the records. A difference is counted (or
 * confirmed) − books, so negative is Short; per security the line differences are summed into
 * what the Difference account observes for this count.
 */
export function compareCount(
  countDate: IsoDate,
  sheet: string,
  recorded: readonly RecordedCount[],
): CountComparison {
  const issues: Issue[] = [];
  const lines = recorded.map((r) => compareLine(r, sheet, issues));
  const bySecurity = new Map<string, ObservedDifference>();
  for (const compared of lines) {
    if (compared.difference === null) continue;
    const line = compared.recorded.line;
    const earlier = bySecurity.get(line.securityKey);
    bySecurity.set(line.securityKey, {
      securityKey: line.securityKey,
      securityId: earlier?.securityId ?? line.securityId,
      description: earlier?.description || line.description,
      quantity: add(earlier?.quantity ?? ZERO, compared.difference),
    });
  }
  const observed = [...bySecurity.values()].filter((o) => sign(o.quantity) !== 0);
  return { countDate, lines, observed, issues };
}
