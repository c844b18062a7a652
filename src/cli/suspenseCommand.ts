/**
 * `stockrec suspense <workbook.xlsx> --as-of YYYY-MM-DD`: ages the FINRA Rule 4523(c) suspense
 * register and writes the Suspense Aging and Suspense Buckets sheets into a copy of the workbook.
 * Exit 1 when an item is over 30 calendar days or the firm's threshold, or the register has an
 * error to fix; 0 when nothing needs acting on; 2 when it could not run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import {
  CALENDAR_FIRST_YEAR,
  CALENDAR_LAST_YEAR,
  isCalendarName,
  isSupportedCalendarDate,
  type CalendarName,
} from "../domain/calendars";
import {
  abs,
  formatGrouped,
  formatGroupedFixed,
  sign,
  sum,
  toDecimalString,
  type Decimal,
} from "../domain/decimal";
import { recordEvents } from "../workbook/auditTrail";
import { SUSPENSE_AGING_SHEET } from "../workbook/suspenseAgingSheet";
import { systemNow } from "./signoffCommand";
import { parseIsoDate, type IsoDate } from "../domain/isoDate";
import { formatIssue, formatWhere, type Issue } from "../domain/issues";
import {
  DEFAULT_FIRM_THRESHOLD_CALENDAR_DAYS,
  DEFAULT_RESEARCH_NOTE_MAX_DAYS,
  DEFAULT_SUSPENSE_BUCKET_LIMITS,
  SUSPENSE_ITEMS_SHEET,
  SUSPENSE_TYPE_LABELS,
  type AgedSuspenseItem,
  type SuspenseAging,
  type SuspenseFlag,
  type SuspenseSums,
} from "../domain/suspense";
import { flagLabel } from "../workbook/suspenseAgingSheet";
import {
  runSuspenseAging,
  suspenseNeedsAction,
  type RegisterLookup,
} from "../workbook/suspenseRun";
import { parse, UsageError, workbookOperand } from "./args";
import type { CommandIo } from "./io";
import { issueJson, openWorkbook } from "./reconcileCommand";

export const SUSPENSE_HELP = `Usage: stockrec suspense <workbook.xlsx> --as-of YYYY-MM-DD [options]

Ages the suspense register (FINRA Rule 4523(c)): every item open on the as-of date, by calendar
and business days since it was opened, in buckets of calendar days, with the credits and short
securities over 30 calendar days that SEA Rule 15c3-3a item 8 counts. Writes the Suspense Aging
and Suspense Buckets sheets into a copy of the workbook.

The register (default: the sheet "Suspense Items", else the first sheet whose headers name one)
has columns Item ID, GL Account, Type, Opened On, and Amount and/or Quantity; optionally
Debit/Credit, Long/Short, Currency, Security ID, Description, Known Facts, Owner, Last Research
Note On, Status (Open/Resolved) and Resolved On. Types: DK fail, unidentified fail, unallocable
receipt versus payment, returned delivery, doubtful ownership, doubtful collectibility, doubtful
deliverability, other. Without a Debit/Credit column a negative amount is a credit; without a
Long/Short column a negative quantity is a short.

Options:
  --as-of YYYY-MM-DD          the aging date (required)
  --sheet NAME                the suspense register sheet
  --calendar NAME             nyse, sifma or federal, for ages in business days (default: the
                              workbook's setting, else nyse)
  --buckets 7,15,30,60,90     upper bounds of the buckets in calendar days (the default);
                              a last bucket holds everything older
  --threshold DAYS            the firm's limit in calendar days: older items are flagged
                              (default ${DEFAULT_FIRM_THRESHOLD_CALENDAR_DAYS})
  --research-note-days DAYS   flag items with no research note for more than DAYS calendar
                              days (default ${DEFAULT_RESEARCH_NOTE_MAX_DAYS})
  --out FILE                  where to write the result workbook
                              (default: <workbook>.suspense.xlsx beside the input)
  --json                      print the result as JSON on stdout
  -h, --help                  show this help

Exit status: 0 nothing to act on; 1 an item is over 30 calendar days or the firm's threshold, or
the register has an error (an unknown type, a bad date, a repeated item id…); 2 it could not run
(bad usage, no suspense register; the message says why).
`;

const OPTIONS = {
  "as-of": { type: "string" },
  sheet: { type: "string" },
  calendar: { type: "string" },
  buckets: { type: "string" },
  threshold: { type: "string" },
  "research-note-days": { type: "string" },
  out: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

interface Request {
  readonly input: string;
  readonly asOf: IsoDate;
  readonly sheet: string | null;
  readonly calendar: CalendarName | null;
  readonly buckets: readonly number[];
  readonly thresholdDays: number;
  readonly researchNoteDays: number;
  readonly out: string;
  readonly json: boolean;
}

/** Whole calendar days, as the options take them; a day count over 100 years is a typo. */
function daysOption(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const days = /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isInteger(days) || days > 36_600)
    throw new UsageError(`--${name} "${text}" should be a whole number of calendar days, e.g. 30.`);
  return days;
}

