/**
 * The examiner's question "who reviewed what, when, and did the numbers change afterwards?",
 * answered from the workbook alone, over any host: the Audit Log's chain, every sign-off against
 * its data now, and the Sign-offs sheet against the log. Changes nothing. Used by
 * `stockrec verify`, `stockrec evidence` and the task pane.
 */
import type { Issue } from "../domain/issues";
import { checkAgainstAuditLog, checkSignoffs, type SignoffCheck } from "../domain/signoff";
import { currentHashes, readEvidence, type EvidenceSheets } from "./auditStore";
import type { WorkbookPort } from "./port";

export interface Verification {
  readonly evidence: EvidenceSheets;
  readonly checks: readonly SignoffCheck[];
  /** The audit log's issue first, then the sign-offs' in sheet order. */
  readonly issues: readonly Issue[];
}

/** The audit chain and every sign-off of an open workbook, checked against its data now. */
export async function verifyWorkbook(workbook: WorkbookPort): Promise<Verification> {
  const evidence = await readEvidence(workbook);
  const signoffs = evidence.signoffs;
  const { checks, issues: broken } = checkSignoffs(
    signoffs,
    await currentHashes(workbook, signoffs),
  );
  const crossCheck = checkAgainstAuditLog(signoffs, evidence.audit.records);
  const signoffIssues = [...evidence.signoffIssues, ...crossCheck, ...broken].sort(
    (a, b) => (a.where.row ?? 0) - (b.where.row ?? 0),
  );
  return { evidence, checks, issues: [...evidence.audit.issues, ...signoffIssues] };
}
