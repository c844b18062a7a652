/**
 * The lifecycle of a break (FINRA 4522(b)): a difference a count discloses is `open`, is
 * `reported` to the contra organization, and ends `resolved` (with the reason) or `posted` to the
 * Difference account when it is still unresolved after the deadline; a posted difference can
 * still be resolved later. Each (security, contra, count date) has one lifecycle: the same break
 * in a re-run of the same count keeps its status, the next count's break starts a new one.
 *
 * The statuses live in the workbook, in columns of the `Breaks` sheet that people edit; this
 * module reads them back, checks them, and carries them into the next run of the count.
 */
import { parseIsoDate, type IsoDate } from "./isoDate";
import type { Issue } from "./issues";
import type { Break } from "./reconcile";
import { columnLetter, isBlank, type CellValue, type Row } from "./sheet";
import { parseDateCell } from "./values";

export type BreakStatus = "open" | "reported" | "resolved" | "posted";
export type ResolutionReason =
  "timing" | "corporate_action" | "booking_error" | "contra_error" | "other";

export interface BreakStatusRecord {
  /** `${break id}@${count date}`: see {@link lifecycleId}. */
  readonly lifecycleId: string;
  readonly status: BreakStatus;
  /** When the difference was reported to the contra organization. */
  readonly reportedOn: IsoDate | null;
  readonly resolvedOn: IsoDate | null;
  /** When the difference was entered in the Difference account. */
  readonly postedOn: IsoDate | null;
  /** Why the difference went away; required once resolved. */
  readonly resolution: ResolutionReason | null;
  /** Free text; required when the resolution is `other`. */
  readonly note: string;
}

/** The words Excel shows. */
export const STATUS_LABELS: Readonly<Record<BreakStatus, string>> = {
  open: "Open",
  reported: "Reported",
  resolved: "Resolved",
  posted: "Posted",
};

export const RESOLUTION_LABELS: Readonly<Record<ResolutionReason, string>> = {
  timing: "Timing",
  corporate_action: "Corporate action",
  booking_error: "Booking error",
  contra_error: "Contra error",
  other: "Other",
};

/** The sheet the statuses are kept on (its layout is in src/workbook/breaksSheet.ts). */
export const BREAKS_SHEET_NAME = "Breaks";

/** Headers of the status columns of the Breaks sheet, in the order they are written. */
export const STATUS_HEADERS = {
  lifecycleId: "Lifecycle ID",
  status: "Status",
  reportedOn: "Reported On",
  resolvedOn: "Resolved On",
  resolution: "Resolution",
  note: "Note",
  postedOn: "Posted On",
} as const;

/** Columns of the Breaks sheet the reader also uses (written by breaksSheet.ts). */
const BREAK_ID_HEADER = "Break ID";
const AS_OF_HEADER = "As Of";

/** The lifecycle a break of the count of `countDate` belongs to: `037833100@DTC@2026-10-30`. */
export function lifecycleId(b: Pick<Break, "id">, countDate: IsoDate): string {
  return `${b.id}@${countDate}`;
}

/** The count date a lifecycle id names (after its last `@`), or null if it names none. */
export function countDateOfLifecycle(id: string): IsoDate | null {
  const at = id.lastIndexOf("@");
  return at < 0 ? null : parseIsoDate(id.slice(at + 1));
}

export function openStatus(id: string): BreakStatusRecord {
  return {
    lifecycleId: id,
    status: "open",
    reportedOn: null,
    resolvedOn: null,
    postedOn: null,
    resolution: null,
    note: "",
  };
}

// ---------------------------------------------------------------------------------------------
// The rules a status record obeys, whoever wrote it

type DateField = "reportedOn" | "resolvedOn" | "postedOn";
type StatusField = keyof typeof STATUS_HEADERS;

/** A broken rule, placed at the status column it concerns. */
interface RecordProblem {
  readonly code: string;
  readonly field: StatusField;
  readonly message: string;
  readonly hint: string;
}

const DATE_OF_STATUS: Readonly<Partial<Record<BreakStatus, DateField>>> = {
  reported: "reportedOn",
  resolved: "resolvedOn",
  posted: "postedOn",
};

