/**
 * `stockrec close <workbook.xlsx> --as-of YYYY-MM-DD`: the month-end close of FINRA 4522(b)(2).
 * Reconciles, carries the breaks' statuses forward, writes the difference notices, plans (and
 * with --post appends) the Difference-account entries, and ages the ledger. Exit 1 when a
 * posting is late or a deadline has passed unposted.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { isCalendarName } from "../domain/calendars";
import { formatGroupedFixed, formatGrouped, abs, sign, toDecimalString } from "../domain/decimal";
import type { LedgerEntry } from "../domain/differenceLedger";
import { parseIsoDate, type IsoDate } from "../domain/isoDate";
import { formatWhere, type Issue } from "../domain/issues";
import { findsRuleBroken } from "../domain/monthlyReconciliation";
import { noticeCsv } from "../domain/notices";
import { parseGlAccounts, reviewGlAccounts, type GlReview } from "../domain/glAccounts";
import { SETTINGS_SHEET, type Settings } from "../domain/settings";
import {
  ageSuspense,
  parseSuspenseItems,
  SUSPENSE_TYPE_LABELS,
  type SuspenseAging,
} from "../domain/suspense";
import { clockHeadline } from "../workbook/clockHeadline";
import { closeSummaryTable } from "../workbook/closeSummarySheet";
import { findGlAccountsRegister } from "./reviewCommand";
import {
  businessCalendar,
  closeMonth,
  writeClose,
  type CloseResult,
} from "../workbook/monthEndClose";
import { checkSignoffs, type SignoffCheck } from "../domain/signoff";
import type { XlsxWorkbook } from "../xlsx/xlsxWorkbook";
import { currentHashes, readEvidence } from "../workbook/auditStore";
import { lockedPeriodIssue } from "../workbook/periodLock";
import { countsHeld } from "../workbook/countRun";
import { countSchedule, type CountSchedule } from "../domain/countSchedule";
import { recordEvents, type TrailEvent } from "../workbook/auditTrail";
import { saveSettings } from "../workbook/settingsStore";
import { systemNow } from "./signoffCommand";
import { parse, UsageError } from "./args";
import type { CommandIo } from "./io";
import {
  cannotRun,
  issueJson,
  openWorkbook,
  planFor,
  requestFrom,
  resultJson,
  RUN_OPTIONS,
  settingsFor,
} from "./reconcileCommand";

export const CLOSE_HELP = `Usage: stockrec close <workbook.xlsx> --as-of YYYY-MM-DD [options]

The month-end close (FINRA Rule 4522(b)(2)): reconciles as "stockrec reconcile" does, treats the
as-of date as the count date, and works out the Difference-account entries: only what changed
since the ledger's open balance is posted, so a difference carried from last month is never
posted twice. The deadline is the count date plus 7 business days on the workbook's calendar.

Options (besides those of "stockrec reconcile"):
  --today YYYY-MM-DD        the day of posting (default: today's date on this computer)
  --post                    append the entries to the Difference Account sheet
  --actor NAME              who posts (required with --post; typed, not a verified identity)
  --confirm-resolution SEC  a security whose difference disappeared is resolved: post the
                            adjustment that closes it (repeatable); --confirm-all-resolutions
                            confirms every one
  --resolution-reason TEXT  recorded on those adjustments (e.g. "timing")
  --report                  record today as the report date of the breaks the notices list
  --notices DIR             also write one CSV difference notice per contra into DIR
  --calendar nyse|sifma|federal
                            the business-day calendar (default: the workbook's setting, NYSE)
  --suspense-after DAYS     propose a money break for transfer to suspense once it has been
                            unresolved DAYS business days since first seen (saved in the
                            workbook's settings; default 7)

Writes Breaks (with status), Money Breaks (with the date each was first seen), Suspense
Proposals, Notices, Difference Account, Difference Aging and Close Summary into
--out (default <workbook>.closed.xlsx beside the input). Exit status: 0 done; 1 a posting is late,
a deadline passed with differences unposted, or a rule was found broken; 2 it could not run.
`;

const CLOSE_OPTIONS = {
  ...RUN_OPTIONS,
  today: { type: "string" },
  post: { type: "boolean" },
  actor: { type: "string" },
  "confirm-resolution": { type: "string", multiple: true },
  "confirm-all-resolutions": { type: "boolean" },
  "resolution-reason": { type: "string" },
  report: { type: "boolean" },
  notices: { type: "string" },
  calendar: { type: "string" },
  "suspense-after": { type: "string" },
} as const;

function businessDaysOption(values: Record<string, unknown>, name: string): number | null {
  const text = values[name] as string | undefined;
  if (text === undefined) return null;
  if (!/^\d{1,3}$/.test(text.trim()))
    throw new UsageError(`--${name} "${text}" should be a whole number of business days, e.g. 7.`);
  return Number(text.trim());
}

/** The local calendar date of this computer: the clock is read once, here at the edge. */
function systemToday(): IsoDate {
  const now = new Date();
  const text = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
  return parseIsoDate(text)!;
}

