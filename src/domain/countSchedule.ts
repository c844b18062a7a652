/**
 * When 17a-13 counts are due (REFERENCE.md §1): at least one count each calendar quarter, and
 * successive counts at least two and at most four months apart. With cyclical counts each
 * security is recounted within the same window after its own previous count, and one cycle (the
 * counts that together cover the stock record) may not run beyond one calendar quarter.
 *
 * "Two months after" is the same day of the month two months later, or that month's last day
 * when it is shorter (30 Dec → 28 Feb); a count on that day is within the window (inclusive).
 */
import { parseIsoDate, type IsoDate } from "./isoDate";
import type { Issue } from "./issues";

export const MIN_MONTHS_BETWEEN_COUNTS = 2;
export const MAX_MONTHS_BETWEEN_COUNTS = 4;

/** One count made (or a part of a cycle). */
export interface CountHeld {
  readonly countDate: IsoDate;
  /** The cycle it belongs to ("2026-Q4"); null for a count of everything as of one date. */
  readonly cycle: string | null;
  /** Where the count was recorded (its sheet), for messages. */
  readonly sheet: string;
}

const pad = (n: number) => String(n).padStart(2, "0");

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** `date` plus `months` calendar months, clamped to the last day of a shorter month. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return parseIsoDate(`${String(year).padStart(4, "0")}-${pad(month)}-${pad(day)}`)!;
}

/** "2026-Q4". */
export function quarterOf(date: IsoDate): string {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
}

export function quarterEnd(quarter: string): IsoDate {
  const [year, q] = [Number(quarter.slice(0, 4)), Number(quarter.slice(6))];
  const month = q * 3;
  return parseIsoDate(`${quarter.slice(0, 4)}-${pad(month)}-${pad(daysInMonth(year, month))}`)!;
}

function nextQuarter(quarter: string): string {
  const [year, q] = [Number(quarter.slice(0, 4)), Number(quarter.slice(6))];
  return q === 4 ? `${year + 1}-Q1` : `${year}-Q${q + 1}`;
}

export interface CountWindow {
  readonly after: IsoDate;
  /** No earlier than this (two months after the previous count). */
  readonly earliest: IsoDate;
  /** No later than this (four months after the previous count). */
  readonly latest: IsoDate;
}

export function windowAfter(previous: IsoDate): CountWindow {
  return {
    after: previous,
    earliest: addMonths(previous, MIN_MONTHS_BETWEEN_COUNTS),
    latest: addMonths(previous, MAX_MONTHS_BETWEEN_COUNTS),
  };
}

export type SpacingVerdict = "in_window" | "too_soon" | "too_late";

export interface CountSpacing {
  readonly previous: IsoDate;
  readonly next: IsoDate;
  readonly allowed: CountWindow;
  readonly verdict: SpacingVerdict;
}

export interface QuarterCoverage {
  readonly quarter: string;
  readonly countDates: readonly IsoDate[];
  /** The quarter is over (as of the schedule's date) and had no count. */
  readonly missed: boolean;
  /** The quarter is current and has no count yet: one is due by its end. */
  readonly due: boolean;
}

export interface CountSchedule {
  readonly asOf: IsoDate;
  readonly quarters: readonly QuarterCoverage[];
  readonly spacings: readonly CountSpacing[];
  /** The window of the next count after the latest one; null before the first. */
  readonly nextWindow: CountWindow | null;
  /** The latest count was more than four months ago and none followed. */
  readonly overdue: boolean;
  readonly issues: readonly Issue[];
}

function verdictOf(allowed: CountWindow, next: IsoDate): SpacingVerdict {
  if (next < allowed.earliest) return "too_soon";
  return next > allowed.latest ? "too_late" : "in_window";
}

/**
 * Dates of whole counts (a cycle counts once, as of its first date) in order, one per date.
 * A cycle is a single count spread over its parts: the window runs from where it started.
 */
function countEvents(counts: readonly CountHeld[]): IsoDate[] {
  const byCycle = new Map<string, IsoDate>();
  for (const c of counts) {
    const key = c.cycle === null ? `date:${c.countDate}` : `cycle:${c.cycle}`;
    const earlier = byCycle.get(key);
    if (earlier === undefined || c.countDate < earlier) byCycle.set(key, c.countDate);
  }
  return [...new Set(byCycle.values())].sort();
}

function spacingIssue(spacing: CountSpacing): Issue {
  const soon = spacing.verdict === "too_soon";
  return {
    code: soon ? "count_must_not_be_too_soon" : "count_must_not_be_too_late",
    severity: "error",
    where: { sheet: `Count ${spacing.next}` },
    message: soon
      ? `The count of ${spacing.next} is less than two months after the count of ${spacing.previous}; the earliest a count could follow it was ${spacing.allowed.earliest}.`
      : `The count of ${spacing.next} is more than four months after the count of ${spacing.previous}; it was due by ${spacing.allowed.latest}.`,
    hint: soon
      ? "Successive counts must be two to four months apart (17a-13): keep the earlier count and move this one into the window, or record why in the firm's exception log."
      : "Record the late count in the firm's exception log, and schedule the next one within two to four months of this one.",
  };
}

/**
 * The count schedule as of `asOf`: each calendar quarter from the first count's to asOf's, with
 * its counts; the spacing of successive counts; and the next count's window, shown ahead of time.
 */
