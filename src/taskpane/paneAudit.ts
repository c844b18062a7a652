/**
 * The pane's changes, logged to the workbook's hash-chained Audit Log as the CLI logs its runs
 * (src/workbook/auditTrail.ts). The actor is the name typed in the pane: Excel gives an add-in no
 * verified identity, and an event is never left unlogged for want of a name.
 */
import type { Timestamp } from "../domain/auditLog";
import { RESOLUTION_LABELS, STATUS_LABELS, type StatusChange } from "../domain/breakStatus";
import { recordEvents, type TrailEvent } from "../workbook/auditTrail";
import type { WorkbookPort } from "../workbook/port";

/** Who the Audit Log names when no one typed a name. */
export const UNNAMED_ACTOR = "(no name typed in the task pane)";

export function auditActor(typed: string): string {
  return typed.trim() === "" ? UNNAMED_ACTOR : typed.trim();
}

export class NotLoggedError extends Error {
  constructor(what: string, why: string) {
    super(`${what} was done, but not logged in the Audit Log: ${why}`);
    this.name = "NotLoggedError";
  }
}

/** Appends `events`; throws NotLoggedError (with the log's own words) when the log refuses. */
export async function logEvents(
  port: WorkbookPort,
  events: readonly TrailEvent[],
  who: { readonly actor: string; readonly timestamp: Timestamp },
  what: string,
): Promise<void> {
  const trail = await recordEvents(port, events, {
    actor: auditActor(who.actor),
    timestamp: who.timestamp,
  });
  const issue = trail.issues[trail.issues.length - 1];
  if (issue !== undefined) throw new NotLoggedError(what, `${issue.message} ${issue.hint}`);
}

/** "Break B-0003: Open → Reported on 2026-11-04" with the reason and note of a resolution. */
export function statusChangeDetails(breakId: string, from: string, change: StatusChange): string {
  const on = "on" in change && change.on !== undefined ? ` on ${change.on}` : "";
  const reason =
    change.to === "resolved" && change.reason !== null
      ? `; reason: ${RESOLUTION_LABELS[change.reason]}`
      : "";
  const note =
    change.to === "resolved" && (change.note ?? "") !== "" ? `; note: ${change.note}` : "";
  return `Break ${breakId}: ${from} → ${STATUS_LABELS[change.to]}${on}${reason}${note} (task pane)`;
}