/** Checks that hold for every record: the dates its status needs, the reason, the date order. */
function recordProblems(record: BreakStatusRecord): RecordProblem[] {
  const problems: RecordProblem[] = [];
  const label = STATUS_LABELS[record.status];
  const dateField = DATE_OF_STATUS[record.status];
  if (dateField !== undefined && record[dateField] === null) {
    problems.push({
      code: "status_date_is_required",
      field: dateField,
      message: `Break ${record.lifecycleId} is ${label} but has no ${STATUS_HEADERS[dateField]} date.`,
      hint: `Enter the date it was ${label.toLowerCase()} (YYYY-MM-DD or M/D/YYYY).`,
    });
  }
  if (record.status === "resolved" && record.resolution === null) {
    problems.push({
      code: "resolution_reason_is_required",
      field: "resolution",
      message: `Break ${record.lifecycleId} is Resolved but no resolution reason is given.`,
      hint: `Choose the reason: ${Object.values(RESOLUTION_LABELS).join(", ")}.`,
    });
  }
  if (record.resolution === "other" && record.note.trim() === "") {
    problems.push({
      code: "resolution_note_is_required",
      field: "note",
      message: `Break ${record.lifecycleId} is resolved as Other, with no note saying how.`,
      hint: "Write in the Note how the difference was resolved, or choose a more specific reason.",
    });
  }
  return [...problems, ...dateOrderProblems(record)];
}

