/**
 * The state of the month at a glance: for each step of the close, in the order the pane shows
 * them, whether it is done, due, overdue or not started yet, and by when. Pure: the pane's state
 * in, one line per step out.
 */
import type { BreakStatusRecord } from "../../../domain/breakStatus";
import type { CountSchedule } from "../../../domain/countSchedule";
import type { GlReview } from "../../../domain/glAccounts";
import type { IsoDate } from "../../../domain/isoDate";
import type { SignoffCheck } from "../../../domain/signoff";
import type { SuspenseAging } from "../../../domain/suspense";
import { clockHeadline, longDate } from "../../../workbook/clockHeadline";
import type { CloseResult } from "../../../workbook/monthEndClose";
import { countOf } from "../../format";

/** The steps in the pane's order; each is a place the pane can move focus to. */
export const FLOW_STEPS = [
  "sources",
  "mapping",
  "reconcile",
  "posting",
  "notices",
  "count",
  "glReview",
  "suspense",
  "signoff",
  "summary",
  "verify",
  "evidence",
] as const;

export type FlowStep = (typeof FLOW_STEPS)[number];

export type StepState = "done" | "due" | "overdue" | "todo";

export const STATE_WORDS: Readonly<Record<StepState, string>> = {
  done: "Done",
  due: "Due",
  overdue: "Overdue",
  todo: "Not started",
};

export const STEP_TITLES: Readonly<Record<FlowStep, string>> = {
  sources: "Sources",
  mapping: "Sheets and columns",
  reconcile: "Reconciliation",
  posting: "Difference account",
  notices: "Notices",
  count: "Quarterly count",
  glReview: "GL review",
  suspense: "Suspense",
  signoff: "Sign-offs",
  summary: "Close Summary",
  verify: "Verify",
  evidence: "Evidence pack",
};

export interface GlanceEntry {
  readonly step: FlowStep;
  readonly state: StepState;
  readonly detail: string;
}

/** What the pane knows of the month; null where a step has not run. */
export interface MonthState {
  readonly workbookName: string | null;
  readonly workbookOpen: boolean;
  readonly detectedSheets: number | null;
  readonly close: CloseResult | null;
  /** Each break's status once the Breaks sheet is written. */
  readonly statuses: ReadonlyMap<string, BreakStatusRecord> | null;
  readonly closeWritten: boolean;
  readonly countSchedule: CountSchedule | null;
  readonly glReview: GlReview | null;
  readonly suspense: SuspenseAging | null;
  readonly suspenseNeedsAction: boolean;
  readonly signoffs: readonly SignoffCheck[] | null;
  readonly summaryWrittenFor: IsoDate | null;
  /** Null until Verify ran; then how many problems it found (0: everything holds). */
  readonly verifyProblems: number | null;
}

function sourcesEntry(state: MonthState): GlanceEntry {
  if (!state.workbookOpen) {
    return { step: "sources", state: "todo", detail: "Open the month-end workbook." };
  }
  const name = state.workbookName ?? "The workbook open in Excel";
  if (state.detectedSheets === null) {
    return { step: "sources", state: "due", detail: `${name}: select Detect sheets.` };
  }
  return {
    step: "sources",
    state: "done",
    detail: `${name}: ${countOf(state.detectedSheets, "sheet", "sheets")} found.`,
  };
}

function mappingEntry(state: MonthState): GlanceEntry {
  if (state.close !== null) {
    return { step: "mapping", state: "done", detail: "Roles and columns confirmed." };
  }
  return state.detectedSheets === null
    ? { step: "mapping", state: "todo", detail: "After the sheets are detected." }
    : { step: "mapping", state: "due", detail: "Confirm each sheet's role and columns." };
}

function reconcileEntry(state: MonthState): GlanceEntry {
  const close = state.close;
  if (close === null) {
    return { step: "reconcile", state: "todo", detail: "Not run yet." };
  }
  const r = close.reconciliation;
  const breaks = countOf(r.breaks.length, "break", "breaks");
  const open =
    state.statuses === null
      ? ""
      : `, ${[...state.statuses.values()].filter((s) => s.status === "open").length} open`;
  return { step: "reconcile", state: "done", detail: `As of ${r.asOf}: ${breaks}${open}.` };
}

function postingEntry(state: MonthState): GlanceEntry {
  const close = state.close;
  if (close === null)
    return { step: "posting", state: "todo", detail: "After the reconciliation." };
  const headline = clockHeadline(close).text;
  const clock = close.clock;
  if (clock === null || clock.unpostedCount === 0) {
    return { step: "posting", state: "done", detail: headline };
  }
  return { step: "posting", state: clock.overdue ? "overdue" : "due", detail: headline };
}