function dateOption(values: Record<string, unknown>, name: string): IsoDate | null {
  const text = values[name] as string | undefined;
  if (text === undefined) return null;
  const date = parseIsoDate(text);
  if (date === null)
    throw new UsageError(`--${name} "${text}" is not a date; write it as YYYY-MM-DD.`);
  return date;
}

export async function closeCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parse(args, CLOSE_OPTIONS);
  if (values.help === true) {
    io.out(CLOSE_HELP);
    return 0;
  }
  const request = requestFrom(values, positionals, "closed");
  if (request.asOf === null) throw new UsageError("Give the count date with --as-of YYYY-MM-DD.");
  const today = dateOption(values, "today") ?? systemToday();
  const post = values.post === true;
  const actor = ((values.actor as string | undefined) ?? "").trim();
  if (post && actor === "")
    throw new UsageError("Name who posts with --actor NAME (the name is recorded on every entry).");
  const calendarText = values.calendar as string | undefined;
  if (calendarText !== undefined && !isCalendarName(calendarText)) {
    throw new UsageError(`--calendar "${calendarText}" should be nyse, sifma or federal.`);
  }
  const workbook = await openWorkbook(request.input);
  const { settings: loaded, changed } = await settingsFor(workbook, request);
  const suspenseAfter = businessDaysOption(values, "suspense-after");
  const settings = {
    ...loaded,
    ...(calendarText === undefined ? {} : { calendar: calendarText as typeof loaded.calendar }),
    ...(suspenseAfter === null ? {} : { suspenseAfterBusinessDays: suspenseAfter }),
  };
  if (post) await refuseLockedPeriod(workbook, request.asOf);
  const { plan, issues: planIssues } = await planFor(workbook, request, settings);
  if (plan === null) return cannotRun(io, request, planIssues);
  const confirmed =
    values["confirm-all-resolutions"] === true
      ? "all"
      : new Set((values["confirm-resolution"] as string[] | undefined) ?? []);
  const reason = values["resolution-reason"] as string | undefined;
  const { result, issues, ledgerRows } = await closeMonth(workbook, plan, {
    today,
    actor: actor || "(not posted)",
    post,
    confirmResolutions: confirmed,
    reportNotices: values.report === true,
    settings,
    ...(reason === undefined ? {} : { resolutionReason: reason }),
  });
  if (result === null) return cannotRun(io, request, issues);
  await writeClose(workbook, result, ledgerRows);
  await workbook.writeTable(
    closeSummaryTable({
      close: result,
      ...(await registersFor(workbook, request.asOf, settings)),
      signoffs: await periodSignoffs(workbook, request.asOf),
      ...(await countScheduleFor(workbook, today)),
    }),
  );
  const settingsChanged =
    changed ||
    (calendarText !== undefined && calendarText !== loaded.calendar) ||
    (suspenseAfter !== null && suspenseAfter !== loaded.suspenseAfterBusinessDays);
  if (settingsChanged) await saveSettings(workbook, settings);
  const trail = await recordEvents(
    workbook,
    closeEvents(result, post, settingsChanged, values.report === true),
    {
      timestamp: systemNow(),
      actor: actor || "(no name given)",
    },
  );
  const allIssues = [...result.issues, ...trail.issues];
  mkdirSync(dirname(resolve(request.out)), { recursive: true });
  writeFileSync(request.out, await workbook.toBuffer());
  const noticesDir = values.notices as string | undefined;
  const noticeFiles = noticesDir === undefined ? [] : writeNoticeFiles(noticesDir, result);
  if (request.json) {
    io.out(
      JSON.stringify(
        {
          ...resultJson(result.reconciliation, plan, request.out),
          ...closeJson(result),
          noticeFiles,
        },
        null,
        2,
      ) + "\n",
    );
  } else {
    io.out(closeSummary({ ...result, issues: allIssues }, request.out, post, noticeFiles));
  }
  const late = result.posted.some((p) => !p.onTime) || result.clock?.overdue === true;
  return late || trail.issues.length > 0 || findsRuleBroken(result.reconciliation) ? 1 : 0;
}

