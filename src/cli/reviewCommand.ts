/**
 * `stockrec review <workbook.xlsx> --as-of YYYY-MM-DD`: the FINRA Rule 4523 review of the GL
 * accounts register (src/domain/glAccounts.ts). Writes the GL Review sheet into a copy of the
 * workbook. Exit 0 when no account is flagged, 1 when one is (or a register row could not be
 * reviewed), 2 when it could not run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import {
  GL_REVIEW_FLAG_LABELS,
  GL_REVIEW_FLAGS,
  GL_REVIEW_STATUS_LABELS,
  type GlReview,
  type ParsedGlAccounts,
  type PersonReviewTally,
} from "../domain/glAccounts";
import { recordEvents } from "../workbook/auditTrail";
import { systemNow } from "./signoffCommand";
import { parseIsoDate, type IsoDate } from "../domain/isoDate";
import { formatIssue, formatWhere, type Issue } from "../domain/issues";
import type { SheetSnapshot } from "../domain/sheet";
import { frequencyLabel, GL_REVIEW_SHEET } from "../workbook/glReviewSheet";
import {
  locateGlAccountsRegister,
  REGISTER_NAMED_WRONGLY,
  runGlReview,
} from "../workbook/glReviewRun";
import type { WorkbookPort } from "../workbook/port";
import { parse, UsageError, workbookOperand } from "./args";
import type { CommandIo } from "./io";
import { issueJson, openWorkbook } from "./reconcileCommand";

export const REVIEW_HELP = `Usage: stockrec review <workbook.xlsx> --as-of YYYY-MM-DD [options]

Reviews the GL accounts register (FINRA Rule 4523): every general-ledger account needs a primary
owner and a different supervisor, a supervisory review at least monthly, and an account that
holds suspense items needs the word "suspense" in its name. Writes the GL Review sheet into a
copy of the workbook.

The register is the sheet named "GL Accounts", else the first sheet whose header names an
account, account name, primary owner and supervisor (optional: Function, Review Frequency,
Last Reviewed On, Last Reviewed By, Holds Suspense Items).

A review is current when it is dated on or after the same day of the month before --as-of,
or that month's last day when it is shorter: as of 2026-10-31, a review on or after
2026-09-30 is current and one on 2026-09-29 is overdue.

Options:
  --as-of YYYY-MM-DD        the date of the review (required)
  --sheet NAME              the GL accounts sheet (default: found by name or headers)
  --allow-same-owner-supervisor REASON
                            the firm's recorded reason one person may own and supervise an
                            account (a single associated person, or FINRA approval); the
                            overlap is then noted, not flagged. Overrides, for this
                            run, the reason recorded in the workbook's settings (from
                            the task pane)
  --out FILE                where to write the result workbook
                            (default: <workbook>.reviewed.xlsx beside the input)
  --json                    print the result as JSON on stdout
  -h, --help                show this help

Exit status: 0 no account is flagged; 1 an account is flagged (no primary owner, no
supervisor, owner is supervisor without a recorded reason, review overdue, reviewed less often
than monthly, suspense not in the title) or a register row could not be reviewed; 2 it could
not run (bad usage, no GL accounts sheet; the message says why).
`;

const OPTIONS = {
  "as-of": { type: "string" },
  sheet: { type: "string" },
  "allow-same-owner-supervisor": { type: "string" },
  out: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

interface Request {
  readonly input: string;
  readonly asOf: IsoDate;
  readonly sheet: string | null;
  readonly allowedReason: string | null;
  readonly out: string;
  readonly json: boolean;
}

function parseRequest(args: readonly string[]): Request | "help" {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help === true) return "help";
  const text = (name: string): string | null => (values[name] as string | undefined) ?? null;
  const input = workbookOperand(positionals, "review");
  const asOfText = text("as-of");
  if (asOfText === null)
    throw new UsageError("Give the date of the review: --as-of YYYY-MM-DD, e.g. 2026-10-31.");
  const asOf = parseIsoDate(asOfText);
  if (asOf === null)
    throw new UsageError(`--as-of "${asOfText}" is not a date; write it as YYYY-MM-DD.`);
  const allowedReason = text("allow-same-owner-supervisor");
  if (allowedReason !== null && allowedReason.trim() === "") {
    throw new UsageError(
      '--allow-same-owner-supervisor needs the firm\'s reason, e.g. "one associated person".',
    );
  }
  const out =
    text("out") ?? join(dirname(input), `${basename(input, extname(input))}.reviewed.xlsx`);
  if (resolve(out) === resolve(input)) {
    throw new UsageError(
      `--out ${out} is the input workbook; StockRec never overwrites its input. Choose another file.`,
    );
  }
  return {
    input,
    asOf,
    sheet: text("sheet"),
    allowedReason: allowedReason?.trim() ?? null,
    out,
    json: values.json === true,
  };
}

/**
 * The register (see locateGlAccountsRegister); a sheet that is named wrongly is a usage error.
 * Kept here for `stockrec close`, which finds the register the same way.
 */
