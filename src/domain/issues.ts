/**
 * Bad input is data, not an exception (DESIGN.md "Bad input"). Every stage returns its value and
 * a list of these. `code` names the broken rule in snake_case (`quantity_must_be_a_number`).
 */

export type Severity = "error" | "warning" | "info";

export interface Where {
  readonly sheet: string;
  /** 1-based sheet row, when the issue is about one row. */
  readonly row?: number;
  /** Column letters (`B`), when the issue is about one column. */
  readonly column?: string;
}

export interface Issue {
  readonly code: string;
  readonly severity: Severity;
  readonly where: Where;
  /** What was found and what was expected. */
  readonly message: string;
  /** What the user can do about it. */
  readonly hint: string;
}

/** `Statement DTC › B14`, `Stock Record › row 7`, `Stock Record › column C`, `Stock Record`. */
export function formatWhere(where: Where): string {
  if (where.row !== undefined && where.column !== undefined) {
    return `${where.sheet} › ${where.column}${where.row}`;
  }
  if (where.row !== undefined) return `${where.sheet} › row ${where.row}`;
  if (where.column !== undefined) return `${where.sheet} › column ${where.column}`;
  return where.sheet;
}

export function formatIssue(issue: Issue): string {
  return `${issue.severity.toUpperCase()} ${formatWhere(issue.where)}: ${issue.message} ${issue.hint} [${issue.code}]`;
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((issue) => issue.severity === "error");
}
