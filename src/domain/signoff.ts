/**
 * Sign-offs (FINRA Rule 4523 monthly review; DESIGN.md "Sign-off and audit"): a preparer prepares
 * a period's data, a reviewer who is not the preparer signs it, and each sign-off keeps the hash of
 * the data as it was signed. When the data changes afterwards the sign-off shows as broken; its
 * row is never edited or removed. A reviewed period is locked; unlocking it takes a recorded
 * reason and starts a new round of preparation and review.
 *
 * Names are typed: Excel gives an add-in no verified identity, so "different people" means
 * different names (compared trimmed, spaces collapsed, case ignored), and every sign-off is also
 * an event in the hash-chained audit log (auditLog.ts), against which the visible Sign-offs sheet
 * is cross-checked.
 */
import {
  AUDIT_SHEET,
  instantSeconds,
  parseTimestamp,
  type AuditEvent,
  type AuditRecord,
  type Timestamp,
} from "./auditLog";
import { SHA256_HEX } from "./canonical";
import { addDays, parseIsoDate, type IsoDate } from "./isoDate";
import type { Issue } from "./issues";
import { LEDGER_SHEET } from "./ledgerSheet";
import { columnLetter, isBlank, type CellValue, type Row } from "./sheet";
import { parseDateCell } from "./values";

export const SIGNOFF_SHEET = "Sign-offs";
export const SIGNOFF_TABLE = "StockRecSignOffs";

export const SIGNOFF_HEADERS = [
  "Sign-off ID",
  "Period",
  "Scope",
  "Role",
  "Name",
  "Timestamp",
  "Comment",
  "Data Hash",
  "Status at Check",
  "Checked At",
] as const;

/** The columns a sign-off is: the rest (status, checked at) is recomputed at every check. */
export const SIGNOFF_RECORD_COLUMNS = 8;

export type SignoffRole = "preparer" | "reviewer" | "unlock";

export const ROLE_WORDS: Readonly<Record<SignoffRole, string>> = {
  preparer: "Preparer",
  reviewer: "Reviewer",
  unlock: "Unlock",
};

declare const periodBrand: unique symbol;
/** A month of the close, `2026-10`. */
export type Period = string & { readonly [periodBrand]: true };

export function parsePeriod(text: string): Period | null {
  const trimmed = text.trim();
  return /^\d{4}-\d{2}$/.test(trimmed) && parseIsoDate(`${trimmed}-01`) !== null
    ? (trimmed as Period)
    : null;
}

export interface SignoffRecord {
  /** `SO-000001`, numbered in the order signed. */
  readonly id: string;
  readonly period: Period;
  /** A sheet (`Stock Record`) or a range of one (`Stock Record!A1:F200`). */
  readonly scope: string;
  readonly role: SignoffRole;
  /** Typed by the signer; not a verified identity. */
  readonly name: string;
  readonly timestamp: Timestamp;
  /** The signer's comment; for an unlock, the reason. */
  readonly comment: string;
  /** SHA-256 of the scope's canonical text when signed (canonical.ts). */
  readonly dataHash: string;
  /** 1-based row of the Sign-offs sheet. */
  readonly row: number;
}

/** Names as people type them: `j. smith` and ` J.  Smith ` are the same person. */
export function nameKey(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}

/** Scopes as Excel compares sheet names: without regard to case. */
export function scopeKey(scope: string): string {
  return scope.trim().toLowerCase();
}

function idNumber(id: string): number {
  return Number(id.slice(3));
}

function byId(signoffs: readonly SignoffRecord[]): SignoffRecord[] {
  return [...signoffs].sort((a, b) => idNumber(a.id) - idNumber(b.id));
}

function sameSubject(a: { period: string; scope: string }, period: string, scope: string) {
  return a.period === period && scopeKey(a.scope) === scopeKey(scope);
}