export async function findGlAccountsRegister(
  workbook: WorkbookPort,
  sheetName: string | null,
): Promise<{ sheet: SheetSnapshot | null; issues: Issue[] }> {
  const found = await locateGlAccountsRegister(workbook, sheetName);
  usageErrorIfNamedWrongly(found.issues);
  return found;
}

function usageErrorIfNamedWrongly(issues: readonly Issue[]): void {
  const wrong = issues.find((issue) => REGISTER_NAMED_WRONGLY.has(issue.code));
  if (wrong !== undefined) throw new UsageError(wrong.message);
}

function cannotRun(io: CommandIo, request: Request, issues: readonly Issue[]): number {
  const lines = issues.filter((issue) => issue.severity === "error").map(formatIssue);
  io.err(
    `stockrec: cannot review the GL accounts of ${request.input}:\n${lines.map((l) => `  ${l}`).join("\n")}\n`,
  );
  if (request.json)
    io.out(JSON.stringify({ error: "cannot_run", issues: issues.map(issueJson) }, null, 2) + "\n");
  return 2;
}

export async function reviewCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const request = parseRequest(args);
  if (request === "help") {
    io.out(REVIEW_HELP);
    return 0;
  }
  const workbook = await openWorkbook(request.input);
  const run = await runGlReview(workbook, {
    asOf: request.asOf,
    sheet: request.sheet,
    allowedReason: request.allowedReason,
  });
  if (!run.ok) {
    usageErrorIfNamedWrongly(run.issues);
    return cannotRun(io, request, run.issues);
  }
  const { register, review } = run;
  const flagged = review.accounts.filter((a) => a.flags.length > 0).length;
  const trail = await recordEvents(
    workbook,
    [
      {
        action: "run",
        scope: GL_REVIEW_SHEET,
        details: `GL review as of ${review.asOf}: ${review.accounts.length} accounts, ${flagged} flagged (command line)`,
      },
    ],
    { timestamp: systemNow(), actor: "(command line)" },
  );
  for (const issue of trail.issues) io.err(`stockrec: ${formatIssue(issue)}\n`);
  mkdirSync(dirname(resolve(request.out)), { recursive: true });
  writeFileSync(request.out, await workbook.toBuffer());
  if (request.json) {
    io.out(JSON.stringify(reviewJson(register, review, request.out), null, 2) + "\n");
  } else {
    io.out(humanSummary(register, review, request.out));
  }
  return run.needsAction || trail.issues.length > 0 ? 1 : 0;
}

export function reviewJson(
  register: ParsedGlAccounts,
  review: GlReview,
  out: string,
): Record<string, unknown> {
  const tally = (t: PersonReviewTally) => ({ ...t, missingAccounts: [...t.missingAccounts] });
  return {
    asOf: review.asOf,
    reviewDueOnOrAfter: review.reviewDueOnOrAfter,
    sheet: register.sheet,
    accounts: review.accounts.map((a) => ({
      account: a.account.account,
      name: a.account.name,
      owner: a.account.primaryOwner,
      supervisor: a.account.supervisor,
      function: a.account.function,
      frequency: a.account.reviewFrequency,
      status: a.status,
      flags: a.flags,
      lastReviewedOn: a.account.lastReviewedOn,
      lastReviewedBy: a.account.lastReviewedBy,
      daysSinceReview: a.daysSinceReview,
      holdsSuspenseItems: a.holdsSuspenseItems,
      notes: a.notes,
      row: a.account.source.row,
    })),
    flags: review.flagCounts,
    byOwner: review.byOwner.map(tally),
    bySupervisor: review.bySupervisor.map(tally),
    issues: [...register.issues, ...review.issues].map(issueJson),
    output: out,
  };
}