/** The GL review and the suspense aging as of the count, when the workbook keeps the registers. */
async function registersFor(
  workbook: XlsxWorkbook,
  asOf: IsoDate,
  settings: Settings,
): Promise<{ glReview?: GlReview; suspense?: SuspenseAging }> {
  const found: { glReview?: GlReview; suspense?: SuspenseAging } = {};
  const gl = await findGlAccountsRegister(workbook, null);
  if (gl.sheet !== null) {
    const parsed = parseGlAccounts(gl.sheet);
    if (parsed.usable)
      found.glReview = reviewGlAccounts(parsed.records, {
        asOf,
        sameOwnerAndSupervisorAllowed:
          settings.sameOwnerSupervisorReason === null
            ? false
            : { reason: settings.sameOwnerSupervisorReason.reason },
      });
  }
  const names = (await workbook.listSheets()).map((sheet) => sheet.name);
  const suspenseSheet = names.find((name) => name.toLowerCase() === "suspense items");
  if (suspenseSheet !== undefined) {
    const parsed = parseSuspenseItems(await workbook.readSheet(suspenseSheet));
    if (parsed.usable) {
      found.suspense = ageSuspense(parsed.records, {
        asOf,
        calendar: businessCalendar(settings.calendar, settings.calendarOverrides),
      });
    }
  }
  return found;
}

/** The 17a-13 schedule as of today, when the workbook holds counts (its Count sheets). */
async function countScheduleFor(
  workbook: XlsxWorkbook,
  today: IsoDate,
): Promise<{ countSchedule?: CountSchedule }> {
  const { counts } = await countsHeld(workbook);
  return counts.length === 0 ? {} : { countSchedule: countSchedule(counts, today) };
}

/** The sign-offs of the count's month, each checked against its data as the close leaves it. */
async function periodSignoffs(workbook: XlsxWorkbook, countDate: IsoDate): Promise<SignoffCheck[]> {
  const { signoffs } = await readEvidence(workbook);
  const period = countDate.slice(0, 7);
  const { checks } = checkSignoffs(signoffs, await currentHashes(workbook, signoffs));
  return checks.filter((check) => check.signoff.period === period);
}

/** A reviewer's sign-off protects the period's Difference Account: posting needs an unlock first. */
async function refuseLockedPeriod(workbook: XlsxWorkbook, countDate: IsoDate): Promise<void> {
  const locked = await lockedPeriodIssue(workbook, countDate, `the close of ${countDate}`);
  if (locked !== null) throw new UsageError(`${locked.message} ${locked.hint}`);
}