function dateOrderProblems(record: BreakStatusRecord): RecordProblem[] {
  const problems: RecordProblem[] = [];
  const countDate = countDateOfLifecycle(record.lifecycleId);
  for (const field of ["reportedOn", "postedOn", "resolvedOn"] as const) {
    const date = record[field];
    if (date !== null && countDate !== null && date < countDate) {
      problems.push({
        code: "status_date_must_not_be_before_count_date",
        field,
        message: `${STATUS_HEADERS[field]} ${date} of break ${record.lifecycleId} is before the count date ${countDate} that disclosed the difference.`,
        hint: `Enter a date on or after ${countDate}.`,
      });
    }
  }
  const resolvedOn = record.resolvedOn;
  for (const field of ["reportedOn", "postedOn"] as const) {
    const earlier = record[field];
    if (resolvedOn !== null && earlier !== null && resolvedOn < earlier) {
      problems.push({
        code: "status_dates_must_be_in_order",
        field: "resolvedOn",
        message: `Break ${record.lifecycleId} is resolved on ${resolvedOn}, before it was ${field === "reportedOn" ? "reported" : "posted"} on ${earlier}.`,
        hint: `A difference is resolved last: enter a Resolved On date on or after ${earlier}, or correct the ${STATUS_HEADERS[field]} date.`,
      });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Changes of status (the task pane, notices, the Difference account)

export type StatusChange =
  | { readonly to: "open" }
  | { readonly to: "reported"; readonly on?: IsoDate }
  | {
      readonly to: "resolved";
      readonly on?: IsoDate;
      readonly reason: ResolutionReason | null;
      readonly note?: string;
    }
  | { readonly to: "posted"; readonly on?: IsoDate };

export type StatusChangeOutcome =
  | { readonly ok: true; readonly record: BreakStatusRecord }
  | { readonly ok: false; readonly issue: Issue };

/**
 * Where a status may go next. A status only moves forward; a posted difference stays open in
 * the Difference account until resolved, so it can still be resolved. Resolved is final: a
 * difference that comes back is a new one.
 */
const NEXT_STATUSES: Readonly<Record<BreakStatus, readonly BreakStatus[]>> = {
  open: ["reported", "resolved", "posted"],
  reported: ["resolved", "posted"],
  posted: ["resolved"],
  resolved: [],
};

export function canChangeStatus(from: BreakStatus, to: BreakStatus): boolean {
  return NEXT_STATUSES[from].includes(to);
}

function changed(current: BreakStatusRecord, change: StatusChange, on: IsoDate): BreakStatusRecord {
  switch (change.to) {
    case "open":
      return current;
    case "reported":
      return { ...current, status: "reported", reportedOn: on };
    case "posted":
      return { ...current, status: "posted", postedOn: on };
    case "resolved":
      return {
        ...current,
        status: "resolved",
        resolvedOn: on,
        resolution: change.reason,
        note: change.note ?? current.note,
      };
  }
}

/**
 * The record after `change`, dated `change.on` (default `today`), or the issue naming the rule
 * the change breaks. The issue is placed on the Breaks sheet, where the status is kept.
 */
export function applyStatusChange(
  current: BreakStatusRecord,
  change: StatusChange,
  today: IsoDate,
): StatusChangeOutcome {
  const where = { sheet: BREAKS_SHEET_NAME };
  const refuse = (code: string, message: string, hint: string): StatusChangeOutcome => ({
    ok: false,
    issue: { code, severity: "error", where, message, hint },
  });
  if (!canChangeStatus(current.status, change.to)) {
    const allowed = NEXT_STATUSES[current.status].map((s) => STATUS_LABELS[s]);
    return refuse(
      "status_change_must_follow_lifecycle",
      `Break ${current.lifecycleId} is ${STATUS_LABELS[current.status]}; it cannot become ${STATUS_LABELS[change.to]}.`,
      allowed.length === 0
        ? "A resolved difference stays resolved: if it came back, the next count reports it as a new break."
        : `From ${STATUS_LABELS[current.status]} a break can become ${allowed.join(" or ")} (Open → Reported → Resolved or Posted).`,
    );
  }
  const on = change.to === "open" ? today : (change.on ?? today);
  if (on > today) {
    return refuse(
      "status_date_must_not_be_after_today",
      `Break ${current.lifecycleId} cannot be ${STATUS_LABELS[change.to]} on ${on}: that is after today (${today}).`,
      "Record a status change on the day it happens, or earlier.",
    );
  }
  const next = changed(current, change, on);
  const [problem] = recordProblems(next);
  if (problem !== undefined) return refuse(problem.code, problem.message, problem.hint);
  return { ok: true, record: next };
}

/**
 * Records each lifecycle in `lifecycleIds` as posted to the Difference account on `postedOn`.
 * A break already posted keeps its first posting date; a resolved one, or an id that is not
 * among `statuses`, is an issue and left unchanged.
 */
export function markPosted(
  statuses: readonly BreakStatusRecord[],
  lifecycleIds: readonly string[],
  postedOn: IsoDate,
): { readonly statuses: readonly BreakStatusRecord[]; readonly issues: readonly Issue[] } {
  const wanted = new Set(lifecycleIds);
  const issues: Issue[] = [];
  const known = new Set(statuses.map((s) => s.lifecycleId));
  for (const id of wanted) {
    if (!known.has(id)) {
      issues.push({
        code: "lifecycle_id_must_be_known",
        severity: "error",
        where: { sheet: BREAKS_SHEET_NAME },
        message: `No break with lifecycle ${id} is in this run, so it cannot be marked Posted.`,
        hint: "Post only differences of the breaks this run shows; re-run the count if the Breaks sheet is out of date.",
      });
    }
  }
  const next = statuses.map((record) => {
    if (!wanted.has(record.lifecycleId) || record.status === "posted") return record;
    const outcome = applyStatusChange(record, { to: "posted", on: postedOn }, postedOn);
    if (outcome.ok) return outcome.record;
    issues.push(outcome.issue);
    return record;
  });
  return { statuses: next, issues };
}

// ---------------------------------------------------------------------------------------------
// Carrying statuses into a run

export interface CarriedStatuses {
  /** One record per break, in the order of the breaks; a break seen before keeps its record. */
  readonly statuses: readonly BreakStatusRecord[];
  /** Records of earlier runs whose break is not in this run (fixed, or of another count). */
  readonly noLongerShown: readonly BreakStatusRecord[];
}

export function carryForward(
  breaks: readonly Pick<Break, "id">[],
  countDate: IsoDate,
  previous: Iterable<BreakStatusRecord>,
): CarriedStatuses {
  const byId = new Map<string, BreakStatusRecord>();
  for (const record of previous) {
    if (!byId.has(record.lifecycleId)) byId.set(record.lifecycleId, record);
  }
  const statuses = breaks.map((b) => {
    const id = lifecycleId(b, countDate);
    return byId.get(id) ?? openStatus(id);
  });
  const shown = new Set(statuses.map((s) => s.lifecycleId));
  const noLongerShown = [...byId.values()].filter((r) => !shown.has(r.lifecycleId));
  return { statuses, noLongerShown };
}

/**
 * What the user should know about statuses that leave the Breaks sheet: a reported or posted
 * break of this count that no longer breaks (each one, as a warning), and the statuses of an
 * earlier count, which the new count does not carry (one note).
 */
export function noLongerShownIssues(
  noLongerShown: readonly BreakStatusRecord[],
  countDate: IsoDate,
): Issue[] {
  const where = { sheet: BREAKS_SHEET_NAME };
  const worthSaying = noLongerShown.filter((r) => r.status === "reported" || r.status === "posted");
  const thisCount = worthSaying.filter((r) => countDateOfLifecycle(r.lifecycleId) === countDate);
  const earlier = worthSaying.filter((r) => countDateOfLifecycle(r.lifecycleId) !== countDate);
  const issues: Issue[] = thisCount.map((record) => ({
    code: "break_status_no_longer_shown",
    severity: "warning",
    where,
    message: `Break ${record.lifecycleId} was ${describeStatus(record)}, but it is no longer a break in this run, so its row leaves the Breaks sheet.`,
    hint:
      record.status === "posted"
        ? "The Difference account still holds the posted difference: resolve it there if the difference is gone."
        : "If the books or the statement were corrected, tell the contra organization the difference is resolved.",
  }));
  if (earlier.length > 0) {
    const counts = [...new Set(earlier.map((r) => countDateOfLifecycle(r.lifecycleId) ?? "?"))];
    issues.push({
      code: "earlier_count_statuses_not_carried",
      severity: "info",
      where,
      message: `${earlier.length} reported or posted ${earlier.length === 1 ? "break" : "breaks"} of the count of ${counts.sort().join(", ")} (${listed(earlier.map((r) => r.lifecycleId))}) ${earlier.length === 1 ? "is" : "are"} not carried to the count of ${countDate}: each count's breaks start Open.`,
      hint: "Unresolved differences carry over in the Difference account; report this count's differences with this count's notices.",
    });
  }
  return issues;
}

/** The first dozen, and how many more: a message stays readable with a thousand breaks. */
function listed(ids: readonly string[]): string {
  const shown = ids.slice(0, 12).join(", ");
  return ids.length > 12 ? `${shown}, … ${ids.length - 12} more` : shown;
}

function describeStatus(record: BreakStatusRecord): string {
  const date = record.status === "open" ? null : record[DATE_OF_STATUS[record.status]!];
  return date === null
    ? STATUS_LABELS[record.status]
    : `${STATUS_LABELS[record.status]} on ${date}`;
}

// ---------------------------------------------------------------------------------------------
// Reading the statuses people edited on the Breaks sheet

export interface ReadStatusesOptions {
  /** Sheet name for issues (default "Breaks"). */
  readonly sheet?: string;
  /**
   * Count date of a row whose Lifecycle ID cell is empty and whose As Of cell cannot be read;
   * its lifecycle is then `${Break ID}@${countDate}`.
   */
  readonly countDate?: IsoDate;
}

export interface ReadStatuses {
  /** One record per row that names a lifecycle and has no error, in sheet order. */
  readonly statuses: readonly BreakStatusRecord[];
  readonly issues: readonly Issue[];
  /** False when the sheet has no Status column (written before statuses existed, or empty). */
  readonly hasStatusColumn: boolean;
}

/** Status and reason words, matched ignoring case, spacing, underscores and hyphens. */
function wordKey(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, " ");
}

const STATUS_WORDS = new Map(
  (Object.keys(STATUS_LABELS) as BreakStatus[]).map((s) => [wordKey(STATUS_LABELS[s]), s]),
);
const RESOLUTION_WORDS = new Map(
  (Object.keys(RESOLUTION_LABELS) as ResolutionReason[]).map((r) => [
    wordKey(RESOLUTION_LABELS[r]),
    r,
  ]),
);

/** Finds the table header: the first of the top rows with a Status column. */
function findHeader(rows: readonly Row[]): { row: number; columns: Map<string, number> } | null {
  for (const [index, row] of rows.slice(0, 10).entries()) {
    const columns = new Map<string, number>();
    row.forEach((cell, column) => {
      const key = typeof cell === "string" ? wordKey(cell) : "";
      if (key !== "" && !columns.has(key)) columns.set(key, column);
    });
    if (columns.has(wordKey(STATUS_HEADERS.status))) return { row: index, columns };
  }
  return null;
}

/**
 * Reads the status columns back from the rows of a Breaks sheet (row 1 first, as hosts hand a
 * sheet over). Headers are found by name, so people may move columns. Each problem is an issue
 * at its sheet, row and column; a row with an error gives no record.
 */
export function readStatusesFromBreaksSheet(
  rows: readonly Row[],
  options: ReadStatusesOptions = {},
): ReadStatuses {
  const sheet = options.sheet ?? BREAKS_SHEET_NAME;
  const header = findHeader(rows);
  if (header === null) return { statuses: [], issues: [], hasStatusColumn: false };
  const column = (name: string): number | undefined => header.columns.get(wordKey(name));
  const layout: RowLayout = {
    sheet,
    countDate: options.countDate ?? null,
    breakId: column(BREAK_ID_HEADER),
    asOf: column(AS_OF_HEADER),
    fields: Object.fromEntries(
      Object.entries(STATUS_HEADERS).map(([field, name]) => [field, column(name)]),
    ) as Record<StatusField, number | undefined>,
  };
  const statuses: BreakStatusRecord[] = [];
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  for (let index = header.row + 1; index < rows.length; index++) {
    const sheetRow = index + 1;
    const read = readRow(rows[index]!, sheetRow, layout);
    issues.push(...read.issues);
    if (read.record === null) continue;
    const first = seen.get(read.record.lifecycleId);
    if (first !== undefined) {
      issues.push(duplicateIssue(read.record.lifecycleId, sheetRow, first, layout));
      continue;
    }
    seen.set(read.record.lifecycleId, sheetRow);
    if (!read.issues.some((i) => i.severity === "error")) statuses.push(read.record);
  }
  return { statuses, issues, hasStatusColumn: true };
}

interface RowLayout {
  readonly sheet: string;
  readonly countDate: IsoDate | null;
  readonly breakId: number | undefined;
  readonly asOf: number | undefined;
  readonly fields: Readonly<Record<StatusField, number | undefined>>;
}

function cellAt(row: Row, column: number | undefined): CellValue {
  return column === undefined ? null : (row[column] ?? null);
}

function textAt(row: Row, column: number | undefined): string {
  const cell = cellAt(row, column);
  return cell === null ? "" : String(cell).trim();
}

function show(cell: CellValue): string {
  const text = String(cell);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

interface RowRead {
  readonly record: BreakStatusRecord | null;
  readonly issues: readonly Issue[];
}

type IssueAt = (field: StatusField, code: string, message: string, hint: string) => Issue;

function readRow(row: Row, sheetRow: number, layout: RowLayout): RowRead {
  const { fields } = layout;
  const issueAt: IssueAt = (field, code, message, hint) => ({
    code,
    severity: "error",
    where: {
      sheet: layout.sheet,
      row: sheetRow,
      ...(fields[field] === undefined ? {} : { column: columnLetter(fields[field]! + 1) }),
    },
    message,
    hint,
  });
  const id = rowLifecycleId(row, layout);
  if (id === null) {
    // What a person entered: Open is what every row starts with, so it alone says nothing.
    const entered = (
      ["status", "reportedOn", "resolvedOn", "resolution", "note", "postedOn"] as const
    )
      .map((field) => cellAt(row, fields[field]))
      .filter((cell) => !isBlank(cell) && STATUS_WORDS.get(wordKey(String(cell))) !== "open");
    if (entered.length === 0) return { record: null, issues: [] };
    const issue = issueAt(
      "lifecycleId",
      "lifecycle_id_is_required",
      `Row ${sheetRow} has a status (${entered.map(show).join(", ")}) but no Lifecycle ID or Break ID saying which break it is for.`,
      "Put the status on the row of its break, or write the break's Lifecycle ID back (Break ID@count date).",
    );
    return { record: null, issues: [issue] };
  }
  const read = readStatusCells(row, id, fields, issueAt);
  // A status or date that could not be read already has its issue; the rules are checked on
  // rows read whole, so that one mistake gives one issue.
  if (read.issues.length > 0) return read;
  const problems = recordProblems(read.record);
  return {
    record: read.record,
    issues: problems.map((p) => issueAt(p.field, p.code, p.message, p.hint)),
  };
}

/** The record the status cells of a row spell, and an issue for each cell that cannot be read. */
function readStatusCells(
  row: Row,
  id: string,
  fields: RowLayout["fields"],
  issueAt: IssueAt,
): { record: BreakStatusRecord; issues: Issue[] } {
  const issues: Issue[] = [];
  const status = readWord(row, fields.status, STATUS_WORDS, (cell) =>
    issueAt(
      "status",
      "status_must_be_known",
      `The status "${show(cell)}" of break ${id} is not one StockRec knows.`,
      `Write one of ${Object.values(STATUS_LABELS).join(", ")}.`,
    ),
  );
  const resolution = readWord(row, fields.resolution, RESOLUTION_WORDS, (cell) =>
    issueAt(
      "resolution",
      "resolution_reason_must_be_known",
      `The resolution "${show(cell)}" of break ${id} is not one StockRec knows.`,
      `Write one of ${Object.values(RESOLUTION_LABELS).join(", ")}; explain anything else in the Note with Other.`,
    ),
  );
  const date = (field: DateField): IsoDate | null => {
    const cell = cellAt(row, fields[field]);
    if (isBlank(cell)) return null;
    const parsed = parseDateCell(cell);
    if (parsed.ok) return parsed.value;
    issues.push(
      issueAt(
        field,
        parsed.problem.code,
        `${STATUS_HEADERS[field]} of break ${id}: ${parsed.problem.message}`,
        parsed.problem.hint,
      ),
    );
    return null;
  };
  issues.push(...status.issues, ...resolution.issues);
  const record: BreakStatusRecord = {
    lifecycleId: id,
    // A blank Status is Open: clearing the cell is how people take a status back.
    status: status.value ?? "open",
    reportedOn: date("reportedOn"),
    resolvedOn: date("resolvedOn"),
    postedOn: date("postedOn"),
    resolution: resolution.value,
    note: textAt(row, fields.note),
  };
  return { record, issues };
}

/** A word of `words` (blank is null), or the issue `unknown` makes of the cell. */
function readWord<T>(
  row: Row,
  column: number | undefined,
  words: ReadonlyMap<string, T>,
  unknown: (cell: CellValue) => Issue,
): { value: T | null; issues: Issue[] } {
  const cell = cellAt(row, column);
  if (isBlank(cell)) return { value: null, issues: [] };
  const value = words.get(wordKey(String(cell)));
  return value === undefined ? { value: null, issues: [unknown(cell)] } : { value, issues: [] };
}

/** The row's Lifecycle ID, else its Break ID at its As Of date (or the count date). */
function rowLifecycleId(row: Row, layout: RowLayout): string | null {
  const written = textAt(row, layout.fields.lifecycleId);
  if (written !== "") return written;
  const breakId = textAt(row, layout.breakId);
  if (breakId === "") return null;
  const asOf = cellAt(row, layout.asOf);
  const parsed = isBlank(asOf) ? null : parseDateCell(asOf);
  const countDate = parsed?.ok ? parsed.value : layout.countDate;
  return countDate === null ? null : `${breakId}@${countDate}`;
}

function duplicateIssue(id: string, sheetRow: number, firstRow: number, layout: RowLayout): Issue {
  const column = layout.fields.lifecycleId ?? layout.breakId;
  return {
    code: "lifecycle_id_must_be_unique",
    severity: "error",
    where: {
      sheet: layout.sheet,
      row: sheetRow,
      ...(column === undefined ? {} : { column: columnLetter(column + 1) }),
    },
    message: `Row ${sheetRow} is for break ${id} again: row ${firstRow} is already its row.`,
    hint: `Keep one row per break: delete row ${sheetRow} or move its status to row ${firstRow}.`,
  };
}
