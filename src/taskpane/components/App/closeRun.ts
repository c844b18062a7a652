/**
 * The month-end close as the pane runs it, over the host-neutral API of src/workbook/monthEndClose:
 * a preview after each Reconcile (nothing posted, nothing reported), the posting, the notices, and
 * a break's status change. Nothing here reads the clock or knows the user: `today` and the actor
 * arrive as parameters, read at the edge (STYLE.md §8).
 */
import {
  applyStatusChange,
  carryForward,
  type BreakStatusRecord,
  type StatusChange,
} from "../../../domain/breakStatus";
import { toDecimalString } from "../../../domain/decimal";
import type { LedgerEntry } from "../../../domain/differenceLedger";
import type { IsoDate } from "../../../domain/isoDate";
import { hasErrors, type Issue } from "../../../domain/issues";
import { buildNotices } from "../../../domain/notices";
import {
  BREAKS_SHEET,
  readBreakStatuses,
  writeBreaksSheet,
  type ReconciliationResult,
  type RunPlan,
} from "../../../workbook/monthEnd";
import type { CloseResult } from "../../../workbook/monthEndClose";
import type { ProgressListener, WorkbookPort } from "../../../workbook/port";
import type { CloseRun, EngineClient } from "../../engine/engine";

export type { CloseRun };

export interface CloseRequest {
  /** Where the close is worked out: a Web Worker in the browser build. */
  readonly engine: EngineClient;
  readonly today: IsoDate;
  /** Securities (by key) whose vanished difference the user confirmed as resolved. */
  readonly confirmed: ReadonlySet<string>;
  readonly signal: AbortSignal;
  readonly onProgress: ProgressListener;
}

/**
 * The preview shown after Reconcile: posts nothing and reports nothing. No one posts it, so the
 * entries it plans name nobody.
 */
export function previewClose(
  port: WorkbookPort,
  plan: RunPlan,
  request: CloseRequest,
): Promise<CloseRun> {
  return request.engine.close(
    port,
    plan,
    {
      today: request.today,
      actor: "",
      post: false,
      confirmResolutions: request.confirmed,
      reportNotices: false,
    },
    { signal: request.signal, onProgress: request.onProgress },
  );
}

export function postingClose(
  port: WorkbookPort,
  plan: RunPlan,
  request: CloseRequest & { readonly actor: string },
): Promise<CloseRun> {
  return request.engine.close(
    port,
    plan,
    {
      today: request.today,
      actor: request.actor,
      post: true,
      confirmResolutions: request.confirmed,
      reportNotices: false,
    },
    { signal: request.signal, onProgress: request.onProgress },
  );
}

export function noticesClose(
  port: WorkbookPort,
  plan: RunPlan,
  request: CloseRequest & { readonly markReported: boolean },
): Promise<CloseRun> {
  return request.engine.close(
    port,
    plan,
    {
      today: request.today,
      actor: "",
      post: false,
      confirmResolutions: request.confirmed,
      reportNotices: request.markReported,
    },
    { signal: request.signal, onProgress: request.onProgress },
  );
}

/** Each break's status record by break id; a break with none is Open. */
export function statusesByBreak(
  result: ReconciliationResult,
  records: readonly BreakStatusRecord[],
): Map<string, BreakStatusRecord> {
  const carried = carryForward(result.breaks, result.asOf, records).statuses;
  return new Map(result.breaks.map((b, index) => [b.id, carried[index]!] as const));
}

/**
 * Whether a Post would append exactly what the preview showed: the same entries for the same
 * securities, quantities, kinds and timeliness. The workbook open in Excel can change between
 * the preview and the Post (and the day can turn), so the pane checks before writing.
 */
export function samePostings(
  previewed: readonly LedgerEntry[],
  posting: readonly LedgerEntry[],
): boolean {
  const key = (e: LedgerEntry) =>
    [
      e.entryId,
      e.securityKey,
      toDecimalString(e.quantity),
      e.kind,
      e.onTime,
      e.businessDaysLate,
    ].join("|");
  return (
    previewed.length === posting.length &&
    previewed.every((entry, index) => key(entry) === key(posting[index]!))
  );
}

/** `first`, then each issue of `more` not already in it. */
export function mergeIssues(first: readonly Issue[], more: readonly Issue[]): Issue[] {
  const key = (i: Issue) => JSON.stringify([i.code, i.severity, i.where, i.message]);
  const seen = new Set(first.map(key));
  return [...first, ...more.filter((issue) => !seen.has(key(issue)))];
}

/**
 * A row of the Breaks sheet whose status entry the run could not read (those issues name a row;
 * a refused change of status names none). writeClose rewrites that sheet from the statuses it
 * could read, so the pane writes nothing until the row is fixed: its entry would be lost.
 */
export function breaksSheetError(issues: readonly Issue[]): Issue | null {
  return (
    issues.find(
      (issue) =>
        issue.severity === "error" &&
        issue.where.row !== undefined &&
        issue.where.sheet.toLowerCase() === BREAKS_SHEET.toLowerCase(),
    ) ?? null
  );
}

export class CloseNotWrittenError extends Error {
  constructor(issue: Issue) {
    super(
      `Nothing was written: the Breaks sheet has an entry StockRec cannot read, which rewriting the sheet would lose. ${issue.message} ${issue.hint}`,
    );
    this.name = "CloseNotWrittenError";
  }
}

export class StatusNotSavedError extends Error {
  constructor(issue: Issue) {
    super(`${issue.message} ${issue.hint}`);
    this.name = "StatusNotSavedError";
  }
}

export interface SavedStatus {
  readonly statuses: ReadonlyMap<string, BreakStatusRecord>;
  readonly records: readonly BreakStatusRecord[];
}

/**
 * Records a status change of one break on the Breaks sheet, where the statuses live. The sheet
 * is read again first: in Excel people edit it too, and what they entered since the run is kept.
 * The change is checked against the sheet's record; a refusal throws with the rule it breaks.
 */
export async function saveBreakStatus(
  port: WorkbookPort,
  result: ReconciliationResult,
  breakId: string,
  change: StatusChange,
  today: IsoDate,
  options: { readonly signal: AbortSignal; readonly onProgress: ProgressListener },
): Promise<SavedStatus> {
  const read = await readBreakStatuses(port, result.asOf, { signal: options.signal });
  if (hasErrors(read.issues)) {
    const first = read.issues.find((issue) => issue.severity === "error")!;
    throw new StatusNotSavedError({
      ...first,
      message: `The Breaks sheet holds status entries StockRec cannot read, so it was not rewritten. ${first.message}`,
    });
  }
  const current = statusesByBreak(result, read.statuses);
  const record = current.get(breakId);
  if (record === undefined) throw new Error(`Break ${breakId} is not in this run.`);
  const outcome = applyStatusChange(record, change, today);
  if (!outcome.ok) throw new StatusNotSavedError(outcome.issue);
  current.set(breakId, outcome.record);
  const written = await writeBreaksSheet(port, result, {
    statuses: [...current.values()],
    signal: options.signal,
    onProgress: options.onProgress,
  });
  return { statuses: statusesByBreak(result, written.statuses), records: written.statuses };
}

/** The close with the breaks' statuses as saved: the notices leave out resolved breaks. */
export function withStatuses(
  close: CloseResult,
  records: readonly BreakStatusRecord[],
  today: IsoDate,
): CloseResult {
  const reconciliation = close.reconciliation;
  return {
    ...close,
    statuses: records,
    notices: buildNotices(reconciliation, reconciliation.asOf, records, today),
  };
}
