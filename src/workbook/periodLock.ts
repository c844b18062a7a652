/**
 * A period whose Difference Account a reviewer has signed off is protected (FINRA 4523 review;
 * signoff.ts): nothing is posted to it, from the close or from a count, in any host, until an
 * unlock with a recorded reason starts a new round of preparation and review.
 *
 * The same holds for any whole sheet a reviewer signed off (Breaks, Stock Record, ...): the
 * sheet is protected in Excel while some period of it is signed (signoffRun.ts), and StockRec
 * refuses to rewrite it for a signed period. Protection is the deterrent people see; the lock is
 * the sign-off itself, so a sheet someone unprotected by hand is refused all the same. A write
 * for another period (November's close over a Breaks sheet signed for October) goes through:
 * the host unprotects, writes and protects again, and October's sign-off then shows as broken,
 * which is what a changed signed sheet must show.
 */
import type { IsoDate } from "../domain/isoDate";
import type { Issue } from "../domain/issues";
import { LEDGER_SHEET } from "../domain/ledgerSheet";
import {
  isPeriodLocked,
  parsePeriod,
  scopeKey,
  type Period,
  type SignoffRecord,
} from "../domain/signoff";
import { readEvidence } from "./auditStore";
import { WorkbookPortError, type TableOutput, type WorkbookPort } from "./port";

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

/** The periods for which a reviewer's sign-off of the whole sheet `sheetName` stands. */
export function lockedPeriodsOfSheet(
  signoffs: readonly SignoffRecord[],
  sheetName: string,
): Period[] {
  const periods = new Set(
    signoffs.filter((s) => scopeKey(s.scope) === scopeKey(sheetName)).map((s) => s.period),
  );
  return [...periods].filter((period) => isPeriodLocked(signoffs, period, sheetName)).sort();
}

/**
 * One issue per sheet of `sheetNames` that a reviewer signed off, as a whole, for `period`:
 * rewriting it would change what was signed. The Difference Account is left to
 * `lockedPeriodIssue` (its entries are appended, and posting is refused there). Check before
 * writing anything, so a refused run writes nothing.
 */
export async function signedSheetWriteIssues(
  port: WorkbookPort,
  period: Period,
  sheetNames: readonly string[],
  what: string,
): Promise<Issue[]> {
  const { signoffs } = await readEvidence(port);
  const issues: Issue[] = [];
  for (const sheet of new Set(sheetNames.map((name) => name.trim()))) {
    if (scopeKey(sheet) === scopeKey(LEDGER_SHEET)) continue;
    if (!isPeriodLocked(signoffs, period, sheet)) continue;
    issues.push({
      code: "signed_off_sheet_must_not_be_rewritten",
      severity: "error",
      where: { sheet },
      message: `Sheet "${sheet}" of ${period} is signed off by a reviewer, so ${what} cannot rewrite it; it was left as signed.`,
      hint: `Unlock it with a recorded reason first (stockrec signoff --role unlock --period ${period} --scope "${sheet}" --comment REASON, or Unlock in the task pane), then run again, prepare and review again.`,
    });
  }
  return issues;
}

/**
 * `port`, with every `writeTable` for `period` refused (WorkbookPortError
 * `signed_off_sheet_must_not_be_rewritten`) on a sheet a reviewer signed off for that period.
 * For runs that write as they go; a run that builds all its outputs first should call
 * `signedSheetWriteIssues` with every sheet it will write, and write none when any is refused.
 */
export function guardSignedSheets(port: WorkbookPort, period: Period, what: string): WorkbookPort {
  return {
    listSheets: () => port.listSheets(),
    readSheet: (name, options) => port.readSheet(name, options),
    selectCell: (name, row, column) => port.selectCell(name, row, column),
    setSheetProtection: (name, protect) => port.setSheetProtection(name, protect),
    async writeTable(output: TableOutput, options) {
      const [refusal] = await signedSheetWriteIssues(port, period, [output.sheetName], what);
      if (refusal !== undefined)
        throw new WorkbookPortError(`${refusal.message} ${refusal.hint}`, refusal.code);
      await port.writeTable(output, options);
    },
  };
}

/** `signedSheetWriteIssues` for the month `date` falls in (a run as of 2026-10-30 → 2026-10). */
export async function signedSheetIssuesAsOf(
  port: WorkbookPort,
  date: IsoDate,
  sheetNames: readonly string[],
  what: string,
): Promise<Issue[]> {
  const period = parsePeriod(date.slice(0, 7));
  return period === null ? [] : signedSheetWriteIssues(port, period, sheetNames, what);
}
