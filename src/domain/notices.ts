/**
 * Difference notices (FINRA 4522(b)(1)): each contra organization is told of every difference
 * between its statement and the firm's books, with both quantities and the as-of date. A notice
 * per contra, its lines referenced by the break's lifecycle, so the contra's answer can be matched
 * back to the break it is about. Breaks already resolved are not reported.
 */
import { abs, toDecimalString, type Decimal } from "./decimal";
import type { IsoDate } from "./isoDate";
import type { Issue } from "./issues";
import { contraKey } from "./positions";
import type { Break, Direction } from "./reconcile";
import {
  applyStatusChange,
  carryForward,
  type BreakStatus,
  type BreakStatusRecord,
} from "./breakStatus";

export interface NoticeLine {
  /** The break's lifecycle: the line's reference, `037833100@DTC@2026-10-30`. */
  readonly lifecycleId: string;
  readonly breakId: string;
  readonly securityId: string;
  readonly description: string;
  /** The firm's books ("ours"). */
  readonly ourQuantity: Decimal;
  /** The contra's statement ("yours"). */
  readonly yourQuantity: Decimal;
  /** |statement − books|; `direction` says which way. */
  readonly differenceQuantity: Decimal;
  /** From the firm's side: Short when the statement shows less than the books. */
  readonly direction: Direction;
  /** The break's status when the notice was built (never `resolved`). */
  readonly status: BreakStatus;
}

export interface Notice {
  /** `NOTICE-DTC-20261030`: the contra and the count date. */
  readonly reference: string;
  readonly contra: string;
  /** The count date the quantities are as of. */
  readonly asOf: IsoDate;
  readonly preparedOn: IsoDate;
  /** In security id order. */
  readonly lines: readonly NoticeLine[];
}

/** `NOTICE-BNY-MELLON-20261030`: letters and digits of the contra, the date without dashes. */
export function noticeReference(contra: string, asOf: IsoDate): string {
  const name = contraKey(contra)
    .replace(/[^A-Z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `NOTICE-${name === "" ? "CONTRA" : name}-${asOf.replace(/-/g, "")}`;
}

/**
 * One notice per contra organization that has an unresolved break, contras in name order.
 * `statuses` are the breaks' status records (a break without one is open).
 */
export function buildNotices(
  result: { readonly breaks: readonly Break[] },
  countDate: IsoDate,
  statuses: readonly BreakStatusRecord[],
  today: IsoDate,
): Notice[] {
  const carried = carryForward(result.breaks, countDate, statuses).statuses;
  const byContra = new Map<string, { contra: string; lines: NoticeLine[] }>();
  result.breaks.forEach((b, index) => {
    const record = carried[index]!;
    if (record.status === "resolved") return;
    const key = contraKey(b.contra);
    const group = byContra.get(key) ?? { contra: b.contra, lines: [] };
    group.lines.push({
      lifecycleId: record.lifecycleId,
      breakId: b.id,
      securityId: b.securityId,
      description: b.description,
      ourQuantity: b.booksQuantity,
      yourQuantity: b.statementQuantity,
      differenceQuantity: abs(b.difference),
      direction: b.direction,
      status: record.status,
    });
    byContra.set(key, group);
  });
  return [...byContra.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => ({
      reference: noticeReference(group.contra, countDate),
      contra: group.contra,
      asOf: countDate,
      preparedOn: today,
      lines: [...group.lines].sort(
        (a, b) =>
          compareText(a.securityId, b.securityId) || compareText(a.lifecycleId, b.lifecycleId),
      ),
    }));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Records the open breaks the notices report as reported on `today`. Breaks already reported
 * or posted keep their status and dates; a break the notices do not name is unchanged.
 */
export function markReported(
  statuses: readonly BreakStatusRecord[],
  notices: readonly Notice[],
  today: IsoDate,
): { readonly statuses: readonly BreakStatusRecord[]; readonly issues: readonly Issue[] } {
  const reported = new Set(notices.flatMap((n) => n.lines.map((l) => l.lifecycleId)));
  const issues: Issue[] = [];
  const next = statuses.map((record) => {
    if (record.status !== "open" || !reported.has(record.lifecycleId)) return record;
    const outcome = applyStatusChange(record, { to: "reported", on: today }, today);
    if (outcome.ok) return outcome.record;
    issues.push(outcome.issue);
    return record;
  });
  return { statuses: next, issues };
}

// ---------------------------------------------------------------------------------------------
// CSV, one file per contra

/** The columns of a notice, in the order the CSV and the Notices sheet show them. */
export const NOTICE_HEADERS = [
  "Notice Reference",
  "Contra",
  "As Of",
  "Prepared On",
  "Security ID",
  "Description",
  "Our Quantity (Books)",
  "Your Quantity (Statement)",
  "Difference",
  "Long/Short (Ours)",
  "Break Reference",
] as const;

/** Long/Short from the firm's side, as the Breaks sheet writes it. */
export function directionWord(direction: Direction): "Long" | "Short" {
  return direction === "long" ? "Long" : "Short";
}

/**
 * A spreadsheet opening the CSV would run a text field that starts like a formula; such text
 * (a description copied from a statement) gets a leading apostrophe, as OWASP advises.
 * Quantities are never touched: "-50" is a number.
 */
function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The notice as CSV (RFC 4180: CRLF line ends, a header row, then one row per difference).
 * Quantities are exact decimal strings ("1250", "-0.125"), dates ISO (YYYY-MM-DD).
 * Identifiers are written as they are; a spreadsheet opening the file may read a CUSIP such as
 * 037833100 as a number and drop its zeros, so whoever imports it should read the Security ID
 * column as text.
 */
export function noticeCsv(notice: Notice): string {
  const rows = notice.lines.map((line) => [
    notice.reference,
    safeText(notice.contra),
    notice.asOf,
    notice.preparedOn,
    safeText(line.securityId),
    safeText(line.description),
    toDecimalString(line.ourQuantity),
    toDecimalString(line.yourQuantity),
    toDecimalString(line.differenceQuantity),
    directionWord(line.direction),
    safeText(line.lifecycleId),
  ]);
  return [[...NOTICE_HEADERS], ...rows].map((r) => r.map(csvField).join(",") + "\r\n").join("");
}
