/**
 * `stockrec verify <workbook.xlsx>`: the examiner's question "who reviewed what, when, and did the
 * numbers change afterwards?", answered from the workbook alone. Checks the Audit Log's hash chain,
 * reads every sign-off, recomputes the hash of each signed scope and cross-checks the Sign-offs
 * sheet against the log. Changes nothing. Exit 0 everything holds; 1 something is broken (the first
 * broken row or sign-off is named); 2 the workbook cannot be read.
 */
import { auditHead, GENESIS } from "../domain/auditLog";
import { formatIssue, formatWhere } from "../domain/issues";
import { ROLE_WORDS, statusText, type SignoffCheck } from "../domain/signoff";
import { verifyWorkbook, type Verification } from "../workbook/verifyRun";
import { parse, workbookOperand } from "./args";
import type { CommandIo } from "./io";
import { issueJson, openWorkbook } from "./reconcileCommand";
import { signoffJson } from "./signoffCommand";

export { verifyWorkbook, type Verification } from "../workbook/verifyRun";

export const VERIFY_HELP = `Usage: stockrec verify <workbook.xlsx> [--json]

Checks the workbook's evidence, changing nothing:
  - the Audit Log's hash chain: an edited, deleted or reordered row is found, and the first
    broken row is named;
  - every sign-off: the data it signed is hashed again (SHA-256 of the scope's canonical text)
    and compared with the hash recorded when it was signed. A sign-off whose data changed is
    broken; its row is kept as evidence;
  - the Sign-offs sheet against the Audit Log: each sign-off row must be exactly the event the
    log recorded, and no recorded sign-off may be missing.

The head hash printed (the last Row Hash of the log) can be kept outside the workbook: a log
rewritten from the start with the same algorithm would have another head. Names are as typed:
Excel gives no verified identity.

Options:
  --json        print the result as JSON on stdout
  -h, --help    show this help

Exit status: 0 everything holds (or nothing has been signed yet); 1 something is broken: the
message names the first broken row or sign-off; 2 the workbook cannot be read.
`;

const OPTIONS = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

async function verify(input: string): Promise<Verification> {
  return verifyWorkbook(await openWorkbook(input));
}

function auditLine(verification: Verification): string {
  const { audit, auditRows } = verification.evidence;
  if (auditRows.length === 0) return "Audit Log: none yet.";
  const first = audit.issues[0];
  if (first !== undefined) return `Audit Log: BROKEN at ${formatWhere(first.where)}.`;
  const head = auditHead(audit.records);
  return `Audit Log: ${audit.records.length} row${audit.records.length === 1 ? "" : "s"}, chain intact from ${GENESIS}; head hash ${head}.`;
}

function humanReport(verification: Verification): string {
  const lines = [auditLine(verification)];
  const checks = verification.checks;
  const count = (status: SignoffCheck["status"]) =>
    checks.filter((c) => c.status === status).length;
  lines.push(
    checks.length === 0
      ? "Sign-offs: none yet."
      : `Sign-offs: ${checks.length} (${count("valid")} valid, ${count("broken")} broken, ${count("superseded")} superseded, ${count("recorded")} unlock${count("recorded") === 1 ? "" : "s"}).`,
  );
  for (const check of checks) {
    const s = check.signoff;
    lines.push(
      `  ${s.id}  ${s.period}  ${ROLE_WORDS[s.role].padEnd(8)}  ${s.name.padEnd(18)}  ${s.timestamp}  "${s.scope}"  ${statusText(check)}`,
    );
  }
  const issues = verification.issues;
  if (issues.length > 0) {
    lines.push("", `FIRST BROKEN: ${formatWhere(issues[0]!.where)}: ${issues[0]!.message}`, "");
    lines.push(`Issues (${issues.length}):`, ...issues.map((issue) => `  ${formatIssue(issue)}`));
  } else if (checks.length > 0 || verification.evidence.auditRows.length > 0) {
    lines.push("", "Everything holds: the log is unbroken and every sign-off matches its data.");
  }
  lines.push("Names are as typed: Excel gives no verified identity.", "");
  return lines.join("\n");
}

function jsonReport(verification: Verification): Record<string, unknown> {
  const { audit, auditRows } = verification.evidence;
  return {
    ok: verification.issues.length === 0,
    auditLog: {
      rows: Math.max(auditRows.length - 1, 0),
      intact: audit.issues.length === 0,
      head: audit.issues.length === 0 ? auditHead(audit.records) : null,
    },
    signoffs: verification.checks.map(signoffJson),
    firstBroken: verification.issues[0] === undefined ? null : issueJson(verification.issues[0]),
    issues: verification.issues.map(issueJson),
  };
}

export async function verifyCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help === true) {
    io.out(VERIFY_HELP);
    return 0;
  }
  const input = workbookOperand(positionals, "verify");
  const verification = await verify(input);
  if (values.json === true) io.out(JSON.stringify(jsonReport(verification), null, 2) + "\n");
  else io.out(humanReport(verification));
  const first = verification.issues[0];
  if (first !== undefined) io.err(`stockrec verify: ${input}: ${formatIssue(first)}\n`);
  return first === undefined ? 0 : 1;
}