export function countSchedule(counts: readonly CountHeld[], asOf: IsoDate): CountSchedule {
  const dates = countEvents(counts.filter((c) => c.countDate <= asOf));
  const issues: Issue[] = [];
  const spacings: CountSpacing[] = [];
  for (let i = 1; i < dates.length; i++) {
    const allowed = windowAfter(dates[i - 1]!);
    const spacing = {
      previous: dates[i - 1]!,
      next: dates[i]!,
      allowed,
      verdict: verdictOf(allowed, dates[i]!),
    };
    spacings.push(spacing);
    if (spacing.verdict !== "in_window") issues.push(spacingIssue(spacing));
  }
  const quarters: QuarterCoverage[] = [];
  if (dates.length > 0) {
    const last = quarterOf(asOf);
    const all = counts.filter((c) => c.countDate <= asOf).map((c) => c.countDate);
    for (let q = quarterOf(dates[0]!); ; q = nextQuarter(q)) {
      const inQuarter = [...new Set(all.filter((d) => quarterOf(d) === q))].sort();
      const over = quarterEnd(q) < asOf;
      const coverage = {
        quarter: q,
        countDates: inQuarter,
        missed: over && inQuarter.length === 0,
        due: !over && inQuarter.length === 0,
      };
      quarters.push(coverage);
      if (coverage.missed) issues.push(missedQuarterIssue(q));
      if (q === last) break;
    }
  }
  const latest = dates.at(-1);
  const nextWindow = latest === undefined ? null : windowAfter(latest);
  const overdue = nextWindow !== null && asOf > nextWindow.latest;
  if (overdue) issues.push(overdueIssue(nextWindow, asOf));
  return { asOf, quarters, spacings, nextWindow, overdue, issues };
}

function missedQuarterIssue(quarter: string): Issue {
  return {
    code: "quarter_must_have_a_count",
    severity: "error",
    where: { sheet: "Count Schedule" },
    message: `No security count was made in ${quarter} (it ended ${quarterEnd(quarter)}); 17a-13 requires one each calendar quarter.`,
    hint: "Record the missed quarter in the firm's exception log and count now, within the window the schedule shows.",
  };
}

function overdueIssue(allowed: CountWindow, asOf: IsoDate): Issue {
  return {
    code: "count_must_not_be_overdue",
    severity: "error",
    where: { sheet: "Count Schedule" },
    message: `The last count was on ${allowed.after}; the next was due by ${allowed.latest} and none has been made (as of ${asOf}).`,
    hint: "Count now: stockrec count generate … --count-date YYYY-MM-DD.",
  };
}

// ---------------------------------------------------------------------------------------------
// Cyclical counts

/** One security counted in one part of a cycle. */
export interface SecurityCounted {
  readonly securityKey: string;
  readonly securityId: string;
  readonly countDate: IsoDate;
  readonly cycle: string | null;
  readonly sheet: string;
}

/**
 * Cycles whose parts fall in more than one calendar quarter, and securities recounted too soon
 * or too late after their own previous count when a cycle is involved (between two whole counts
 * the schedule's spacing finding says it once for every security).
 */
export function cycleFindings(
  counts: readonly CountHeld[],
  counted: readonly SecurityCounted[],
): Issue[] {
  const issues: Issue[] = [];
  const cycles = new Map<string, IsoDate[]>();
  for (const c of counts)
    if (c.cycle !== null) cycles.set(c.cycle, [...(cycles.get(c.cycle) ?? []), c.countDate]);
  for (const [cycle, dates] of cycles) {
    const sorted = [...dates].sort();
    if (quarterOf(sorted[0]!) !== quarterOf(sorted.at(-1)!)) {
      issues.push({
        code: "cycle_must_fit_in_one_quarter",
        severity: "error",
        where: { sheet: `Count ${sorted.at(-1)!}` },
        message: `Cycle "${cycle}" runs from ${sorted[0]} (${quarterOf(sorted[0]!)}) to ${sorted.at(-1)} (${quarterOf(sorted.at(-1)!)}); a cycle may not exceed one calendar quarter.`,
        hint: "Finish each cycle within the quarter it starts in; start a new cycle for the next quarter.",
      });
    }
  }
  const bySecurity = new Map<string, SecurityCounted[]>();
  for (const c of counted)
    bySecurity.set(c.securityKey, [...(bySecurity.get(c.securityKey) ?? []), c]);
  for (const list of bySecurity.values()) {
    const dates = [...new Map(list.map((c) => [c.countDate, c] as const)).values()].sort((a, b) =>
      a.countDate < b.countDate ? -1 : 1,
    );
    for (let i = 1; i < dates.length; i++) {
      // Two whole counts: their spacing is the schedule's finding already, not the security's.
      if (dates[i - 1]!.cycle === null && dates[i]!.cycle === null) continue;
      const allowed = windowAfter(dates[i - 1]!.countDate);
      const verdict = verdictOf(allowed, dates[i]!.countDate);
      if (verdict === "in_window") continue;
      issues.push({
        code: "security_recount_must_be_in_window",
        severity: "error",
        where: { sheet: dates[i]!.sheet },
        message: `${dates[i]!.securityId} was counted on ${dates[i - 1]!.countDate} and again on ${dates[i]!.countDate}, ${verdict === "too_soon" ? "less than two" : "more than four"} months later (window ${allowed.earliest} to ${allowed.latest}).`,
        hint: "In cyclical counts each security is recounted two to four months after its previous count.",
      });
    }
  }
  return issues;
}
