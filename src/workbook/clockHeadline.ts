/**
 * The headline of the month-end close, one wording for the CLI and the task pane: "4 differences
 * unresolved — post by Tue 8 Dec 2026 (3 business days left)"; an overdue count says so first and
 * loudly.
 */
import { dayOfWeek, type IsoDate } from "../domain/isoDate";
import type { CloseResult } from "./monthEndClose";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;

/** "Tue 8 Dec 2026". */
export function longDate(date: IsoDate): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return `${WEEKDAYS[dayOfWeek(date)]} ${day} ${MONTHS[month - 1]} ${year}`;
}

function plural(count: number, singular: string, many: string): string {
  return `${count} ${count === 1 ? singular : many}`;
}

/** How the headline is shown: overdue is an error, work left a warning, nothing left a success. */
export type ClockIntent = "error" | "warning" | "success" | "info";

export interface ClockHeadline {
  readonly intent: ClockIntent;
  readonly text: string;
}

export function clockHeadline(close: Pick<CloseResult, "clock" | "posted">): ClockHeadline {
  const clock = close.clock;
  if (clock === null) {
    return {
      intent: "info",
      text: "The monthly reconciliation is not a count in this workbook's settings: nothing to post.",
    };
  }
  const pending = clock.unpostedCount;
  const deadline = longDate(clock.deadline);
  if (pending === 0) {
    const posted = close.posted.length;
    return {
      intent: "success",
      text:
        posted > 0
          ? `${plural(posted, "entry", "entries")} posted to the Difference account; deadline ${deadline}.`
          : `Nothing to post for the count of ${clock.countDate}; deadline ${deadline}.`,
    };
  }
  const what = `${plural(pending, "difference", "differences")} unresolved`;
  if (clock.overdue) {
    const ago = plural(-clock.businessDaysLeft, "business day", "business days");
    return {
      intent: "error",
      text: `OVERDUE: ${what} — the deadline was ${deadline} (${ago} ago). Post now.`,
    };
  }
  const left = plural(clock.businessDaysLeft, "business day", "business days");
  return { intent: "warning", text: `${what} — post by ${deadline} (${left} left)` };
}
