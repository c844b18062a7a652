/**
 * The month-end close (FINRA 4522(b)(2)): reconcile, carry the breaks' statuses forward, plan the
 * Difference-account postings of the count, post them when asked, age the ledger and write every
 * sheet. The clock (`today`) and the actor are parameters, read once at the edge.
 */
import { ageLayers, agingTotals, type AgedLayer, type AgingTotals } from "../domain/aging";
import {
  addBusinessDays,
  businessDaysBetween,
  type CalendarName,
  type CalendarOverrides,
} from "../domain/calendars";
import {
  carryForward,
  markPosted,
  noLongerShownIssues,
  type BreakStatusRecord,
} from "../domain/breakStatus";
import { add, negate, ZERO, type Decimal } from "../domain/decimal";
import {
  openLayers,
  planPostings,
  type BusinessCalendar,
  type LedgerEntry,
  type ObservedDifference,
  type PostingPlan,
} from "../domain/differenceLedger";
import type { IsoDate } from "../domain/isoDate";
import { hasErrors, type Issue } from "../domain/issues";
import {
  LEDGER_HEADERS,
  LEDGER_SHEET,
  LEDGER_TABLE,
  ledgerRow,
  readLedger,
} from "../domain/ledgerSheet";
import type { ReconciliationResult } from "../domain/monthlyReconciliation";
import { buildNotices, markReported, type Notice } from "../domain/notices";
import type { RunPlan } from "../domain/roles";
import type { Settings } from "../domain/settings";
import type { Row } from "../domain/sheet";
import { proposeSuspenseTransfers, type SuspenseTransferProposal } from "../domain/suspense";
import { DIFFERENCE_AGING_SHEET, differenceAgingTable } from "./differenceAgingSheet";
import {
  readMoneyBreakHistory,
  reconcileWorkbook,
  readBreakStatuses,
  writeBreaksSheet,
  writeNoticesSheet,
  type RunOptions,
} from "./monthEnd";
import type { TableColumn, WorkbookPort } from "./port";
import { lockedPeriodIssue, signedSheetIssuesAsOf } from "./periodLock";
import { BREAKS_SHEET } from "./breaksSheet";
import { CLOSE_SUMMARY_SHEET } from "./closeSummarySheet";
import { firstSeenOn, MONEY_BREAKS_SHEET } from "./moneyBreaksSheet";
import { NOTICES_SHEET } from "./noticesSheet";
import { SUSPENSE_PROPOSALS_SHEET, suspenseProposalsTable } from "./suspenseProposalsSheet";
import { loadSettings } from "./settingsStore";

/** The sheets a close writes besides the Difference Account (whose lock is the posting's). */
export const CLOSE_SHEETS: readonly string[] = [
  BREAKS_SHEET,
  MONEY_BREAKS_SHEET,
  NOTICES_SHEET,
  DIFFERENCE_AGING_SHEET,
  SUSPENSE_PROPOSALS_SHEET,
  CLOSE_SUMMARY_SHEET,
];

export interface CloseOptions extends RunOptions {
  readonly today: IsoDate;
  readonly actor: string;
  /** Append the planned entries to the Difference account. */
  readonly post: boolean;
  /** Securities whose disappeared difference the user confirmed as resolved ("all" for every one). */
  readonly confirmResolutions: ReadonlySet<string> | "all";
  /** Record today as the report date of the breaks the notices list. */
  readonly reportNotices: boolean;
  /** Recorded on the adjustments that resolve a difference (e.g. "timing"). */
  readonly resolutionReason?: string;
  /** Instead of the workbook's settings (the CLI's --mapping and --calendar). */
  readonly settings?: Settings;
  /**
   * Business days a money break may stay unresolved before it is proposed for transfer to
   * suspense (the workbook's setting when absent; 7 by default).
   */
  readonly suspenseAfterBusinessDays?: number;
}

export interface Clock {
  readonly countDate: IsoDate;
  readonly deadline: IsoDate;
  readonly calendar: CalendarName;
  /** Business days from today to the deadline (negative once it has passed). */
  readonly businessDaysLeft: number;
  /** Differences the count disclosed that are not in the Difference account yet. */
  readonly unpostedCount: number;
  /** The deadline has passed with differences still unposted. */
  readonly overdue: boolean;
}

