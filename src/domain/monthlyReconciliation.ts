/**
 * One monthly reconciliation (FINRA 4522(b)(1), securities side) as a pure function: sheet
 * snapshots and a plan in, breaks and issues out. Hosts read, call this, and write.
 */
import { checkSource } from "./checks";
import type { IsoDate } from "./isoDate";
import type { Issue } from "./issues";
import { parsePositionSheet, type ParsedSheet, type PositionRecord } from "./positions";
import { reconcile, type Break, type ContraSummary, type MatchedPosition } from "./reconcile";
import type { RunPlan } from "./roles";
import type { SheetSnapshot } from "./sheet";

export interface InputSummary {
  readonly sheet: string;
  readonly role: "books" | "statement";
  readonly contras: readonly string[];
  readonly dataRows: number;
  readonly records: number;
  readonly rowsWithErrors: number;
}

export interface ReconciliationResult {
  readonly asOf: IsoDate;
  readonly breaks: readonly Break[];
  readonly matched: readonly MatchedPosition[];
  readonly matchedCount: number;
  readonly contras: readonly ContraSummary[];
  readonly inputs: readonly InputSummary[];
  readonly issues: readonly Issue[];
}

export type ReconciliationOutcome =
  | { readonly ok: true; readonly result: ReconciliationResult }
  | { readonly ok: false; readonly issues: readonly Issue[] };

function summary(parsed: ParsedSheet): InputSummary {
  const rowsWithErrors = new Set(
    parsed.issues
      .filter((i) => i.severity === "error" && i.where.row !== undefined)
      .map((i) => i.where.row),
  ).size;
  return {
    sheet: parsed.sheet,
    role: parsed.role,
    contras: parsed.contras,
    dataRows: parsed.dataRowCount,
    records: parsed.records.length,
    rowsWithErrors,
  };
}

/** The as-of date found in the inputs when every input that names one agrees. */
export function asOfFromInputs(parsed: readonly ParsedSheet[]): IsoDate | null {
  const dates = new Set(parsed.flatMap((p) => p.asOfFound));
  return dates.size === 1 ? [...dates][0]! : null;
}

export function runMonthlyReconciliation(
  sheets: ReadonlyMap<string, SheetSnapshot>,
  plan: RunPlan,
): ReconciliationOutcome {
  const missing = [plan.books, ...plan.statements.map((s) => s.sheet)].filter(
    (name) => !sheets.has(name),
  );
  if (missing.length > 0) {
    return {
      ok: false,
      issues: missing.map((name) => ({
        code: "sheet_must_exist",
        severity: "error" as const,
        where: { sheet: name },
        message: `There is no sheet named "${name}" in the workbook.`,
        hint: `Check the name (sheets: ${[...sheets.keys()].join(", ")}).`,
      })),
    };
  }
  const duplicate = plan.statements.find((s) => s.sheet === plan.books);
  if (duplicate !== undefined) {
    return {
      ok: false,
      issues: [
        {
          code: "sheet_must_have_one_role",
          severity: "error",
          where: { sheet: duplicate.sheet },
          message: `"${duplicate.sheet}" is chosen both as the stock record and as a statement.`,
          hint: "Choose one role for each sheet.",
        },
      ],
    };
  }
  const books = parsePositionSheet(sheets.get(plan.books)!, { role: "books", contra: null });
  const statements = plan.statements.map((choice) =>
    parsePositionSheet(sheets.get(choice.sheet)!, { role: "statement", contra: choice.contra }),
  );
  const parsed = [books, ...statements];
  const issues: Issue[] = parsed.flatMap((p) => p.issues);
  const asOf = plan.asOf ?? asOfFromInputs(parsed);
  // An unusable statement is reported and left out; without usable books or any usable
  // statement there is nothing to compare, and the run cannot complete.
  const usableStatements = statements.filter((s) => s.usable);
  if (!books.usable || usableStatements.length === 0 || asOf === null) {
    if (asOf === null) issues.push(asOfIssue(parsed));
    if (books.usable && usableStatements.length === 0) issues.push(noStatementIssue(plan));
    return { ok: false, issues };
  }
  for (const source of [books, ...usableStatements]) {
    issues.push(...checkSource(sheets.get(source.sheet)!, source, asOf));
  }
  const reconciled = reconcile({
    books: books.records,
    statements: usableStatements.flatMap((s) => s.records as PositionRecord[]),
    statementContras: usableStatements.flatMap((s) => s.contras),
    unreadable: [books, ...usableStatements].flatMap((s) => s.unreadable),
  });
  issues.push(...reconciled.issues);
  return {
    ok: true,
    result: {
      asOf,
      breaks: reconciled.breaks,
      matched: reconciled.matched,
      matchedCount: reconciled.matched.length,
      contras: reconciled.contras,
      inputs: parsed.map(summary),
      issues,
    },
  };
}

function asOfIssue(parsed: readonly ParsedSheet[]): Issue {
  const dates = [...new Set(parsed.flatMap((p) => p.asOfFound))].sort();
  return {
    code: "as_of_date_is_required",
    severity: "error",
    where: { sheet: parsed[0]?.sheet ?? "" },
    message:
      dates.length === 0
        ? "No as-of date was given and none was found in the sheets."
        : `The sheets name different as-of dates (${dates.join(", ")}).`,
    hint: "Give the reconciliation's as-of date (the count date), e.g. --as-of 2026-10-30.",
  };
}

function noStatementIssue(plan: RunPlan): Issue {
  return {
    code: "statement_is_required",
    severity: "error",
    where: { sheet: plan.statements[0]?.sheet ?? plan.books },
    message:
      "No usable position statement is in this run, so there is nothing to reconcile the stock record against.",
    hint: "Fix the statement sheets named above, or choose the statement sheets (--statement SHEET=CONTRA).",
  };
}

/** Rules whose breach makes a completed run exit 1: the run's own identity is broken. */
const RULES_THAT_FAIL_A_RUN: ReadonlySet<string> = new Set(["quantity_must_be_conserved"]);

/** True when the run completed but found a rule broken that the user must act on (CLI exit 1). */
export function findsRuleBroken(result: ReconciliationResult): boolean {
  return result.issues.some((i) => RULES_THAT_FAIL_A_RUN.has(i.code));
}