function bucketsOption(text: string | undefined): readonly number[] {
  if (text === undefined) return DEFAULT_SUSPENSE_BUCKET_LIMITS;
  const parts = text.split(",").map((part) => part.trim());
  const bounds = parts.map((part) => (/^\d{1,5}$/.test(part) ? Number(part) : Number.NaN));
  const rising = bounds.every((bound, i) => i === 0 || bound > bounds[i - 1]!);
  if (bounds.some((bound) => Number.isNaN(bound) || bound > 36_600) || !rising || parts.length > 20)
    throw new UsageError(
      `--buckets "${text}" should be up to 20 rising whole numbers of calendar days, e.g. 7,15,30,60,90.`,
    );
  return bounds;
}

function parseRequest(args: readonly string[]): Request | "help" {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help === true) return "help";
  const text = (name: string): string | undefined => values[name] as string | undefined;
  const input = workbookOperand(positionals, "age the suspense items of");
  const asOfText = text("as-of");
  if (asOfText === undefined) throw new UsageError("Give the aging date with --as-of YYYY-MM-DD.");
  const asOf = parseIsoDate(asOfText);
  if (asOf === null)
    throw new UsageError(`--as-of "${asOfText}" is not a date; write it as YYYY-MM-DD.`);
  if (!isSupportedCalendarDate(asOf)) {
    throw new UsageError(
      `--as-of ${asOf} is outside the years the calendars cover (${CALENDAR_FIRST_YEAR}–${CALENDAR_LAST_YEAR}).`,
    );
  }
  const calendar = text("calendar")?.trim().toLowerCase();
  if (calendar !== undefined && !isCalendarName(calendar))
    throw new UsageError(`--calendar "${calendar}" should be nyse, sifma or federal.`);
  const out =
    text("out") ?? join(dirname(input), `${basename(input, extname(input))}.suspense.xlsx`);
  if (resolve(out) === resolve(input)) {
    throw new UsageError(
      `--out ${out} is the input workbook; StockRec never overwrites its input. Choose another file.`,
    );
  }
  return {
    input,
    asOf,
    sheet: text("sheet") ?? null,
    calendar: calendar ?? null,
    buckets: bucketsOption(text("buckets")),
    thresholdDays: daysOption("threshold", text("threshold"), DEFAULT_FIRM_THRESHOLD_CALENDAR_DAYS),
    researchNoteDays: daysOption(
      "research-note-days",
      text("research-note-days"),
      DEFAULT_RESEARCH_NOTE_MAX_DAYS,
    ),
    out,
    json: values.json === true,
  };
}

/** The register (findSuspenseRegister); a sheet named wrongly, or none found, is a usage error. */
function registerNotFound(request: Request, lookup: RegisterLookup): never {
  if (lookup.found) throw new Error("registerNotFound: the register was found");
  if (lookup.why === "no_such_sheet") {
    throw new UsageError(
      `There is no sheet "${request.sheet}" in ${request.input}; its sheets are ${lookup.sheets.join(", ")}.`,
    );
  }
  throw new UsageError(
    `No suspense register was found in ${request.input}: no sheet is named "${SUSPENSE_ITEMS_SHEET}" or headed Item ID, GL Account, Type and Opened On. Name it with --sheet.`,
  );
}

