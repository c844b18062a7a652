/**
 * The audit log: one row per event (a run, a posting, a status change, a sign-off, an unlock, an
 * import, a settings change), append-only and hash-chained so that editing, deleting or reordering
 * a row afterwards is detectable (DESIGN.md "Sign-off and audit").
 *
 * Each row's Row Hash is the SHA-256 of the canonical text (canonical.ts) of its other cells, the
 * Previous Hash among them; the Previous Hash is the Row Hash of the row before ("GENESIS" for the
 * first). An edited row no longer matches its own hash; a deleted or moved row leaves a gap in Seq
 * and a Previous Hash that no longer matches. The chain is tamper-evident, not tamper-proof: the
 * hash has no secret, so someone who rewrites every later row with this algorithm goes unnoticed
 * by the chain alone; the sign-offs cross-check their events against it (signoff.ts), and the head
 * hash `stockrec verify` prints can be kept outside the workbook.
 */
import { canonicalHash, SHA256_HEX } from "./canonical";
import { epochDay, parseIsoDate } from "./isoDate";
import type { Issue } from "./issues";
import { columnLetter, isBlank, type CellValue, type Row } from "./sheet";

export const AUDIT_SHEET = "Audit Log";
export const AUDIT_TABLE = "StockRecAuditLog";
export const GENESIS = "GENESIS";

export const AUDIT_HEADERS = [
  "Seq",
  "Timestamp",
  "Actor",
  "Action",
  "Scope",
  "Details",
  "Data Hash",
  "Previous Hash",
  "Row Hash",
] as const;