export interface CloseResult {
  readonly reconciliation: ReconciliationResult;
  readonly clock: Clock | null;
  readonly plan: PostingPlan | null;
  readonly posted: readonly LedgerEntry[];
  readonly ledger: readonly LedgerEntry[];
  readonly aged: readonly AgedLayer[];
  readonly agingTotals: AgingTotals;
  readonly notices: readonly Notice[];
  readonly statuses: readonly BreakStatusRecord[];
  /** False when the Breaks sheet holds status entries that cannot be read: it is not rewritten. */
  readonly statusesReadable: boolean;
  /** Money break id → the date it was first seen (from the Money Breaks sheet's history). */
  readonly moneyFirstSeen: ReadonlyMap<string, IsoDate>;
  /** Money breaks unresolved `suspenseAfterBusinessDays` or more, as of today, oldest first. */
  readonly suspenseProposals: readonly SuspenseTransferProposal[];
  readonly suspenseAfterBusinessDays: number;
  readonly issues: readonly Issue[];
}

export function businessCalendar(
  name: CalendarName,
  overrides: CalendarOverrides,
): BusinessCalendar {
  return {
    addBusinessDays: (date, days) => addBusinessDays(name, date, days, overrides),
    businessDaysBetween: (from, to) => businessDaysBetween(name, from, to, overrides),
  };
}

/**
 * Per security: what this count observed, statement − books over every contra, plus what the books
 * already hold at their own difference locations (a short moved there is still a short).
 */
export function observedDifferences(
  result: ReconciliationResult,
  resolvedBreakIds: ReadonlySet<string> = new Set(),
): ObservedDifference[] {
  const bySecurity = new Map<
    string,
    { securityId: string; description: string; quantity: Decimal }
  >();
  const addTo = (key: string, securityId: string, description: string, quantity: Decimal): void => {
    const entry = bySecurity.get(key) ?? { securityId, description, quantity: ZERO };
    bySecurity.set(key, {
      ...entry,
      description: entry.description || description,
      quantity: add(entry.quantity, quantity),
    });
  };
  for (const b of result.breaks) {
    // A break people resolved (timing, booking error, …) is not an unresolved difference.
    if (!resolvedBreakIds.has(b.id))
      addTo(b.securityKey, b.securityId, b.description, b.difference);
  }
  for (const r of result.differencePositions)
    addTo(r.securityKey, r.securityId, r.description, negate(r.quantity));
  return [...bySecurity].map(([securityKey, e]) => ({ securityKey, ...e }));
}

