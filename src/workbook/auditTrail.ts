/**
 * Records what a command did in the workbook's hash-chained Audit Log: every run, posting, status
 * change, sign-off and unlock (FINRA 4523 records; DESIGN.md "Sign-off and audit"). The clock and
 * the actor are parameters, read once at the edge.
 */
import {
  appendAudit,
  type AuditAction,
  type AuditRecord,
  type Timestamp,
} from "../domain/auditLog";
import type { Issue } from "../domain/issues";
import { appendAuditRows, hashScope, readEvidence } from "./auditStore";
import type { WorkbookPort } from "./port";

export interface TrailEvent {
  readonly action: AuditAction;
  /** The sheet the event concerns; its data is hashed as it stands after the event. */
  readonly scope: string;
  readonly details: string;
}

/**
 * Appends the events, each with the hash of its scope's data. A log whose chain does not verify
 * is not extended (that would bury the break); the issue says so and nothing is written.
 */
export async function recordEvents(
  port: WorkbookPort,
  events: readonly TrailEvent[],
  who: { readonly timestamp: Timestamp; readonly actor: string },
): Promise<{ readonly appended: readonly AuditRecord[]; readonly issues: readonly Issue[] }> {
  if (events.length === 0) return { appended: [], issues: [] };
  const evidence = await readEvidence(port);
  if (evidence.audit.issues.length > 0) {
    return {
      appended: [],
      issues: [
        ...evidence.audit.issues,
        {
          code: "audit_log_must_verify_to_be_extended",
          severity: "error",
          where: { sheet: "Audit Log" },
          message: `This ${events.map((e) => e.action).join(" and ")} was not logged: the Audit Log does not verify, and adding to it would hide where it broke.`,
          hint: "Run stockrec verify, restore the Audit Log from the evidence archive, then run again.",
        },
      ],
    };
  }
  let records = [...evidence.audit.records];
  const appended: AuditRecord[] = [];
  for (const event of events) {
    const hashed = await hashScope(port, event.scope);
    const record = appendAudit(records, {
      timestamp: who.timestamp,
      actor: who.actor,
      action: event.action,
      scope: event.scope,
      details: event.details,
      dataHash: hashed.ok ? hashed.hash : "",
    });
    records = [...records, record];
    appended.push(record);
  }
  await appendAuditRows(port, evidence.auditRows, appended);
  return { appended, issues: [] };
}
