/**
 * `stockrec signoff <workbook.xlsx>`: a preparer's or a reviewer's sign-off of a period's data (or
 * the unlock of a reviewed period), recorded in the Sign-offs sheet with the hash of the data as
 * signed and chained into the Audit Log. Exit 0 signed; 1 signed, but an earlier sign-off is
 * broken; 2 refused (reviewer = preparer, no such sheet, locked period, a broken log) or bad usage.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { parseTimestamp, type AuditRecord, type Timestamp } from "../domain/auditLog";
import { formatIssue, type Issue } from "../domain/issues";
import {
  parsePeriod,
  ROLE_WORDS,
  statusText,
  type Period,
  type SignoffCheck,
  type SignoffRecord,
  type SignoffRole,
} from "../domain/signoff";
import { recordSignoff } from "../workbook/signoffRun";
import { parse, UsageError, workbookOperand } from "./args";
import type { CommandIo } from "./io";
import { issueJson, openWorkbook } from "./reconcileCommand";

export const SIGNOFF_HELP = `Usage: stockrec signoff <workbook.xlsx> --actor NAME --role preparer|reviewer
         --period YYYY-MM --scope SHEET [options]

Signs off a period's data (FINRA Rule 4523 monthly review): the preparer prepares, then a
reviewer who is not the preparer signs. Each sign-off is a row of the Sign-offs sheet with the
SHA-256 hash of the data as signed, and an event in the very hidden, hash-chained Audit Log. If
the data changes afterwards, "stockrec verify" shows the sign-off as broken; the row is kept.
A reviewed period is locked: to change it, record an unlock with its reason (--role unlock
--comment REASON), then prepare and review again.

Names are typed, not verified: Excel gives an add-in no verified identity. StockRec refuses a
reviewer whose name is the preparer's (ignoring case and spaces) and keeps every name as typed.

Options:
  --actor NAME          who signs (required)
  --role ROLE           preparer, reviewer, or unlock (required)
  --period YYYY-MM      the month of the close signed (required)
  --scope SHEET         the data signed: a sheet, or a range of one such as "Breaks!A1:P40"
                        (required)
  --comment TEXT        a comment kept with the sign-off; for --role unlock, the reason
                        (required there)
  --now TIMESTAMP       when, as ISO 8601 with its offset, e.g. 2026-11-05T09:30:00-05:00
                        (default: this computer's clock and time zone)
  --out FILE            where to write the workbook (default: <workbook>.signed.xlsx beside it;
                        the input is never changed)
  --json                print the result as JSON on stdout
  -h, --help            show this help

Exit status: 0 signed; 1 signed, but an earlier sign-off of the workbook is broken; 2 refused
(the reviewer is the preparer, the scope's sheet does not exist, the period is locked, the
Audit Log or Sign-offs sheet does not verify) or bad usage. The message says why.
`;

const OPTIONS = {
  actor: { type: "string" },
  role: { type: "string" },
  period: { type: "string" },
  scope: { type: "string" },
  comment: { type: "string" },
  now: { type: "string" },
  out: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

interface Request {
  readonly input: string;
  readonly actor: string;
  readonly role: SignoffRole;
  readonly period: Period;
  readonly scope: string;
  readonly comment: string;
  readonly now: Timestamp;
  readonly out: string;
  readonly json: boolean;
}

/** This computer's clock with its UTC offset, read once, here at the edge. */
export function systemNow(): Timestamp {
  const now = new Date();
  const two = (n: number) => String(n).padStart(2, "0");
  const offset = -now.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  const zone = `${sign}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`;
  const date = `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
  const time = `${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())}`;
  return parseTimestamp(`${date}T${time}${zone}`)!;
}

function required(values: Record<string, unknown>, name: string, example: string): string {
  const value = ((values[name] as string | undefined) ?? "").trim();
  if (value === "") throw new UsageError(`Give --${name} ${example}.`);
  return value;
}

function roleOption(text: string): SignoffRole {
  const role = text.toLowerCase();
  if (role === "preparer" || role === "reviewer" || role === "unlock") return role;
  throw new UsageError(`--role "${text}" should be preparer, reviewer or unlock.`);
}

function parseRequest(args: readonly string[]): Request | "help" {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help === true) return "help";
  const input = workbookOperand(positionals, "sign off");
  const actor = required(
    values,
    "actor",
    "NAME: who signs (recorded as typed; Excel gives no verified identity)",
  );
  const role = roleOption(required(values, "role", "preparer, reviewer or unlock"));
  const periodText = required(values, "period", "YYYY-MM: the month signed, e.g. 2026-10");
  const period = parsePeriod(periodText);
  if (period === null)
    throw new UsageError(`--period "${periodText}" is not a month; write it as YYYY-MM.`);
  const scope = required(values, "scope", 'SHEET: the sheet signed, e.g. "Difference Account"');
  const nowText = values.now as string | undefined;
  const now = nowText === undefined ? systemNow() : parseTimestamp(nowText);
  if (now === null) {
    throw new UsageError(
      `--now "${nowText}" is not a time with its offset; write it as 2026-11-05T09:30:00-05:00.`,
    );
  }
  const out =
    (values.out as string | undefined) ??
    join(dirname(input), `${basename(input, extname(input))}.signed.xlsx`);
  if (resolve(out) === resolve(input)) {
    throw new UsageError(
      `--out ${out} is the input workbook; StockRec never overwrites its input. Choose another file.`,
    );
  }
  const comment = (values.comment as string | undefined) ?? "";
  return { input, actor, role, period, scope, comment, now, out, json: values.json === true };
}

function refuse(io: CommandIo, request: Request, issues: readonly Issue[]): number {
  const kind = request.role === "unlock" ? "unlock" : `${request.role} sign-off`;
  const what = `${kind} of "${request.scope}" for ${request.period}`;
  const lines = issues.map((issue) => `  ${formatIssue(issue)}`);
  io.err(`stockrec signoff: cannot record the ${what} in ${request.input}:\n${lines.join("\n")}\n`);
  if (request.json)
    io.out(JSON.stringify({ error: "refused", issues: issues.map(issueJson) }, null, 2) + "\n");
  return 2;
}

export function signoffJson(check: SignoffCheck): Record<string, unknown> {
  const s = check.signoff;
  return {
    id: s.id,
    period: s.period,
    scope: s.scope,
    role: s.role,
    name: s.name,
    timestamp: s.timestamp,
    comment: s.comment,
    dataHash: s.dataHash,
    currentHash: check.currentHash,
    status: check.status,
    supersededBy: check.supersededBy,
    row: s.row,
  };
}

function summary(
  request: Request,
  signoff: SignoffRecord,
  audit: AuditRecord,
  broken: readonly SignoffCheck[],
): string {
  const done =
    signoff.role === "unlock"
      ? `Unlocked "${signoff.scope}" for ${signoff.period}: ${signoff.name} at ${signoff.timestamp} (${signoff.id}), because: ${signoff.comment}`
      : `Signed off "${signoff.scope}" for ${signoff.period} as ${ROLE_WORDS[signoff.role]}: ${signoff.name} at ${signoff.timestamp} (${signoff.id}).`;
  const lines = [
    done,
    `Data hash (SHA-256 of the scope's canonical text): ${signoff.dataHash}`,
    `Audit Log Seq ${audit.seq}; the log's head hash is now ${audit.rowHash}.`,
    "The name is as typed: Excel gives no verified identity.",
  ];
  if (broken.length > 0) {
    lines.push(
      "",
      `${broken.length} earlier sign-off${broken.length === 1 ? " is" : "s are"} broken:`,
    );
    for (const check of broken) {
      const s = check.signoff;
      lines.push(
        `  ${s.id} ${ROLE_WORDS[s.role]} ${s.name}, ${s.period} "${s.scope}": ${statusText(check)}`,
      );
    }
    lines.push('Run "stockrec verify" on the written workbook for the details.');
  }
  lines.push("", `Wrote ${request.out}.`, "");
  return lines.join("\n");
}

export async function signoffCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const request = parseRequest(args);
  if (request === "help") {
    io.out(SIGNOFF_HELP);
    return 0;
  }
  const workbook = await openWorkbook(request.input);
  const run = await recordSignoff(workbook, {
    actor: request.actor,
    role: request.role,
    period: request.period,
    scope: request.scope,
    comment: request.comment,
    now: request.now,
  });
  if (!run.ok) return refuse(io, request, run.issues);
  const { audit, checks, broken } = run;
  mkdirSync(dirname(resolve(request.out)), { recursive: true });
  writeFileSync(request.out, await workbook.toBuffer());
  if (request.json) {
    const signed = checks.find((check) => check.signoff.id === run.signoff.id)!;
    io.out(
      JSON.stringify(
        {
          signoff: signoffJson(signed),
          audit: { seq: audit.seq, row: audit.row, rowHash: audit.rowHash },
          brokenSignoffs: broken.map(signoffJson),
          output: request.out,
        },
        null,
        2,
      ) + "\n",
    );
  } else {
    io.out(summary(request, run.signoff, audit, broken));
  }
  return broken.length > 0 ? 1 : 0;
}