/** "1010, 2020, … (14)": enough accounts to find the first ones, and how many in all. */
function listAccounts(accounts: readonly string[], shown = 8): string {
  const head = accounts.slice(0, shown).join(", ");
  return accounts.length > shown ? `${head}, … (${accounts.length})` : head;
}

function tallyLines(title: string, tallies: readonly PersonReviewTally[], none: string): string[] {
  const missing = tallies.filter((t) => t.missing > 0);
  const lines = ["", `${title}:`];
  if (missing.length === 0) return [...lines, "  none: every account is reviewed."];
  for (const t of missing) {
    const person = t.person === "" ? none : t.person;
    lines.push(
      `  ${person.padEnd(20)} ${`${t.missing} of ${t.accounts}`.padStart(9)} missing: ${listAccounts(t.missingAccounts)}`,
    );
  }
  const done = tallies.length - missing.length;
  if (done > 0) lines.push(`  (${done} other${done === 1 ? " has" : "s have"} every review done)`);
  return lines;
}

function issueLines(issues: readonly Issue[]): string[] {
  const counts = (["error", "warning", "info"] as const).map(
    (s) => `${issues.filter((i) => i.severity === s).length} ${s}${s === "info" ? "" : "s"}`,
  );
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...issues].sort((a, b) => rank[a.severity] - rank[b.severity]);
  const lines = ["", `Issues: ${counts.join(", ")}`];
  for (const issue of sorted.slice(0, 30))
    lines.push(`  ${issue.severity.padEnd(7)} ${formatWhere(issue.where)}: ${issue.message}`);
  if (issues.length > 30) lines.push(`  … and ${issues.length - 30} more (use --json for all)`);
  return lines;
}

function humanSummary(register: ParsedGlAccounts, review: GlReview, out: string): string {
  const byStatus = (status: keyof typeof GL_REVIEW_STATUS_LABELS) =>
    review.accounts.filter((a) => a.status === status).length;
  const lines = [
    `StockRec GL account review as of ${review.asOf} (FINRA Rule 4523)`,
    "",
    `${register.sheet}: ${review.accounts.length} accounts; a review dated on or after ${review.reviewDueOnOrAfter} is current.`,
    `  Reviewed ${byStatus("reviewed")}, overdue ${byStatus("overdue")}, never reviewed ${byStatus("never_reviewed")}.`,
    "",
    "Flags:",
  ];
  for (const flag of GL_REVIEW_FLAGS) {
    const accounts = review.accounts.filter((a) => a.flags.includes(flag));
    const which = accounts.map((a) => a.account.account);
    lines.push(
      `  ${GL_REVIEW_FLAG_LABELS[flag].padEnd(34)} ${String(accounts.length).padStart(4)}  ${listAccounts(which)}`.trimEnd(),
    );
  }
  lines.push(...tallyLines("Reviews missing by owner", review.byOwner, "(no owner)"));
  lines.push(
    ...tallyLines("Reviews missing by supervisor", review.bySupervisor, "(no supervisor)"),
  );
  const flagged = review.accounts.filter((a) => a.flags.length > 0);
  if (flagged.length > 0) {
    lines.push("", "Flagged accounts:");
    for (const a of flagged.slice(0, 25)) {
      lines.push(
        `  ${a.account.account.padEnd(12)} ${GL_REVIEW_STATUS_LABELS[a.status].padEnd(15)} ${frequencyLabel(a).padEnd(18)} ${a.flags.map((f) => GL_REVIEW_FLAG_LABELS[f]).join(", ")}`,
      );
    }
    if (flagged.length > 25)
      lines.push(`  … and ${flagged.length - 25} more in the GL Review sheet`);
  }
  lines.push(...issueLines([...register.issues, ...review.issues]));
  lines.push("", `Wrote the ${GL_REVIEW_SHEET} sheet to ${out}.`, "");
  return lines.join("\n");
}
