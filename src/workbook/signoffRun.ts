/**
 * A preparer's or a reviewer's sign-off of a period's data, or the unlock of a reviewed period,
 * over any host: recorded in the Sign-offs sheet with the hash of the data as signed and chained
 * into the Audit Log. Used by `stockrec signoff` and the task pane. The clock and the signer are
 * parameters; the name is as typed (Excel gives an add-in no verified identity).
 */
import { appendAudit, type AuditRecord, type Timestamp } from "../domain/auditLog";
import type { Issue } from "../domain/issues";
import {
  checkAgainstAuditLog,
  checkSignoffs,
  signOff,
  unlockPeriod,
  type Period,
  type SignoffCheck,
  type SignoffRecord,
  type SignoffRole,
} from "../domain/signoff";
import {
  appendAuditRows,
  appendSignoffRows,
  currentHashes,
  hashScope,
  readEvidence,
} from "./auditStore";
import { lockedPeriodsOfSheet } from "./periodLock";
import type { WorkbookPort } from "./port";

export interface SignoffRequest {
  /** Who signs, as typed. */
  readonly actor: string;
  readonly role: SignoffRole;
  readonly period: Period;
  /** A sheet, or a range of one such as "Breaks!A1:P40". */
  readonly scope: string;
  /** The comment; for an unlock, the reason (required there). */
  readonly comment: string;
  readonly now: Timestamp;
}

export type SignoffRun =
  | { readonly ok: false; readonly issues: readonly Issue[] }
  | {
      readonly ok: true;
      readonly signoff: SignoffRecord;
      readonly audit: AuditRecord;
      /** Every sign-off of the workbook, the new one among them, checked against its data now. */
      readonly checks: readonly SignoffCheck[];
      readonly broken: readonly SignoffCheck[];
    };

/**
 * Records the sign-off, or refuses with the rule it breaks (the reviewer is the preparer, the
 * scope's sheet does not exist, the period is locked, the log or the Sign-offs sheet does not
 * verify). Nothing is written when it refuses.
 */
export async function recordSignoff(
  workbook: WorkbookPort,
  request: SignoffRequest,
): Promise<SignoffRun> {
  const evidence = await readEvidence(workbook);
  // A sign-off rests on the log and the sheet it joins: if they do not verify, it cannot be made.
  const integrity = [...evidence.audit.issues, ...evidence.signoffIssues];
  if (integrity.length === 0)
    integrity.push(...checkAgainstAuditLog(evidence.signoffs, evidence.audit.records));
  if (integrity.length > 0) return { ok: false, issues: integrity };
  // The period matters for an append-only ledger: its sign-off covers the period's entries only.
  const scoped = await hashScope(workbook, request.scope, request.period);
  if (!scoped.ok) return { ok: false, issues: [scoped.issue] };
  const base = {
    period: request.period,
    scope: scoped.scope.text,
    name: request.actor,
    timestamp: request.now,
  };
  const outcome =
    request.role === "unlock"
      ? unlockPeriod(evidence.signoffs, { ...base, reason: request.comment }, scoped.hash)
      : signOff(
          evidence.signoffs,
          { ...base, role: request.role, comment: request.comment },
          scoped.hash,
        );
  if (!outcome.ok) return { ok: false, issues: outcome.issues };
  const audit = appendAudit(evidence.audit.records, outcome.audit);
  const signoffs = [...evidence.signoffs, outcome.signoff];
  const { checks } = checkSignoffs(signoffs, await currentHashes(workbook, signoffs));
  await appendAuditRows(workbook, evidence.auditRows, [audit]);
  await appendSignoffRows(workbook, evidence.signoffRows, checks, request.now);
  if (scoped.scope.range === null)
    await protectSignedSheet(workbook, request.role, scoped.scope.sheet, signoffs);
  return {
    ok: true,
    signoff: outcome.signoff,
    audit,
    checks,
    broken: checks.filter((check) => check.status === "broken"),
  };
}

/**
 * A reviewer's sign-off of a whole sheet protects it in Excel (a deterrent against edits after
 * review); an unlock unprotects it once no other period of that sheet stays signed. A sign-off
 * of a range protects nothing: protecting the sheet would lock rows nobody signed.
 */
async function protectSignedSheet(
  workbook: WorkbookPort,
  role: SignoffRole,
  sheetName: string,
  signoffs: readonly SignoffRecord[],
): Promise<void> {
  if (role === "reviewer") await workbook.setSheetProtection(sheetName, true);
  if (role === "unlock" && lockedPeriodsOfSheet(signoffs, sheetName).length === 0)
    await workbook.setSheetProtection(sheetName, false);
}