export async function suspenseCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const request = parseRequest(args);
  if (request === "help") {
    io.out(SUSPENSE_HELP);
    return 0;
  }
  const workbook = await openWorkbook(request.input);
  const run = await runSuspenseAging(workbook, {
    asOf: request.asOf,
    sheet: request.sheet,
    calendar: request.calendar,
    buckets: request.buckets,
    thresholdDays: request.thresholdDays,
    researchNoteDays: request.researchNoteDays,
  });
  if (!run.ok) {
    if (!run.lookup.found) registerNotFound(request, run.lookup);
    return cannotRun(io, request, run.issues);
  }
  const { aging, issues } = run;
  const flagged = aging.items.filter((i) => i.flags.length > 0).length;
  const trail = await recordEvents(
    workbook,
    [
      {
        action: "run",
        scope: SUSPENSE_AGING_SHEET,
        details: `Suspense aging as of ${aging.asOf}: ${aging.items.length} items open, ${flagged} flagged (command line)`,
      },
    ],
    { timestamp: systemNow(), actor: "(command line)" },
  );
  for (const issue of trail.issues) io.err(`stockrec: ${formatIssue(issue)}\n`);
  mkdirSync(dirname(resolve(request.out)), { recursive: true });
  writeFileSync(request.out, await workbook.toBuffer());
  const context = { calendar: run.calendar, sheet: run.sheet, issues, out: request.out };
  if (request.json) io.out(JSON.stringify(resultJson(aging, context), null, 2) + "\n");
  else io.out(humanSummary(aging, context));
  return run.needsAction || trail.issues.length > 0 ? 1 : 0;
}

/** An item over 30 calendar days or the firm's threshold, or an error in the register. */
export function needsAction(aging: SuspenseAging, issues: readonly Issue[]): boolean {
  return suspenseNeedsAction(aging, issues);
}

function cannotRun(io: CommandIo, request: Request, issues: readonly Issue[]): number {
  const lines = issues.filter((i) => i.severity === "error").map(formatIssue);
  io.err(
    `stockrec suspense: cannot age ${request.input}:\n${lines.map((l) => `  ${l}`).join("\n")}\n`,
  );
  if (request.json)
    io.out(JSON.stringify({ error: "cannot_run", issues: issues.map(issueJson) }, null, 2) + "\n");
  return 2;
}

interface RunContext {
  readonly calendar: CalendarName;
  readonly sheet: string;
  readonly issues: readonly Issue[];
  readonly out: string;
}

function itemJson(item: AgedSuspenseItem): Record<string, unknown> {
  return {
    itemId: item.itemId,
    glAccount: item.glAccount,
    type: item.type,
    openedOn: item.openedOn,
    ageCalendarDays: item.ageCalendarDays,
    ageBusinessDays: item.ageBusinessDays,
    bucket: item.bucket.label,
    amount: item.amount === null ? null : toDecimalString(abs(item.amount)),
    debitCredit: item.amount === null ? null : sign(item.amount) < 0 ? "credit" : "debit",
    currency: item.currency,
    quantity: item.quantity === null ? null : toDecimalString(abs(item.quantity)),
    longShort: item.quantity === null ? null : sign(item.quantity) < 0 ? "short" : "long",
    securityId: item.securityId,
    owner: item.owner,
    lastResearchNoteOn: item.lastResearchNoteOn,
    flags: item.flags,
    reserveItem8: item.reserveItem8,
    source: item.source,
  };
}

function sumsJson(sums: SuspenseSums): Record<string, unknown> {
  return {
    itemCount: sums.itemCount,
    debitAmount: toDecimalString(sums.debitAmount),
    creditAmount: toDecimalString(sums.creditAmount),
    longQuantity: toDecimalString(sums.longQuantity),
    shortQuantity: toDecimalString(sums.shortQuantity),
  };
}

export function resultJson(aging: SuspenseAging, context: RunContext): Record<string, unknown> {
  const { totals } = aging;
  return {
    asOf: aging.asOf,
    calendar: context.calendar,
    sheet: context.sheet,
    firmThresholdCalendarDays: aging.firmThresholdCalendarDays,
    researchNoteMaxDays: aging.researchNoteMaxDays,
    items: aging.items.map(itemJson),
    buckets: totals.buckets.map((bucket) => ({
      label: bucket.label,
      fromDays: bucket.fromDays,
      toDays: bucket.toDays,
      totals: totals.cells
        .filter((cell) => cell.bucketIndex === bucket.index)
        .map((cell) => ({ type: cell.type, currency: cell.currency, ...sumsJson(cell) })),
    })),
    totals: totals.byCurrency.map((total) => ({ currency: total.currency, ...sumsJson(total) })),
    item8: {
      credits: totals.item8.credits.map((c) => ({
        currency: c.currency,
        amount: toDecimalString(c.amount),
      })),
      shortQuantity: toDecimalString(totals.item8.shortQuantity),
      itemCount: totals.item8.itemCount,
    },
    issues: context.issues.map(issueJson),
    output: context.out,
  };
}

