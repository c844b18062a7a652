/**
 * A period whose Difference Account a reviewer has signed off is protected (FINRA 4523 review;
 * signoff.ts): nothing is posted to it, from the close or from a count, in any host, until an
 * unlock with a recorded reason starts a new round of preparation and review.
 */
import type { IsoDate } from "../domain/isoDate";
import type { Issue } from "../domain/issues";
import { LEDGER_SHEET } from "../domain/ledgerSheet";
import { isPeriodLocked, parsePeriod } from "../domain/signoff";
import { readEvidence } from "./auditStore";
import type { WorkbookPort } from "./port";

/** The refusal to post entries of the count of `countDate` into a signed-off month, or null. */
export async function lockedPeriodIssue(
  port: WorkbookPort,
  countDate: IsoDate,
  what: string,
): Promise<Issue | null> {
  const month = countDate.slice(0, 7);
  const period = parsePeriod(month);
  const { signoffs } = await readEvidence(port);
  if (period === null || !isPeriodLocked(signoffs, period, LEDGER_SHEET)) return null;
  return {
    code: "signed_off_period_must_not_be_posted_to",
    severity: "error",
    where: { sheet: LEDGER_SHEET },
    message: `The Difference Account of ${month} is signed off by a reviewer, so ${what} cannot post to it; nothing was posted.`,
    hint: `Unlock it with a recorded reason first (stockrec signoff --role unlock --period ${month} --scope "${LEDGER_SHEET}" --comment REASON, or Unlock in the task pane), then post, prepare and review again.`,
  };
}