/** What the close did, for the Audit Log: the run, and the postings when there were any. */
function closeEvents(
  result: CloseResult,
  post: boolean,
  settingsChanged: boolean,
  reported: boolean,
): TrailEvent[] {
  const r = result.reconciliation;
  const events: TrailEvent[] = [
    {
      action: "run",
      scope: "Breaks",
      details: `Close of the count of ${r.asOf}: ${r.breaks.length} breaks, ${r.matchedCount} matched; ${result.notices.length} notices`,
    },
  ];
  if (reported) {
    const lines = result.notices.reduce((n, notice) => n + notice.lines.length, 0);
    events.push({
      action: "status_change",
      scope: "Breaks",
      details: `Breaks of the count of ${r.asOf} in the notices (${lines}) marked Reported; the notices: ${result.notices.map((n) => n.reference).join(", ") || "none"}`,
    });
  }
  if (settingsChanged) {
    events.push({
      action: "settings",
      scope: SETTINGS_SHEET,
      details: `Settings saved with the close: calendar ${result.clock?.calendar ?? "unchanged"}, money breaks proposed for suspense after ${result.suspenseAfterBusinessDays} business days, mappings and tolerance as given on the command line`,
    });
  }
  if (post && result.posted.length > 0) {
    events.push({
      action: "posting",
      scope: "Difference Account",
      details: `Posted ${result.posted.map((p) => p.entryId).join(", ")} for the count of ${r.asOf}`,
    });
  }
  return events;
}

function writeNoticeFiles(dir: string, result: CloseResult): string[] {
  mkdirSync(dir, { recursive: true });
  return result.notices.map((notice) => {
    const path = join(dir, `${notice.reference}.csv`);
    writeFileSync(path, noticeCsv(notice));
    return path;
  });
}

function postingJson(entry: LedgerEntry): Record<string, unknown> {
  return {
    entryId: entry.entryId,
    securityId: entry.securityId,
    quantity: toDecimalString(entry.quantity),
    direction: sign(entry.quantity) < 0 ? "short" : "long",
    countDate: entry.countDate,
    deadline: entry.deadline,
    postedOn: entry.postedOn,
    postedBy: entry.postedBy,
    onTime: entry.onTime,
    businessDaysLate: entry.businessDaysLate,
    kind: entry.kind,
    adjusts: entry.adjusts,
  };
}

export function closeJson(result: CloseResult): Record<string, unknown> {
  return {
    countDate: result.clock?.countDate ?? null,
    deadline: result.clock?.deadline ?? null,
    clock: result.clock,
    postings: result.posted.map(postingJson),
    plannedPostings: result.posted.length > 0 ? [] : (result.plan?.postings ?? []).map(postingJson),
    proposedResolutions: (result.plan?.proposedResolutions ?? []).map((r) => ({
      securityId: r.securityId,
      openBalance: toDecimalString(r.openBalance),
    })),
    openBalances: result.aged.map((a) => ({
      securityId: a.securityId,
      quantity: toDecimalString(a.quantity),
      direction: sign(a.quantity) < 0 ? "short" : "long",
      discoveredOn: a.discoveredOn,
      ageBusinessDays: a.ageBusinessDays,
      ageCalendarDays: a.ageCalendarDays,
      deductionPercent: a.deductionPercent,
      price: a.price === null ? null : toDecimalString(a.price),
      marketValue: a.marketValue === null ? null : toDecimalString(a.marketValue),
      deduction: a.deduction === null ? null : toDecimalString(a.deduction),
      reserveItem7: a.reserveItem7,
      entryId: a.entryId,
    })),
    aging: {
      deduction: toDecimalString(result.agingTotals.deduction),
      reserveItem7MarketValue: toDecimalString(result.agingTotals.reserveItem7MarketValue),
      unpricedShortLayers: result.agingTotals.unpricedShortLayers,
    },
    suspenseProposals: result.suspenseProposals.map((p) => ({
      itemId: p.itemId,
      breakId: p.breakId,
      type: p.type,
      openedOn: p.openedOn,
      ageBusinessDays: p.ageBusinessDays,
      amount: toDecimalString(p.amount),
      side: sign(p.amount) >= 0 ? "debit" : "credit",
      currency: p.currency,
      contra: p.contra,
      account: p.account,
      glAccounts: [...p.glAccounts],
      knownFacts: p.knownFacts,
    })),
    suspenseAfterBusinessDays: result.suspenseAfterBusinessDays,
    notices: result.notices.map((n) => ({
      contra: n.contra,
      reference: n.reference,
      lines: n.lines.length,
    })),
    issues: result.issues.map(issueJson),
  };
}