// ---- the summary for people ------------------------------------------------------------------

function bucketLines(aging: SuspenseAging): string[] {
  const { totals } = aging;
  const lines: string[] = [];
  for (const currency of totals.byCurrency.map((total) => total.currency)) {
    lines.push(
      "",
      `  ${`Days (${currency})`.padEnd(12)} ${"Items".padStart(6)} ${"Debits".padStart(16)} ${"Credits".padStart(16)} ${"Long".padStart(12)} ${"Short".padStart(12)}`,
    );
    for (const bucket of totals.buckets) {
      const cells = totals.cells.filter(
        (cell) => cell.bucketIndex === bucket.index && cell.currency === currency,
      );
      const total = (pick: (cell: SuspenseSums) => Decimal): Decimal => sum(cells.map(pick));
      lines.push(
        [
          `  ${bucket.label.padEnd(12)}`,
          String(cells.reduce((n, cell) => n + cell.itemCount, 0)).padStart(6),
          formatGroupedFixed(
            total((c) => c.debitAmount),
            2,
          ).padStart(16),
          formatGroupedFixed(
            total((c) => c.creditAmount),
            2,
          ).padStart(16),
          formatGrouped(total((c) => c.longQuantity)).padStart(12),
          formatGrouped(total((c) => c.shortQuantity)).padStart(12),
        ].join(" "),
      );
    }
  }
  return lines;
}

function item8Line(aging: SuspenseAging): string {
  const { item8 } = aging.totals;
  const credits =
    item8.credits.length === 0
      ? "no credits"
      : `credits ${item8.credits.map((c) => `${formatGroupedFixed(c.amount, 2)} ${c.currency}`).join(", ")}`;
  return `15c3-3a item 8 (credits and shorts in suspense over 30 calendar days): ${credits}; short quantity ${formatGrouped(item8.shortQuantity)} (${item8.itemCount} item${item8.itemCount === 1 ? "" : "s"}).`;
}

function flagLines(aging: SuspenseAging): string[] {
  const count = (flag: SuspenseFlag): number =>
    aging.items.filter((item) => item.flags.includes(flag)).length;
  const flagged = aging.items.filter((item) => item.flags.length > 0);
  const lines = [
    "",
    `Flags: ${count("over_30_calendar_days")} over 30 calendar days, ${count("over_firm_threshold")} over the firm's ${aging.firmThresholdCalendarDays} days, ${count("no_owner")} without an owner, ${count("no_recent_research_note")} without a research note in ${aging.researchNoteMaxDays} days.`,
  ];
  for (const item of flagged.slice(0, 20)) {
    lines.push(
      `  ${(item.itemId || `row ${item.source.row}`).padEnd(12)} ${SUSPENSE_TYPE_LABELS[item.type].padEnd(35)} ${item.openedOn} ${String(item.ageCalendarDays).padStart(5)} days  ${item.flags.map((flag) => flagLabel(flag, aging)).join("; ")}`,
    );
  }
  if (flagged.length > 20)
    lines.push(`  … and ${flagged.length - 20} more in the Suspense Aging sheet`);
  return lines;
}

function humanSummary(aging: SuspenseAging, context: RunContext): string {
  const lines = [
    `StockRec suspense aging as of ${aging.asOf} (FINRA 4523(c); SEA 15c3-3a item 8), ${context.calendar.toUpperCase()} business days`,
    "",
    `  ${context.sheet}: ${aging.items.length} item${aging.items.length === 1 ? "" : "s"} open.`,
    ...bucketLines(aging),
    "",
    item8Line(aging),
    ...flagLines(aging),
  ];
  const counts = (["error", "warning", "info"] as const).map(
    (s) =>
      `${context.issues.filter((i) => i.severity === s).length} ${s}${s === "info" ? "" : "s"}`,
  );
  lines.push("", `Issues: ${counts.join(", ")}`);
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const ordered = [...context.issues].sort((a, b) => rank[a.severity] - rank[b.severity]);
  for (const issue of ordered.slice(0, 30))
    lines.push(`  ${issue.severity.padEnd(7)} ${formatWhere(issue.where)}: ${issue.message}`);
  if (ordered.length > 30) lines.push(`  … and ${ordered.length - 30} more (use --json for all)`);
  lines.push("", `Wrote the Suspense Aging and Suspense Buckets sheets to ${context.out}.`, "");
  return lines.join("\n");
}
