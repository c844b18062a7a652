/**
 * The quarterly security count (SEA Rule 17a-13) as the pane shows it, as plain data: the default
 * count date, what a generated sheet asks people to do, the schedule at a glance, the outcome of
 * each line, the differences with Long/Short, and the posting clock in the close's own words.
 */
import { abs, formatGrouped, sign, type Decimal } from "../../../domain/decimal";
import { NO_COUNT_PEOPLE, type CountPeople } from "../../../domain/countIndependence";
import { quarterEnd, quarterOf, type CountSchedule } from "../../../domain/countSchedule";
import type { IsoDate } from "../../../domain/isoDate";
import {
  COUNT_OUTCOME_LABELS,
  POSSESSION_LABELS,
  type ComparedLine,
  type CountLine,
  type CountOutcome,
} from "../../../domain/securityCount";
import type { Settings } from "../../../domain/settings";
import { clockHeadline, longDate, type ClockHeadline } from "../../../workbook/clockHeadline";
import type { CountResult } from "../../../workbook/countRun";
import { countOf } from "../../format";

/** The reconciliation's as-of date when one was run (each is a count), else the quarter's end. */
export function defaultCountDate(today: IsoDate, reconciledAsOf: IsoDate | null): IsoDate {
  return reconciledAsOf ?? quarterEnd(quarterOf(today));
}