function noticesEntry(state: MonthState): GlanceEntry {
  const close = state.close;
  if (close === null)
    return { step: "notices", state: "todo", detail: "After the reconciliation." };
  const notices = countOf(close.notices.length, "notice", "notices");
  return state.closeWritten
    ? { step: "notices", state: "done", detail: `${notices} on the Notices sheet.` }
    : { step: "notices", state: "due", detail: `${notices} to write.` };
}

function countEntry(state: MonthState): GlanceEntry {
  const schedule = state.countSchedule;
  if (schedule === null) return { step: "count", state: "todo", detail: "Schedule not read yet." };
  const window = schedule.nextWindow;
  if (window === null) {
    return {
      step: "count",
      state: "due",
      detail: "No count yet: the first count sets the schedule.",
    };
  }
  const span = `next between ${longDate(window.earliest)} and ${longDate(window.latest)}`;
  if (schedule.overdue) {
    return {
      step: "count",
      state: "overdue",
      detail: `Last count ${window.after}; was due by ${longDate(window.latest)}.`,
    };
  }
  const missed = schedule.quarters.filter((q) => q.missed).map((q) => q.quarter);
  if (missed.length > 0) {
    return { step: "count", state: "overdue", detail: `Missed ${missed.join(", ")}; ${span}.` };
  }
  const current = schedule.quarters.at(-1);
  if (current !== undefined && current.due) {
    return { step: "count", state: "due", detail: `${current.quarter} count due; ${span}.` };
  }
  return { step: "count", state: "done", detail: `Last count ${window.after}; ${span}.` };
}

function glReviewEntry(state: MonthState): GlanceEntry {
  const review = state.glReview;
  if (review === null) return { step: "glReview", state: "todo", detail: "Not reviewed yet." };
  const missing = review.byOwner.reduce((total, owner) => total + owner.missing, 0);
  const accounts = countOf(review.accounts.length, "account", "accounts");
  return missing === 0
    ? { step: "glReview", state: "done", detail: `${accounts} as of ${review.asOf}; none missing.` }
    : {
        step: "glReview",
        state: "due",
        detail: `${accounts} as of ${review.asOf}; ${countOf(missing, "review", "reviews")} missing.`,
      };
}

function suspenseEntry(state: MonthState): GlanceEntry {
  const aging = state.suspense;
  if (aging === null) return { step: "suspense", state: "todo", detail: "Not aged yet." };
  const flagged = aging.items.filter((item) => item.flags.length > 0).length;
  return {
    step: "suspense",
    state: state.suspenseNeedsAction ? "due" : "done",
    detail: `${countOf(aging.items.length, "item", "items")} open, ${flagged} flagged.`,
  };
}

function signoffEntry(state: MonthState): GlanceEntry {
  const checks = state.signoffs;
  if (checks === null || checks.length === 0) {
    return { step: "signoff", state: "todo", detail: "No sign-off recorded yet." };
  }
  const intact = checks.filter((c) => c.status === "valid").length;
  const broken = checks.filter((c) => c.status === "broken").length;
  return {
    step: "signoff",
    state: broken > 0 ? "overdue" : "done",
    detail: `${intact} intact, ${broken} broken.`,
  };
}

function summaryEntry(state: MonthState): GlanceEntry {
  if (state.summaryWrittenFor !== null) {
    return {
      step: "summary",
      state: "done",
      detail: `Written for the count of ${state.summaryWrittenFor}.`,
    };
  }
  return state.close === null
    ? { step: "summary", state: "todo", detail: "After the reconciliation." }
    : { step: "summary", state: "due", detail: "Write it once the steps above are done." };
}

function verifyEntry(state: MonthState): GlanceEntry {
  const problems = state.verifyProblems;
  if (problems === null) return { step: "verify", state: "todo", detail: "Not verified yet." };
  return problems === 0
    ? { step: "verify", state: "done", detail: "Audit Log and sign-offs hold." }
    : {
        step: "verify",
        state: "overdue",
        detail: `${countOf(problems, "problem", "problems")} found.`,
      };
}

export function glanceEntries(state: MonthState): GlanceEntry[] {
  return [
    sourcesEntry(state),
    mappingEntry(state),
    reconcileEntry(state),
    postingEntry(state),
    noticesEntry(state),
    countEntry(state),
    glReviewEntry(state),
    suspenseEntry(state),
    signoffEntry(state),
    summaryEntry(state),
    verifyEntry(state),
    {
      step: "evidence",
      state: "todo",
      detail: "Download the protected snapshot and its manifest last.",
    },
  ];
}

/** The id of the element a step's entry moves focus to. */
export function stepAnchorId(step: FlowStep): string {
  return `stockrec-step-${step}`;
}