/** The sign-offs of `period` and `scope` since its last unlock, oldest first (ID order). */
function currentRound(
  signoffs: readonly SignoffRecord[],
  period: Period,
  scope: string,
): SignoffRecord[] {
  const subject = byId(signoffs).filter((s) => sameSubject(s, period, scope));
  const lastUnlock = subject.map((s) => s.role).lastIndexOf("unlock");
  return subject.slice(lastUnlock + 1);
}

/** A reviewed period is locked until an unlock with a reason is recorded. */
export function isPeriodLocked(
  signoffs: readonly SignoffRecord[],
  period: Period,
  scope: string,
): boolean {
  return currentRound(signoffs, period, scope).some((s) => s.role === "reviewer");
}

// ---------------------------------------------------------------------------------------------
// Scope: what is signed

export interface CellRange {
  readonly firstRow: number;
  readonly firstColumn: number;
  readonly lastRow: number;
  readonly lastColumn: number;
}

export interface Scope {
  /** The sheet as the workbook names it. */
  readonly sheet: string;
  /** null: the whole sheet. */
  readonly range: CellRange | null;
  /** `Sheet` or `Sheet!A1:F200`, as recorded on the sign-off. */
  readonly text: string;
}

const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;
const A1 = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;

function columnNumber(letters: string): number {
  return [...letters.toUpperCase()].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
}

function parseCell(text: string): { row: number; column: number } | null {
  const match = A1.exec(text.trim());
  if (!match) return null;
  const row = Number(match[2]);
  const column = columnNumber(match[1]!);
  return row >= 1 && row <= MAX_ROWS && column <= MAX_COLUMNS ? { row, column } : null;
}

export function parseRange(text: string): CellRange | null {
  const [from, to, more] = text.split(":");
  if (from === undefined || more !== undefined) return null;
  const first = parseCell(from);
  const last = to === undefined ? first : parseCell(to);
  if (first === null || last === null) return null;
  return {
    firstRow: Math.min(first.row, last.row),
    firstColumn: Math.min(first.column, last.column),
    lastRow: Math.max(first.row, last.row),
    lastColumn: Math.max(first.column, last.column),
  };
}

function rangeText(range: CellRange): string {
  const cell = (row: number, column: number) => `${columnLetter(column)}${row}`;
  return `${cell(range.firstRow, range.firstColumn)}:${cell(range.lastRow, range.lastColumn)}`;
}

/** Excel writes `'My Sheet'!A1`; the quotes are not part of the name. */
function unquote(name: string): string {
  const trimmed = name.trim();
  return /^'.*'$/.test(trimmed) ? trimmed.slice(1, -1).replace(/''/g, "'") : trimmed;
}

function scopeIssue(code: string, message: string, hint: string): { ok: false; issue: Issue } {
  return {
    ok: false,
    issue: { code, severity: "error", where: { sheet: SIGNOFF_SHEET }, message, hint },
  };
}

/**
 * The scope `text` names among the workbook's sheets: a whole sheet, or `Sheet!A1:F200`. A name
 * that is a sheet wins over a split at "!" (sheet names may contain "!"). Tables are not signed by
 * name: the workbook port reads sheets, and a range says exactly what was signed.
 */
export function parseScope(
  text: string,
  sheetNames: readonly string[],
): { ok: true; scope: Scope } | { ok: false; issue: Issue } {
  const find = (name: string) =>
    sheetNames.find((s) => s === name) ??
    sheetNames.find((s) => s.toLowerCase() === name.toLowerCase());
  const whole = find(unquote(text));
  const bang = text.lastIndexOf("!");
  const sheetPart = bang < 0 ? null : find(unquote(text.slice(0, bang)));
  const sheet = whole ?? sheetPart;
  if (sheet === undefined || sheet === null) {
    const named = bang < 0 || whole !== undefined ? text.trim() : unquote(text.slice(0, bang));
    return scopeIssue(
      "scope_sheet_must_exist",
      `There is no sheet named "${named}" in this workbook (sheets: ${sheetNames.join(", ")}).`,
      "Name the sheet to sign as its tab shows it, or a range of it such as Breaks!A1:P40.",
    );
  }
  if (scopeKey(sheet) === scopeKey(SIGNOFF_SHEET) || scopeKey(sheet) === scopeKey(AUDIT_SHEET)) {
    return scopeIssue(
      "scope_must_not_be_a_log_sheet",
      `"${sheet}" is where StockRec records sign-offs and events; it changes with every sign-off, so it cannot be signed.`,
      "Sign the sheet that holds the data reviewed (a ledger, Breaks, the stock record).",
    );
  }
  if (whole !== undefined) return { ok: true, scope: { sheet, range: null, text: sheet } };
  const rangePart = text.slice(bang + 1).trim();
  const range = parseRange(rangePart);
  if (range === null) {
    return scopeIssue(
      "scope_range_must_be_a1",
      `"${rangePart}" in "${text.trim()}" is not a cell range such as A1:P40.`,
      "Sign the whole sheet, or a range of it written as Sheet!A1:P40; tables are signed by their range.",
    );
  }
  return { ok: true, scope: { sheet, range, text: `${sheet}!${rangeText(range)}` } };
}