/** "VAULT, box 12 ; Vault-B" → ["VAULT", "box 12", "Vault-B"]; empty for none (every location). */
export function parseLocationList(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

/** What the generated sheet asks of people, by kind of line. */
export interface LineTally {
  /** In the firm's possession: to count. */
  readonly toCount: number;
  /** Out of possession more than 30 days (or since an unknown date): to verify. */
  readonly toVerify: number;
  /** Out of possession 30 days or less: accounted for from the records. */
  readonly accountedFor: number;
  /** At a depository reconciled monthly: verified by that statement. */
  readonly byReconciliation: number;
}

export function tallyLines(lines: readonly CountLine[]): LineTally {
  let toCount = 0;
  let toVerify = 0;
  let accountedFor = 0;
  let byReconciliation = 0;
  for (const line of lines) {
    if (line.status === "in_possession") toCount++;
    else if (line.status === "deposited") byReconciliation++;
    else if (line.verificationRequired) toVerify++;
    else accountedFor++;
  }
  return { toCount, toVerify, accountedFor, byReconciliation };
}

export interface TallyRow {
  readonly label: string;
  readonly count: number;
  readonly detail: string;
}

export function tallyRows(tally: LineTally): TallyRow[] {
  return [
    {
      label: "To count",
      count: tally.toCount,
      detail: "In the firm's possession (vault, box): count them and enter the quantity found.",
    },
    {
      label: "To verify",
      count: tally.toVerify,
      detail:
        "Out of possession more than 30 days: enter the confirmation's date, reference and quantity.",
    },
    {
      label: "Accounted for",
      count: tally.accountedFor,
      detail: "Out of possession 30 days or less: accounted for from the records.",
    },
    {
      label: "Verified by reconciliation",
      count: tally.byReconciliation,
      detail: "At a depository reconciled each month: its statement verifies them.",
    },
  ];
}

/** The people the settings name for the independence check; `named` false when there are none. */
export interface CountPeopleShown {
  readonly people: CountPeople;
  readonly named: boolean;
}

/** The count people of the loaded settings (`countPeople`; none in a workbook saved before it). */
export function countPeopleOf(settings: Settings): CountPeopleShown {
  const people = settings.countPeople ?? NO_COUNT_PEOPLE;
  return { people, named: people.custodians.length + people.recordKeepers.length > 0 };
}

export function peopleSentence(shown: CountPeopleShown): string {
  if (!shown.named) {
    return "The workbook settings name no custodians or record keepers: independence is checked only for a name on each counted line.";
  }
  const { custodians, recordKeepers } = shown.people;
  const holders = custodians
    .map((c) => (c.locations.length === 0 ? c.name : `${c.name} (${c.locations.join(", ")})`))
    .join("; ");
  const keepers = recordKeepers.join("; ");
  return `Independence is checked against ${countOf(custodians.length, "custodian", "custodians")}${holders === "" ? "" : ` — ${holders}`} and ${countOf(recordKeepers.length, "record keeper", "record keepers")}${keepers === "" ? "" : ` — ${keepers}`}.`;
}

// ---------------------------------------------------------------------------------------------
// The schedule

export interface ScheduleShown {
  readonly lastCount: IsoDate | null;
  /** "Mon 31 Aug 2026 – Fri 30 Oct 2026", or null before the first count. */
  readonly nextWindow: string | null;
  readonly overdue: boolean;
  /** "2026-Q3": quarters over with no count. */
  readonly missedQuarters: readonly string[];
  /** One line per pair of counts too close or too far apart. */
  readonly violations: readonly string[];
  /** The current quarter has no count yet. */
  readonly dueQuarter: string | null;
}

export function scheduleShown(schedule: CountSchedule): ScheduleShown {
  const window = schedule.nextWindow;
  const current = schedule.quarters.at(-1);
  return {
    lastCount: window?.after ?? null,
    nextWindow:
      window === null ? null : `${longDate(window.earliest)} – ${longDate(window.latest)}`,
    overdue: schedule.overdue,
    missedQuarters: schedule.quarters.filter((q) => q.missed).map((q) => q.quarter),
    violations: schedule.spacings
      .filter((s) => s.verdict !== "in_window")
      .map((s) =>
        s.verdict === "too_soon"
          ? `Count of ${s.next} is under 2 months after ${s.previous} (earliest ${s.allowed.earliest}).`
          : `Count of ${s.next} is over 4 months after ${s.previous} (due by ${s.allowed.latest}).`,
      ),
    dueQuarter: current !== undefined && current.due ? current.quarter : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Outcomes and differences

/** "Long 50" / "Short 25": the words, never a bare sign (DESIGN.md). */
export function longShort(difference: Decimal): string {
  return `${sign(difference) < 0 ? "Short" : "Long"} ${formatGrouped(abs(difference))}`;
}

export interface OutcomeRow {
  readonly lineId: string;
  readonly securityId: string;
  readonly location: string;
  readonly status: string;
  readonly outcome: CountOutcome;
  readonly label: string;
  /** "Long 50", "Short 25", or null when there is no difference. */
  readonly difference: string | null;
  /** Needs someone's action (not counted, unverified, a difference). */
  readonly attention: boolean;
  /** A line people count or confirm (in possession, or to verify), or one with a difference. */
  readonly worked: boolean;
  /** 1-based row of the count sheet. */
  readonly row: number;
}

const ATTENTION: ReadonlySet<CountOutcome> = new Set(["not_counted", "unverified", "difference"]);

export function outcomeRows(lines: readonly ComparedLine[]): OutcomeRow[] {
  return lines.map((compared) => {
    const line = compared.recorded.line;
    const difference = compared.difference;
    const shown = difference === null || sign(difference) === 0 ? null : longShort(difference);
    return {
      lineId: line.lineId,
      securityId: line.securityId,
      location: line.location,
      status: POSSESSION_LABELS[line.status],
      outcome: compared.outcome,
      label: COUNT_OUTCOME_LABELS[compared.outcome],
      difference: shown,
      attention: ATTENTION.has(compared.outcome) || shown !== null,
      worked: line.status === "in_possession" || line.verificationRequired || shown !== null,
      row: compared.recorded.row,
    };
  });
}

/** Outcome → how many lines, in the order people act on them. */
export function outcomeTally(rows: readonly OutcomeRow[]): { label: string; count: number }[] {
  const order: readonly CountOutcome[] = [
    "not_counted",
    "unverified",
    "difference",
    "agreed",
    "verified",
    "accounted_for",
    "verified_by_reconciliation",
  ];
  return order
    .map((outcome) => ({
      label: COUNT_OUTCOME_LABELS[outcome],
      count: rows.filter((r) => r.outcome === outcome).length,
    }))
    .filter((t) => t.count > 0);
}

/** The lines with a difference: what the Difference account will hear about. */
export function differenceRows(rows: readonly OutcomeRow[]): OutcomeRow[] {
  return rows.filter((r) => r.difference !== null);
}

/** The part of the count step whose controls started a task: its progress and notice show there. */
export type CountPart = "generate" | "record" | "compare";

export function countPartOf(task: string | null): CountPart | null {
  switch (task) {
    case "generatingCount":
      return "generate";
    case "selectingCountSheet":
    case "checkingCount":
      return "record";
    case "comparingCount":
    case "postingCount":
      return "compare";
    default:
      return null;
  }
}

/**
 * The count's posting clock in the close's words (count date + 7 business days); a count not yet
 * complete says so first, since its differences are not known and nothing can be posted.
 */
export function countHeadline(
  result: Pick<CountResult, "clock" | "posted" | "complete" | "comparison">,
): ClockHeadline {
  if (result.complete) return clockHeadline(result);
  const open = result.comparison.lines.filter((l) => l.outcome === "not_counted").length;
  const clock = result.clock;
  const left =
    clock.businessDaysLeft < 0
      ? `the deadline ${longDate(clock.deadline)} has passed`
      : `post by ${longDate(clock.deadline)} (${countOf(clock.businessDaysLeft, "business day", "business days")} left)`;
  return {
    intent: clock.businessDaysLeft < 0 ? "error" : "warning",
    text: `Count not complete: ${countOf(open, "line", "lines")} not counted or entries unreadable, so its differences are not known yet — ${left}.`,
  };
}