export const AUDIT_ACTIONS = [
  "run",
  "posting",
  "status_change",
  "signoff",
  "unlock",
  "import",
  "settings",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

declare const timestampBrand: unique symbol;
/** An ISO 8601 date and time with its UTC offset: `2026-11-04T17:30:00-05:00`, `…Z`. */
export type Timestamp = string & { readonly [timestampBrand]: true };

const TIMESTAMP =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * The timestamp if `text` is a real date and time with an offset, else null. The offset is
 * required: "who signed when" must mean the same instant to an examiner in another time zone.
 */
export function parseTimestamp(text: string): Timestamp | null {
  const trimmed = text.trim();
  const match = TIMESTAMP.exec(trimmed);
  if (!match || parseIsoDate(match[1]!) === null) return null;
  return trimmed as Timestamp;
}

/** Seconds since 1970-01-01T00:00Z: orders timestamps written with different offsets. */
export function instantSeconds(timestamp: Timestamp): number {
  const match = TIMESTAMP.exec(timestamp)!;
  const [, date, hours, minutes, seconds, offset] = match as unknown as string[];
  const offsetSign = offset!.startsWith("-") ? -1 : 1;
  const offsetMinutes =
    offset === "Z" ? 0 : offsetSign * (Number(offset!.slice(1, 3)) * 60 + Number(offset!.slice(4)));
  const minutesOfDay = Number(hours) * 60 + Number(minutes) - offsetMinutes;
  return epochDay(parseIsoDate(date!)!) * 86_400 + minutesOfDay * 60 + Number(seconds ?? 0);
}

/** What happened; the log adds Seq, Previous Hash and Row Hash. */
export interface AuditEvent {
  readonly timestamp: Timestamp;
  /** Typed by the user: Excel gives an add-in no verified identity. */
  readonly actor: string;
  readonly action: AuditAction;
  /** What the event is about: a sheet, `sheet!range`, a period, "" when the whole workbook. */
  readonly scope: string;
  readonly details: string;
  /** SHA-256 (hex) of the data the event concerns, "" when none. */
  readonly dataHash: string;
}

export interface AuditRecord extends AuditEvent {
  /** 1, 2, 3, … in the order written. */
  readonly seq: number;
  readonly previousHash: string;
  readonly rowHash: string;
  /** 1-based sheet row. */
  readonly row: number;
}

/** The cells a Row Hash covers, in column order: every column but Row Hash itself. */
function hashedCells(record: Omit<AuditRecord, "rowHash" | "row">): Row {
  return [
    record.seq,
    record.timestamp,
    record.actor,
    record.action,
    record.scope,
    record.details,
    record.dataHash,
    record.previousHash,
  ];
}

export function auditRowHash(record: Omit<AuditRecord, "rowHash" | "row">): string {
  return canonicalHash([hashedCells(record)]);
}

/** The record that appends `event` to the log `records` (as read, in order). */
export function appendAudit(records: readonly AuditRecord[], event: AuditEvent): AuditRecord {
  if (event.actor.trim() === "") throw new Error("appendAudit: the actor is required");
  if (event.dataHash !== "" && !SHA256_HEX.test(event.dataHash))
    throw new Error(`appendAudit: data hash "${event.dataHash}" is not SHA-256 hex`);
  const last = records[records.length - 1];
  const unhashed = {
    ...event,
    actor: event.actor.trim(),
    seq: (last?.seq ?? 0) + 1,
    previousHash: last?.rowHash ?? GENESIS,
  };
  return { ...unhashed, rowHash: auditRowHash(unhashed), row: (last?.row ?? 1) + 1 };
}

/** The sheet row of a record, in AUDIT_HEADERS order. */
export function auditRow(record: AuditRecord): Row {
  return [...hashedCells(record), record.rowHash];
}

// ---------------------------------------------------------------------------------------------
// Reading and verifying

function text(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return "";
  return typeof cell === "string" ? cell : String(cell);
}

function columnsIssue(header: Row): Issue | null {
  const found = header.map((cell) => text(cell).trim());
  while (found.length > 0 && found[found.length - 1] === "") found.pop();
  if (found.length === AUDIT_HEADERS.length && AUDIT_HEADERS.every((h, i) => found[i] === h))
    return null;
  return {
    code: "audit_columns_must_be_intact",
    severity: "error",
    where: { sheet: AUDIT_SHEET, row: 1 },
    message: `The Audit Log's header row reads ${found.map((h) => `"${h}"`).join(", ") || "nothing"}; StockRec expects ${AUDIT_HEADERS.join(", ")}, in that order.`,
    hint: "Restore the workbook from its previous version or the evidence archive; the audit log is append-only and must not be restructured.",
  };
}

type Readout = { ok: true; record: AuditRecord } | { ok: false; issue: Issue };

function unreadable(row: number, column: number, what: string): Readout {
  return {
    ok: false,
    issue: {
      code: "audit_row_must_be_readable",
      severity: "error",
      where: { sheet: AUDIT_SHEET, row, column: columnLetter(column) },
      message: `Audit row ${row}: ${what}.`,
      hint: "Audit rows are written by StockRec only; restore the workbook from its previous version and find out who changed the log.",
    },
  };
}

function readSeq(cell: CellValue | undefined): number | null {
  const value = typeof cell === "string" && /^\d{1,15}$/.test(cell.trim()) ? Number(cell) : cell;
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 1 ? value : null;
}

function isHash(value: string): boolean {
  return SHA256_HEX.test(value);
}

/** One data row, strictly: every cell must be what StockRec writes. */
function readAuditRow(cells: Row, row: number): Readout {
  if (cells.every((cell) => isBlank(cell)))
    return unreadable(row, 1, "the row is empty, so an audit row was cleared or a row inserted");
  const extra = cells.findIndex((cell, index) => index >= AUDIT_HEADERS.length && !isBlank(cell));
  if (extra >= 0)
    return unreadable(row, extra + 1, `there is "${text(cells[extra])}" after the Row Hash column`);
  const cell = (index: number): string => text(cells[index]);
  const seq = readSeq(cells[0]);
  if (seq === null) return unreadable(row, 1, `Seq "${cell(0)}" is not a whole number from 1`);
  const timestamp = parseTimestamp(cell(1));
  if (timestamp === null)
    return unreadable(row, 2, `Timestamp "${cell(1)}" is not an ISO 8601 time with an offset`);
  if (cell(2).trim() === "") return unreadable(row, 3, "the Actor is empty");
  const action = AUDIT_ACTIONS.find((a) => a === cell(3));
  if (action === undefined)
    return unreadable(row, 4, `Action "${cell(3)}" is not one of ${AUDIT_ACTIONS.join(", ")}`);
  if (cell(6) !== "" && !isHash(cell(6)))
    return unreadable(row, 7, `Data Hash "${cell(6)}" is not a SHA-256 hash`);
  if (cell(7) !== GENESIS && !isHash(cell(7)))
    return unreadable(row, 8, `Previous Hash "${cell(7)}" is neither GENESIS nor a SHA-256 hash`);
  if (!isHash(cell(8))) return unreadable(row, 9, `Row Hash "${cell(8)}" is not a SHA-256 hash`);
  const record: AuditRecord = {
    seq,
    timestamp,
    actor: cell(2),
    action,
    scope: cell(4),
    details: cell(5),
    dataHash: cell(6),
    previousHash: cell(7),
    rowHash: cell(8),
    row,
  };
  return { ok: true, record };
}

function chainIssue(code: string, row: number, column: string, message: string): Issue {
  return {
    code,
    severity: "error",
    where: { sheet: AUDIT_SHEET, row, column },
    message,
    hint: "The audit log was changed after it was written. Restore the workbook from its previous version (or the evidence archive), compare the two, and record who changed it and why.",
  };
}

/** Why `record`, read at position `index`, breaks the chain after `previous`; null if it holds. */
function breakAt(
  records: readonly AuditRecord[],
  index: number,
  rows: readonly Row[],
): Issue | null {
  const record = records[index]!;
  const previous = records[index - 1];
  if (auditRowHash(record) !== record.rowHash) {
    return chainIssue(
      "audit_row_must_match_its_hash",
      record.row,
      "I",
      `Audit row ${record.row} (Seq ${record.seq}, ${record.action} by ${record.actor}) no longer matches its Row Hash ${record.rowHash.slice(0, 12)}…: a cell of the row was edited after it was written.`,
    );
  }
  const expectedSeq = (previous?.seq ?? 0) + 1;
  if (record.seq !== expectedSeq) {
    const later = rows.slice(record.row).some((cells) => readSeq(cells[0]) === expectedSeq);
    const what =
      record.seq < expectedSeq || later
        ? `the rows are out of order (Seq ${expectedSeq} comes later or Seq ${record.seq} came before)`
        : `the row${record.seq - expectedSeq === 1 ? "" : "s"} with Seq ${expectedSeq}${record.seq - expectedSeq === 1 ? "" : `–${record.seq - 1}`} ${record.seq - expectedSeq === 1 ? "is" : "are"} missing (deleted)`;
    return chainIssue(
      "audit_sequence_must_be_continuous",
      record.row,
      "A",
      `Audit row ${record.row} has Seq ${record.seq} where Seq ${expectedSeq} was expected: ${what}.`,
    );
  }
  const expectedPrevious = previous?.rowHash ?? GENESIS;
  if (record.previousHash !== expectedPrevious) {
    return chainIssue(
      "audit_chain_must_be_unbroken",
      record.row,
      "H",
      previous === undefined
        ? `Audit row ${record.row} (Seq ${record.seq}) is the first row but its Previous Hash is ${record.previousHash.slice(0, 12)}…, not GENESIS: the rows before it were deleted.`
        : `Audit row ${record.row} (Seq ${record.seq}) has Previous Hash ${record.previousHash.slice(0, 12)}…, but row ${previous.row} has Row Hash ${previous.rowHash.slice(0, 12)}…: row ${previous.row} was replaced or rewritten after this row was chained to it.`,
    );
  }
  return null;
}

export interface AuditLogRead {
  /** Every row that could be read, in sheet order, including any after the first break. */
  readonly records: readonly AuditRecord[];
  /** Empty when the chain holds; else the one issue naming the first broken row. */
  readonly issues: readonly Issue[];
}

/**
 * Reads the Audit Log sheet's rows (header first; none when the sheet does not exist) and checks
 * the chain. Only the first broken row is reported: every row after it is unproven, and the first
 * break is where to start looking. Rows after it are still read, for the sign-off cross-check.
 */
export function readAuditLog(rows: readonly Row[]): AuditLogRead {
  if (rows.length === 0) return { records: [], issues: [] };
  const columns = columnsIssue(rows[0] ?? []);
  if (columns !== null) return { records: [], issues: [columns] };
  const records: AuditRecord[] = [];
  let firstBreak: Issue | null = null;
  for (let index = 1; index < rows.length; index++) {
    const readout = readAuditRow(rows[index] ?? [], index + 1);
    if (!readout.ok) {
      firstBreak ??= readout.issue;
      continue;
    }
    records.push(readout.record);
    if (firstBreak === null) firstBreak = breakAt(records, records.length - 1, rows);
  }
  return { records, issues: firstBreak === null ? [] : [firstBreak] };
}

/** The issue naming the first broken row of the log, or none when every row holds. */
export function verifyAuditLog(rows: readonly Row[]): Issue[] {
  return [...readAuditLog(rows).issues];
}

/** The Row Hash of the last row: the log's head, to keep outside the workbook. */
export function auditHead(records: readonly AuditRecord[]): string {
  return records[records.length - 1]?.rowHash ?? GENESIS;
}