/** The rows of `sheetRows` (a sheet's used range from A1) that `scope` covers. */
export function scopeRows(sheetRows: readonly Row[], scope: Scope): Row[] {
  const range = scope.range;
  if (range === null) return [...sheetRows];
  const rows: Row[] = [];
  for (let row = range.firstRow; row <= Math.min(range.lastRow, sheetRows.length); row++) {
    const cells = sheetRows[row - 1] ?? [];
    const width = range.lastColumn - range.firstColumn + 1;
    rows.push(Array.from({ length: width }, (_, i) => cells[range.firstColumn - 1 + i] ?? null));
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Append-only sheets: what a period's sign-off covers

/**
 * The Difference Account is cumulative and append-only: next month's postings are added below
 * this month's. A sign-off of the whole sheet for a period therefore covers the header and every
 * entry disclosed by a count on or before the period's last day (its Count Date), so later
 * months' entries do not break it, while any change to a covered entry, or a covered entry's
 * count date moved out of the period, does.
 */
export function isPeriodScopedSheet(scope: Scope): boolean {
  return scope.range === null && scopeKey(scope.sheet) === scopeKey(LEDGER_SHEET);
}

/** The last calendar day of `period`: 2026-02 → 2026-02-28. */
export function periodEnd(period: Period): IsoDate {
  const [year, month] = period.split("-").map(Number) as [number, number];
  const next =
    month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, "0")}-01`;
  return addDays(parseIsoDate(next)!, -1);
}

/**
 * Rows of a period-scoped sheet that the period's sign-off covers: the header and each row whose
 * Count Date is on or before the period's end. A row whose count date cannot be read is covered
 * (nothing is left out of a signature because it is unreadable).
 */
function periodRows(sheetRows: readonly Row[], period: Period): Row[] {
  const header = sheetRows[0] ?? [];
  const column = header.findIndex((cell) => String(cell ?? "").trim() === "Count Date");
  if (column < 0) return [...sheetRows];
  const end = periodEnd(period);
  return sheetRows.filter((row, index) => {
    if (index === 0) return true;
    const parsed = parseDateCell(row[column] ?? null);
    return !parsed.ok || parsed.value <= end;
  });
}

/**
 * The rows a sign-off of `scope` for `period` covers (`scopeRows`, narrowed to the period on an
 * append-only ledger). Without a period the whole scope is covered.
 */
export function signedRows(sheetRows: readonly Row[], scope: Scope, period: Period | null): Row[] {
  const rows = scopeRows(sheetRows, scope);
  return period !== null && isPeriodScopedSheet(scope) ? periodRows(rows, period) : rows;
}

/**
 * The key of the data a sign-off hashed: its scope, and also its period where the scope is an
 * append-only ledger (two months' sign-offs of the Difference Account cover different rows).
 */
export function signedDataKey(signoff: {
  readonly scope: string;
  readonly period: Period;
}): string {
  return scopeKey(signoff.scope) === scopeKey(LEDGER_SHEET)
    ? `${scopeKey(signoff.scope)}|${signoff.period}`
    : scopeKey(signoff.scope);
}

// ---------------------------------------------------------------------------------------------
// Signing and unlocking

export interface SignRequest {
  readonly role: "preparer" | "reviewer";
  readonly period: Period;
  /** The scope as `parseScope` resolved it. */
  readonly scope: string;
  readonly name: string;
  readonly timestamp: Timestamp;
  readonly comment: string;
}

export interface UnlockRequest {
  readonly period: Period;
  readonly scope: string;
  readonly name: string;
  readonly timestamp: Timestamp;
  /** Why the signed period must change; required. */
  readonly reason: string;
}

export type SignOutcome =
  | { readonly ok: true; readonly signoff: SignoffRecord; readonly audit: AuditEvent }
  | { readonly ok: false; readonly issues: readonly Issue[] };

function nextId(signoffs: readonly SignoffRecord[]): string {
  const last = signoffs.reduce((max, s) => Math.max(max, idNumber(s.id)), 0);
  return `SO-${String(last + 1).padStart(6, "0")}`;
}

function nextRow(signoffs: readonly SignoffRecord[]): number {
  return signoffs.reduce((max, s) => Math.max(max, s.row), 1) + 1;
}

function subject(period: Period, scope: string): string {
  return `"${scope}" for ${period}`;
}

function refusal(code: string, message: string, hint: string, row?: number): Issue {
  return {
    code,
    severity: "error",
    where: row === undefined ? { sheet: SIGNOFF_SHEET } : { sheet: SIGNOFF_SHEET, row },
    message,
    hint,
  };
}

const UNLOCK_HINT =
  'To change signed data, record an unlock with its reason (stockrec signoff … --role unlock --comment "why"), then prepare and review again.';

/** Why `request` cannot be signed now, or null. */
function signingRefusal(
  signoffs: readonly SignoffRecord[],
  request: SignRequest,
  dataHash: string,
): Issue | null {
  const what = subject(request.period, request.scope);
  if (request.name.trim() === "") {
    return refusal(
      "signer_name_is_required",
      `The ${ROLE_WORDS[request.role]} sign-off of ${what} has no name.`,
      "Type the signer's name; it is recorded as typed (Excel gives no verified identity).",
    );
  }
  const round = currentRound(signoffs, request.period, request.scope);
  const review = round.find((s) => s.role === "reviewer");
  if (review !== undefined) {
    return refusal(
      "signed_period_must_be_unlocked",
      `${what} was reviewed by ${review.name} at ${review.timestamp} (${review.id}), so it is locked.`,
      UNLOCK_HINT,
      review.row,
    );
  }
  return request.role === "reviewer" ? reviewRefusal(round, request, dataHash) : null;
}

function reviewRefusal(
  round: readonly SignoffRecord[],
  request: SignRequest,
  dataHash: string,
): Issue | null {
  const what = subject(request.period, request.scope);
  const preparations = round.filter((s) => s.role === "preparer");
  const prepared = preparations[preparations.length - 1];
  if (prepared === undefined) {
    return refusal(
      "review_needs_a_prepared_signoff",
      `Nobody has prepared ${what}${round.length === 0 ? "" : " since it was last unlocked"}, so there is nothing to review.`,
      "Have the preparer sign it off as preparer first (stockrec signoff … --role preparer).",
    );
  }
  const same = preparations.find((s) => nameKey(s.name) === nameKey(request.name));
  if (same !== undefined) {
    return refusal(
      "reviewer_must_not_be_preparer",
      `${request.name.trim()} prepared ${what} (${same.id}${same.name === request.name.trim() ? "" : `, typed "${same.name}"`}), so cannot also review it: the preparer and the reviewer must be different people.`,
      "Ask another supervisor to review. Names are compared as typed, ignoring case and spaces: Excel gives no verified identity.",
      same.row,
    );
  }
  if (prepared.dataHash !== dataHash) {
    return refusal(
      "review_must_be_of_prepared_data",
      `${what} changed since ${prepared.name} prepared it at ${prepared.timestamp} (${prepared.id}): it was ${prepared.dataHash.slice(0, 12)}…, it is now ${dataHash.slice(0, 12)}….`,
      "Have the preparer look at the change and prepare it again; then review what was prepared.",
      prepared.row,
    );
  }
  if (instantSeconds(request.timestamp) < instantSeconds(prepared.timestamp)) {
    return refusal(
      "review_must_follow_preparation",
      `The review time ${request.timestamp} is before ${prepared.name} prepared ${what} at ${prepared.timestamp} (${prepared.id}).`,
      "Check this computer's clock and time zone, or the --now given.",
      prepared.row,
    );
  }
  return null;
}

function signoffDetails(signoff: Omit<SignoffRecord, "row">): string {
  const head = `${signoff.id} ${ROLE_WORDS[signoff.role]} ${signoff.period}`;
  return signoff.comment === "" ? head : `${head}: ${signoff.comment}`;
}

/** The audit event a sign-off (or unlock) is recorded as; the cross-check rebuilds it. */
export function signoffAuditEvent(signoff: Omit<SignoffRecord, "row">): AuditEvent {
  return {
    timestamp: signoff.timestamp,
    actor: signoff.name,
    action: signoff.role === "unlock" ? "unlock" : "signoff",
    scope: signoff.scope,
    details: signoffDetails(signoff),
    dataHash: signoff.dataHash,
  };
}

function assertHash(dataHash: string): void {
  if (!SHA256_HEX.test(dataHash)) throw new Error(`not a SHA-256 hex digest: "${dataHash}"`);
}

/**
 * Signs `request` over data whose canonical hash is `dataHash`: the new sign-off row and its audit
 * event, or why it cannot be signed.
 */
export function signOff(
  signoffs: readonly SignoffRecord[],
  request: SignRequest,
  dataHash: string,
): SignOutcome {
  assertHash(dataHash);
  const refused = signingRefusal(signoffs, request, dataHash);
  if (refused !== null) return { ok: false, issues: [refused] };
  const signoff: SignoffRecord = {
    id: nextId(signoffs),
    period: request.period,
    scope: request.scope,
    role: request.role,
    name: request.name.trim(),
    timestamp: request.timestamp,
    comment: request.comment.trim(),
    dataHash,
    row: nextRow(signoffs),
  };
  return { ok: true, signoff, audit: signoffAuditEvent(signoff) };
}

/** Unlocks a reviewed period: an Unlock row with its reason and its audit event. */
export function unlockPeriod(
  signoffs: readonly SignoffRecord[],
  request: UnlockRequest,
  dataHash: string,
): SignOutcome {
  assertHash(dataHash);
  const what = subject(request.period, request.scope);
  const problems: Issue[] = [];
  if (request.reason.trim() === "") {
    problems.push(
      refusal(
        "unlock_reason_is_required",
        `Unlocking ${what} needs a reason, and none was given.`,
        'Say why the signed data must change (--comment "late DTC adjustment, ticket 4711"); it is kept with the unlock.',
      ),
    );
  }
  if (request.name.trim() === "") {
    problems.push(
      refusal(
        "signer_name_is_required",
        `The unlock of ${what} has no name.`,
        "Type the name of who unlocks; it is recorded as typed (Excel gives no verified identity).",
      ),
    );
  }
  if (!isPeriodLocked(signoffs, request.period, request.scope)) {
    problems.push(
      refusal(
        "period_must_be_locked_to_unlock",
        `${what} is not locked (it has not been reviewed since it was last unlocked), so there is nothing to unlock.`,
        "Prepare and review it; an unlock is for a period already reviewed.",
      ),
    );
  }
  if (problems.length > 0) return { ok: false, issues: problems };
  const signoff: SignoffRecord = {
    id: nextId(signoffs),
    period: request.period,
    scope: request.scope,
    role: "unlock",
    name: request.name.trim(),
    timestamp: request.timestamp,
    comment: request.reason.trim(),
    dataHash,
    row: nextRow(signoffs),
  };
  return { ok: true, signoff, audit: signoffAuditEvent(signoff) };
}

// ---------------------------------------------------------------------------------------------
// Checking

/**
 * valid: the data still hashes as signed; broken: it does not (or its sheet is gone); superseded:
 * a later preparation or an unlock of the same period and scope replaced it; recorded: an unlock.
 */
export type SignoffStatus = "valid" | "broken" | "superseded" | "recorded";

export interface SignoffCheck {
  readonly signoff: SignoffRecord;
  readonly status: SignoffStatus;
  /** The scope's hash now; null when its sheet no longer exists. */
  readonly currentHash: string | null;
  /** The sign-off that superseded this one. */
  readonly supersededBy: string | null;
}

export function statusText(check: SignoffCheck): string {
  switch (check.status) {
    case "valid":
      return "Valid";
    case "broken":
      return "Broken";
    case "recorded":
      return "Recorded";
    case "superseded":
      return `Superseded by ${check.supersededBy ?? "a later sign-off"}`;
  }
}

function supersededBy(ordered: readonly SignoffRecord[], signoff: SignoffRecord): string | null {
  const later = ordered.filter(
    (s) =>
      idNumber(s.id) > idNumber(signoff.id) &&
      sameSubject(s, signoff.period, signoff.scope) &&
      (s.role === "unlock" || (signoff.role === "preparer" && s.role === "preparer")),
  );
  return later[0]?.id ?? null;
}

function describe(signoff: SignoffRecord): string {
  return `Sign-off ${signoff.id} (${ROLE_WORDS[signoff.role]} ${signoff.name}, ${signoff.period}, "${signoff.scope}", ${signoff.timestamp})`;
}

function brokenIssue(signoff: SignoffRecord, currentHash: string | null): Issue {
  const where = { sheet: SIGNOFF_SHEET, row: signoff.row, column: "H" };
  if (currentHash === null) {
    return {
      code: "signed_scope_must_still_exist",
      severity: "error",
      where,
      message: `${describe(signoff)} is broken: the sheet it signed no longer exists in this workbook.`,
      hint: "Restore the sheet (or its old name) from the previous version of the workbook; the sign-off row stays as evidence.",
    };
  }
  return {
    code: "signed_data_must_not_change",
    severity: "error",
    where,
    message: `${describe(signoff)} is broken: "${signoff.scope}" was ${signoff.dataHash.slice(0, 12)}… when signed and is ${currentHash.slice(0, 12)}… now, so the data changed after it was signed.`,
    hint: `Find the change (compare with the previous version of the workbook). The original sign-off stays as evidence. ${UNLOCK_HINT}`,
  };
}

/**
 * Each sign-off's status against the scopes' hashes now (`currentHashes` by `signedDataKey`, null when
 * the sheet is gone), and an issue for each broken one. The sign-off rows themselves never change.
 */
export function checkSignoffs(
  signoffs: readonly SignoffRecord[],
  currentHashes: ReadonlyMap<string, string | null>,
): { checks: SignoffCheck[]; issues: Issue[] } {
  const ordered = byId(signoffs);
  const issues: Issue[] = [];
  const checks = signoffs.map((signoff): SignoffCheck => {
    const key = signedDataKey(signoff);
    if (!currentHashes.has(key)) throw new Error(`checkSignoffs: no hash for scope "${key}"`);
    const currentHash = currentHashes.get(key) ?? null;
    if (signoff.role === "unlock")
      return { signoff, status: "recorded", currentHash, supersededBy: null };
    const later = supersededBy(ordered, signoff);
    if (later !== null) return { signoff, status: "superseded", currentHash, supersededBy: later };
    if (currentHash === signoff.dataHash)
      return { signoff, status: "valid", currentHash, supersededBy: null };
    issues.push(brokenIssue(signoff, currentHash));
    return { signoff, status: "broken", currentHash, supersededBy: null };
  });
  return { checks, issues };
}

const DETAILS_ID = /^(SO-\d{6,})(?:\s|:|$)/;

function differences(expected: AuditEvent, found: AuditRecord): string[] {
  const fields: [string, string, string][] = [
    ["Name", expected.actor, found.actor],
    ["Timestamp", expected.timestamp, found.timestamp],
    ["Scope", expected.scope, found.scope],
    ["Data Hash", expected.dataHash, found.dataHash],
    ["Role, period and comment", expected.details, found.details],
    ["Kind", expected.action, found.action],
  ];
  return fields
    .filter(([, a, b]) => a !== b)
    .map(([name, a, b]) => `${name} "${a}" here, "${b}" in the log`);
}

/**
 * The Sign-offs sheet is visible and editable; the audit log is chained. Each sign-off row must
 * be exactly the event the log recorded for it, and each sign-off the log recorded must still
 * have its row: an edited, forged or deleted sign-off row shows here.
 */
export function checkAgainstAuditLog(
  signoffs: readonly SignoffRecord[],
  audit: readonly AuditRecord[],
): Issue[] {
  const events = new Map<string, AuditRecord>();
  for (const record of audit) {
    const id = DETAILS_ID.exec(record.details)?.[1];
    if ((record.action === "signoff" || record.action === "unlock") && id !== undefined)
      if (!events.has(id)) events.set(id, record);
  }
  const issues: Issue[] = [];
  for (const signoff of signoffs) {
    const event = events.get(signoff.id);
    const found = event === undefined ? [] : differences(signoffAuditEvent(signoff), event);
    if (event !== undefined && found.length === 0) continue;
    issues.push({
      code: "signoff_must_match_audit_log",
      severity: "error",
      where: { sheet: SIGNOFF_SHEET, row: signoff.row },
      message:
        event === undefined
          ? `${describe(signoff)} has no event in the Audit Log: the row was added by hand or the log was cut short.`
          : `${describe(signoff)} differs from its Audit Log event (row ${event.row}): ${found.join("; ")}.`,
      hint: "The Sign-offs sheet was edited after StockRec wrote it. Restore it from the previous version of the workbook; sign-offs are made with StockRec only.",
    });
  }
  const ids = new Set(signoffs.map((s) => s.id));
  for (const [id, event] of events) {
    if (ids.has(id)) continue;
    issues.push({
      code: "signoff_must_stay_in_sheet",
      severity: "error",
      where: { sheet: AUDIT_SHEET, row: event.row },
      message: `The Audit Log (row ${event.row}, Seq ${event.seq}) records sign-off ${id} by ${event.actor} at ${event.timestamp}, but the Sign-offs sheet has no row ${id}: it was deleted.`,
      hint: "Restore the Sign-offs sheet from the previous version of the workbook; sign-off rows are never deleted, even when broken or superseded.",
    });
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// The sheet

/** The sheet row of a sign-off with its status as checked at `checkedAt`. */
export function signoffRow(check: SignoffCheck, checkedAt: Timestamp): Row {
  const s = check.signoff;
  return [
    s.id,
    s.period,
    s.scope,
    ROLE_WORDS[s.role],
    s.name,
    s.timestamp,
    s.comment,
    s.dataHash,
    statusText(check),
    checkedAt,
  ];
}

function text(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return "";
  return typeof cell === "string" ? cell : String(cell);
}

function readRole(cell: CellValue | undefined): SignoffRole | null {
  const wanted = text(cell).trim().toLowerCase();
  const roles = Object.keys(ROLE_WORDS) as SignoffRole[];
  return roles.find((role) => ROLE_WORDS[role].toLowerCase() === wanted) ?? null;
}

function headerIssue(header: Row): Issue | null {
  const found = header.map((cell) => text(cell).trim());
  while (found.length > 0 && found[found.length - 1] === "") found.pop();
  if (found.length === SIGNOFF_HEADERS.length && SIGNOFF_HEADERS.every((h, i) => found[i] === h))
    return null;
  return {
    code: "signoff_columns_must_be_intact",
    severity: "error",
    where: { sheet: SIGNOFF_SHEET, row: 1 },
    message: `The Sign-offs header row reads ${found.map((h) => `"${h}"`).join(", ") || "nothing"}; StockRec expects ${SIGNOFF_HEADERS.join(", ")}, in that order.`,
    hint: "Restore the Sign-offs sheet from the previous version of the workbook; columns are not added, moved or renamed there.",
  };
}

type RowReadout = { ok: true; signoff: SignoffRecord } | { ok: false; issue: Issue };

function unreadable(row: number, column: number, id: string, what: string): RowReadout {
  return {
    ok: false,
    issue: {
      code: "signoff_row_must_be_readable",
      severity: "error",
      where: { sheet: SIGNOFF_SHEET, row, column: columnLetter(column) },
      message: `Sign-off ${id || `in row ${row}`}: ${what}.`,
      hint: "Sign-off rows are written by StockRec only; restore the row from the previous version of the workbook.",
    },
  };
}

function readSignoffRow(cells: Row, row: number): RowReadout {
  const cell = (index: number): string => text(cells[index]);
  const id = cell(0).trim();
  const bad = (column: number, what: string) => unreadable(row, column, id, what);
  const extra = cells.findIndex((c, index) => index >= SIGNOFF_HEADERS.length && !isBlank(c));
  if (extra >= 0) return bad(extra + 1, `there is "${text(cells[extra])}" after the last column`);
  if (!/^SO-\d{6,}$/.test(id)) return bad(1, `the ID "${id}" is not of the form SO-000001`);
  const period = parsePeriod(cell(1));
  if (period === null) return bad(2, `the period "${cell(1)}" is not a month written YYYY-MM`);
  if (cell(2).trim() === "") return bad(3, "the scope is empty");
  const role = readRole(cells[3]);
  if (role === null) return bad(4, `the role "${cell(3)}" is not Preparer, Reviewer or Unlock`);
  if (cell(4).trim() === "") return bad(5, "the name is empty");
  const timestamp = parseTimestamp(cell(5));
  if (timestamp === null)
    return bad(6, `the timestamp "${cell(5)}" is not an ISO 8601 time with an offset`);
  if (!SHA256_HEX.test(cell(7))) return bad(8, `the data hash "${cell(7)}" is not a SHA-256 hash`);
  const signoff: SignoffRecord = {
    id,
    period,
    scope: cell(2),
    role,
    name: cell(4),
    timestamp,
    comment: cell(6),
    dataHash: cell(7),
    row,
  };
  return { ok: true, signoff };
}

/**
 * Reads the Sign-offs sheet (header first; none when there is no sheet) strictly: a sign-off that
 * cannot be read exactly cannot be checked, so it is an error naming the cell.
 */
export function readSignoffs(rows: readonly Row[]): {
  signoffs: SignoffRecord[];
  issues: Issue[];
} {
  if (rows.length === 0) return { signoffs: [], issues: [] };
  const columns = headerIssue(rows[0] ?? []);
  if (columns !== null) return { signoffs: [], issues: [columns] };
  const signoffs: SignoffRecord[] = [];
  const issues: Issue[] = [];
  const rowOfId = new Map<string, number>();
  for (let index = 1; index < rows.length; index++) {
    const cells = rows[index] ?? [];
    if (cells.every((c) => isBlank(c))) continue;
    const readout = readSignoffRow(cells, index + 1);
    if (!readout.ok) {
      issues.push(readout.issue);
      continue;
    }
    const earlier = rowOfId.get(readout.signoff.id);
    if (earlier !== undefined) {
      issues.push({
        code: "signoff_id_must_be_unique",
        severity: "error",
        where: { sheet: SIGNOFF_SHEET, row: index + 1, column: "A" },
        message: `Sign-off ID ${readout.signoff.id} is used again (first in row ${earlier}).`,
        hint: "Restore the Sign-offs sheet from the previous version of the workbook; sign-offs are never copied or renumbered.",
      });
      continue;
    }
    rowOfId.set(readout.signoff.id, index + 1);
    signoffs.push(readout.signoff);
  }
  return { signoffs, issues };
}
