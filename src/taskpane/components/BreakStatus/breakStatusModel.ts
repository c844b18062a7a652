/**
 * What the status controls of a break offer and ask, without React. The rules themselves are the
 * domain's (src/domain/breakStatus.ts): the pane only offers the changes `canChangeStatus` allows
 * and shows the issue `applyStatusChange` returns, at the field it concerns.
 */
import {
  canChangeStatus,
  RESOLUTION_LABELS,
  STATUS_LABELS,
  type BreakStatus,
  type BreakStatusRecord,
  type ResolutionReason,
  type StatusChange,
} from "../../../domain/breakStatus";
import { parseIsoDate, type IsoDate } from "../../../domain/isoDate";
import type { Issue } from "../../../domain/issues";

/** The changes a person makes from the pane; Posted is recorded by posting, not by hand. */
export type StatusAction = "reported" | "resolved";

export const ACTION_LABELS: Readonly<Record<StatusAction, string>> = {
  reported: "Mark reported",
  resolved: "Resolve",
};

export const DATE_LABELS: Readonly<Record<StatusAction, string>> = {
  reported: "Reported on",
  resolved: "Resolved on",
};

export const RESOLUTION_ORDER: readonly ResolutionReason[] = [
  "timing",
  "corporate_action",
  "booking_error",
  "contra_error",
  "other",
];

export function isResolutionReason(value: string | undefined): value is ResolutionReason {
  return value !== undefined && (RESOLUTION_ORDER as readonly string[]).includes(value);
}

export function actionsFrom(status: BreakStatus): StatusAction[] {
  return (["reported", "resolved"] as const).filter((to) => canChangeStatus(status, to));
}

/** Badge colours: what still needs doing stands out, what is done recedes. */
export const STATUS_COLORS: Readonly<
  Record<BreakStatus, "warning" | "informative" | "brand" | "success">
> = {
  open: "warning",
  reported: "informative",
  posted: "brand",
  resolved: "success",
};

/** "Reported on 2026-11-02", "Resolved on 2026-11-05 · Timing", "Open". */
export function statusSummary(record: BreakStatusRecord): string {
  switch (record.status) {
    case "open":
      return STATUS_LABELS.open;
    case "reported":
      return `${STATUS_LABELS.reported} on ${record.reportedOn ?? "?"}`;
    case "posted":
      return `${STATUS_LABELS.posted} on ${record.postedOn ?? "?"}`;
    case "resolved": {
      const reason = record.resolution === null ? "" : ` · ${RESOLUTION_LABELS[record.resolution]}`;
      const note = record.note === "" ? "" : ` · ${record.note}`;
      return `${STATUS_LABELS.resolved} on ${record.resolvedOn ?? "?"}${reason}${note}`;
    }
  }
}

/** What the user filled in. */
export interface StatusFormValues {
  readonly action: StatusAction;
  readonly dateText: string;
  readonly reason: ResolutionReason | null;
  readonly note: string;
}

export type StatusField = "date" | "reason" | "note" | "form";

export interface FieldProblem {
  readonly field: StatusField;
  readonly message: string;
}

/** The change the form asks for, or what stops it before the domain's rules are asked. */
export function changeOf(
  values: StatusFormValues,
): { ok: true; change: StatusChange } | { ok: false; problem: FieldProblem } {
  const on = parseIsoDate(values.dateText.trim());
  if (on === null) {
    return {
      ok: false,
      problem: { field: "date", message: "Enter the date as YYYY-MM-DD (for example 2026-11-04)." },
    };
  }
  if (values.action === "reported") return { ok: true, change: { to: "reported", on } };
  const note = values.note.trim();
  return {
    ok: true,
    change: { to: "resolved", on, reason: values.reason, ...(note === "" ? {} : { note }) },
  };
}

/** The field an issue of `applyStatusChange` is about, so its message shows beside it. */
export function fieldOfIssue(issue: Issue): StatusField {
  if (issue.code === "resolution_reason_is_required") return "reason";
  if (issue.code === "resolution_note_is_required") return "note";
  if (issue.code.startsWith("status_date") || issue.code === "status_dates_must_be_in_order")
    return "date";
  return "form";
}

export function problemOfIssue(issue: Issue): FieldProblem {
  return { field: fieldOfIssue(issue), message: `${issue.message} ${issue.hint}` };
}

export function defaultValues(action: StatusAction, today: IsoDate): StatusFormValues {
  return { action, dateText: today, reason: null, note: "" };
}