function closeSummary(
  result: CloseResult,
  out: string,
  post: boolean,
  noticeFiles: readonly string[],
): string {
  const lines = [clockHeadline(result).text, ""];
  const entries = post ? result.posted : (result.plan?.postings ?? []);
  lines.push(
    post ? "Posted to the Difference account:" : "Would post (run with --post --actor NAME):",
  );
  if (entries.length === 0)
    lines.push("  nothing: the ledger already holds every difference of this count");
  for (const e of entries) {
    lines.push(
      `  ${e.entryId}  ${e.securityId.padEnd(13)} ${(sign(e.quantity) < 0 ? "Short" : "Long").padEnd(5)} ${formatGrouped(abs(e.quantity)).padStart(12)}  ${e.kind.padEnd(10)} ${e.onTime ? "on time" : `LATE by ${e.businessDaysLate} business day${e.businessDaysLate === 1 ? "" : "s"}`}`,
    );
  }
  for (const r of result.plan?.proposedResolutions ?? []) {
    lines.push(
      `  proposed: ${r.securityId} no longer differs (open ${toDecimalString(r.openBalance)}); confirm with --confirm-resolution ${r.securityId}`,
    );
  }
  lines.push("", `Difference account open balances (${result.aged.length} layers, oldest first):`);
  for (const a of result.aged.slice(0, 20)) {
    lines.push(
      `  ${a.securityId.padEnd(13)} ${(sign(a.quantity) < 0 ? "Short" : "Long").padEnd(5)} ${formatGrouped(abs(a.quantity)).padStart(12)}  since ${a.discoveredOn} (${a.ageBusinessDays} bd)  deduction ${a.deductionPercent}%${a.deduction === null ? (sign(a.quantity) < 0 ? " (no price)" : "") : ` = ${formatGroupedFixed(a.deduction, 2)}`}${a.reserveItem7 ? "  15c3-3a item 7" : ""}`,
    );
  }
  lines.push(
    `  15c3-1(c)(2)(v) deduction: ${formatGroupedFixed(result.agingTotals.deduction, 2)}; 15c3-3a item 7: ${formatGroupedFixed(result.agingTotals.reserveItem7MarketValue, 2)}`,
  );
  if (result.reconciliation.money !== null) lines.push("", ...proposalLines(result));
  lines.push(
    "",
    `Notices: ${result.notices.map((n) => `${n.contra} (${n.lines.length})`).join(", ") || "none"}`,
  );
  for (const file of noticeFiles) lines.push(`  wrote ${file}`);
  const important = result.issues.filter((i: Issue) => i.severity !== "info");
  if (important.length > 0) {
    lines.push("", "Issues:");
    for (const issue of important.slice(0, 20))
      lines.push(`  ${issue.severity.padEnd(7)} ${formatWhere(issue.where)}: ${issue.message}`);
  }
  lines.push("", `Wrote ${out}.`, "");
  return lines.join("\n");
}

/** The money breaks proposed for transfer to suspense (FINRA 4523), oldest first. */
function proposalLines(result: CloseResult): string[] {
  const after = result.suspenseAfterBusinessDays;
  const proposals = result.suspenseProposals;
  if (proposals.length === 0)
    return [`Suspense: no money break has been unresolved ${after} business days or more.`];
  const lines = [
    `Suspense: ${proposals.length} money break${proposals.length === 1 ? " has" : "s have"} been unresolved ${after} business days or more; proposed for transfer to suspense (sheet Suspense Proposals):`,
  ];
  for (const p of proposals.slice(0, 20)) {
    lines.push(
      `  ${p.breakId.padEnd(28)} ${formatGroupedFixed(abs(p.amount), 2).padStart(16)} ${p.currency} ${sign(p.amount) >= 0 ? "Debit " : "Credit"}  since ${p.openedOn} (${p.ageBusinessDays} bd)  ${SUSPENSE_TYPE_LABELS[p.type]}`,
    );
  }
  if (proposals.length > 20) lines.push(`  … and ${proposals.length - 20} more`);
  return lines;
}