async function readLedgerSheet(
  port: WorkbookPort,
  options: RunOptions,
): Promise<{ rows: readonly Row[]; entries: LedgerEntry[]; issues: Issue[] }> {
  const sheets = await port.listSheets();
  const info = sheets.find((s) => s.name.toLowerCase() === LEDGER_SHEET.toLowerCase());
  if (info === undefined || info.rowCount === 0) return { rows: [], entries: [], issues: [] };
  const snapshot = await port.readSheet(info.name, {
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const { entries, issues } = readLedger(snapshot.rows);
  return {
    rows: snapshot.rows.slice(1).filter((row) => row.some((cell) => cell !== null && cell !== "")),
    entries,
    issues,
  };
}

export async function closeMonth(
  port: WorkbookPort,
  runPlan: RunPlan,
  options: CloseOptions,
): Promise<{ result: CloseResult | null; issues: readonly Issue[]; ledgerRows: readonly Row[] }> {
  const settings = options.settings ?? (await loadSettings(port)).settings;
  const run = await reconcileWorkbook(port, runPlan, { ...options, settings });
  if (run.result === null) return { result: null, issues: run.issues, ledgerRows: [] };
  const reconciliation = run.result;
  // A month a reviewer signed off is protected: its sheets are not rewritten, nothing is written.
  const refused = await signedSheetIssuesAsOf(
    port,
    reconciliation.asOf,
    CLOSE_SHEETS,
    `the close of ${reconciliation.asOf}`,
  );
  if (refused.length > 0)
    return { result: null, issues: [...reconciliation.issues, ...refused], ledgerRows: [] };
  const issues: Issue[] = [...reconciliation.issues];
  const calendar = businessCalendar(settings.calendar, settings.calendarOverrides);
  const ledgerSheet = await readLedgerSheet(port, options);
  issues.push(...ledgerSheet.issues);
  const statusRead = await readBreakStatuses(port, reconciliation.asOf, options);
  issues.push(...statusRead.issues);
  // One status per break of this run: carried from the sheet, else open.
  const carriedStatuses = carryForward(
    reconciliation.breaks,
    reconciliation.asOf,
    statusRead.statuses,
  );
  issues.push(...noLongerShownIssues(carriedStatuses.noLongerShown, reconciliation.asOf));
  let statuses: readonly BreakStatusRecord[] = carriedStatuses.statuses;

  const countDate = reconciliation.asOf;
  const resolvedIds = new Set(
    reconciliation.breaks
      .filter((b) =>
        statuses.some((s) => s.lifecycleId === `${b.id}@${countDate}` && s.status === "resolved"),
      )
      .map((b) => b.id),
  );
  const plan = settings.reconciliationIsCount
    ? planPostings(ledgerSheet.entries, observedDifferences(reconciliation, resolvedIds), {
        countDate,
        source: "monthly_reconciliation",
        countReference: `Reconciliation as of ${countDate}`,
        today: options.today,
        actor: options.actor,
        calendar,
        confirmedResolutions: options.confirmResolutions,
        ...(options.resolutionReason === undefined
          ? {}
          : { resolutionReason: options.resolutionReason }),
      })
    : null;
  const ledgerUnreadable = hasErrors(ledgerSheet.issues);
  // A reviewer's sign-off of the month protects its Difference Account, in every host.
  const locked = options.post
    ? await lockedPeriodIssue(port, countDate, `the close of ${countDate}`)
    : null;
  if (locked !== null) issues.push(locked);
  const posting = options.post && plan !== null && !ledgerUnreadable && locked === null;
  if (options.post && ledgerUnreadable) issues.push(ledgerBlockedIssue());
  const posted = posting ? plan.postings : [];
  const ledger = [...ledgerSheet.entries, ...posted];
  if (posted.length > 0) {
    const securities = new Set(posted.map((p) => p.securityKey));
    const ids = reconciliation.breaks
      .filter((b) => securities.has(b.securityKey))
      .map((b) => `${b.id}@${countDate}`);
    const marked = markPosted(statuses, ids, options.today);
    statuses = marked.statuses;
    issues.push(...marked.issues);
  }
  const notices = buildNotices(reconciliation, countDate, statuses, options.today);
  if (options.reportNotices) {
    const reported = markReported(statuses, notices, options.today);
    statuses = reported.statuses;
    issues.push(...reported.issues);
  }
  const aged = ageLayers(
    openLayers(ledger),
    options.today,
    calendar,
    (key) => reconciliation.prices.get(key) ?? null,
  );
  const clock =
    plan === null
      ? null
      : clockOf(plan, posted.length > 0, options.today, calendar, settings.calendar);
  const moneyBreaks = reconciliation.money?.breaks ?? [];
  const moneyFirstSeen = firstSeenOn(
    moneyBreaks,
    reconciliation.asOf,
    await readMoneyBreakHistory(port, options),
  );
  const suspenseAfterBusinessDays =
    options.suspenseAfterBusinessDays ?? settings.suspenseAfterBusinessDays;
  // Aged to today: a break seen at the count and still unresolved keeps getting older.
  const suspenseProposals = proposeSuspenseTransfers(
    moneyBreaks,
    { asOf: options.today, calendar, afterBusinessDays: suspenseAfterBusinessDays },
    moneyFirstSeen,
  );
  if (clock?.overdue) issues.push(overdueIssue(clock));
  for (const entry of posted.filter((p) => !p.onTime)) issues.push(latePostingIssue(entry));
  return {
    result: {
      reconciliation,
      clock,
      plan,
      posted,
      ledger,
      aged,
      agingTotals: agingTotals(aged),
      notices,
      statuses,
      statusesReadable: !hasErrors(statusRead.issues),
      moneyFirstSeen,
      suspenseProposals,
      suspenseAfterBusinessDays,
      issues,
    },
    issues,
    ledgerRows: [...ledgerSheet.rows, ...posted.map(ledgerRow)],
  };
}

function clockOf(
  plan: PostingPlan,
  postedNow: boolean,
  today: IsoDate,
  calendar: BusinessCalendar,
  name: CalendarName,
): Clock {
  const unpostedCount = postedNow ? 0 : plan.postings.length;
  const businessDaysLeft = calendar.businessDaysBetween(today, plan.deadline);
  return {
    countDate: plan.countDate,
    deadline: plan.deadline,
    calendar: name,
    businessDaysLeft,
    unpostedCount,
    overdue: unpostedCount > 0 && today > plan.deadline,
  };
}

export function ledgerBlockedIssue(): Issue {
  return {
    code: "ledger_must_be_readable_to_post",
    severity: "error",
    where: { sheet: LEDGER_SHEET },
    message:
      "Nothing was posted: the Difference Account sheet has entries StockRec cannot read, so the open balances are uncertain.",
    hint: "Restore the entries named in the other issues from the previous version of the workbook, then post again.",
  };
}

function overdueIssue(clock: Clock): Issue {
  return {
    code: "differences_must_be_posted_by_the_deadline",
    severity: "error",
    where: { sheet: LEDGER_SHEET },
    message: `${clock.unpostedCount} difference${clock.unpostedCount === 1 ? "" : "s"} from the count of ${clock.countDate} ${clock.unpostedCount === 1 ? "is" : "are"} not in the Difference account, and the deadline ${clock.deadline} has passed (${-clock.businessDaysLeft} business day${clock.businessDaysLeft === -1 ? "" : "s"} ago).`,
    hint: "Post them now (stockrec close --post, or Post in the task pane); the posting will be recorded as late.",
  };
}

export function latePostingIssue(entry: LedgerEntry): Issue {
  return {
    code: "posting_must_be_on_time",
    severity: "warning",
    where: { sheet: LEDGER_SHEET },
    message: `Entry ${entry.entryId} (${entry.securityId}, count of ${entry.countDate}) was posted on ${entry.postedOn}, ${entry.businessDaysLate} business day${entry.businessDaysLate === 1 ? "" : "s"} after the deadline ${entry.deadline}.`,
    hint: "Record why in the firm's exception log; the entry stands as posted (the ledger is append-only).",
  };
}

export function ledgerColumns(ledger: readonly LedgerEntry[]): TableColumn[] {
  const decimals = Math.min(
    10,
    ledger.reduce((max, e) => Math.max(max, e.quantity.scale), 0),
  );
  return LEDGER_HEADERS.map((header): TableColumn => {
    if (header === "Quantity") return { header, format: { kind: "quantity", decimals }, width: 14 };
    if (header === "Business Days Late") return { header, format: { kind: "general" }, width: 10 };
    if (/Date|On$|Deadline/.test(header) && header !== "On Time")
      return { header, format: { kind: "date" }, width: 12 };
    return {
      header,
      format: { kind: "text" },
      width: header === "Reason" || header === "Count Reference" ? 34 : 14,
    };
  });
}

/**
 * Writes every sheet of the close. The Difference Account is rewritten with its earlier rows
 * exactly as they were read, followed by the new entries: nothing earlier changes.
 */
export async function writeClose(
  port: WorkbookPort,
  close: CloseResult,
  ledgerRows: readonly Row[],
  options: RunOptions = {},
): Promise<void> {
  // The ledger first: if a later write fails, no break says Posted without its entry.
  if (ledgerRows.length > 0) {
    await port.writeTable({
      sheetName: LEDGER_SHEET,
      tableName: LEDGER_TABLE,
      columns: ledgerColumns(close.ledger),
      rows: ledgerRows,
    });
  }
  await port.writeTable(differenceAgingTable(close.aged));
  await writeNoticesSheet(port, close.notices, options);
  if (close.reconciliation.money !== null) {
    await port.writeTable(
      suspenseProposalsTable(close.suspenseProposals, close.suspenseAfterBusinessDays),
    );
  }
  // Unreadable status entries are never overwritten: writeBreaksSheet reads them again and refuses.
  await writeBreaksSheet(port, close.reconciliation, {
    ...options,
    moneyHistory: close.moneyFirstSeen,
    ...(close.statusesReadable ? { statuses: close.statuses } : {}),
  });
}
