/**
 * The issues panel as plain data: every issue of detection, import and run in one list, grouped
 * by severity, each with the cell it points at when there is one to go to.
 */
import { formatWhere, type Issue, type Severity } from "../../../domain/issues";

export const SEVERITY_ORDER: readonly Severity[] = ["error", "warning", "info"];

export const SEVERITY_TITLES: Readonly<Record<Severity, [singular: string, plural: string]>> = {
  error: ["error", "errors"],
  warning: ["warning", "warnings"],
  info: ["note", "notes"],
};

/** Which step raised an issue. */
export type IssueSource = "detection" | "import" | "run" | "count";

export const SOURCE_LABELS: Readonly<Record<IssueSource, string>> = {
  detection: "detection",
  import: "import",
  run: "run",
  count: "security count",
};

/** A cell of the workbook, 1-based as the port takes it. */
export interface CellTarget {
  readonly sheet: string;
  readonly row: number;
  readonly column: number;
}

export interface PaneIssue {
  readonly issue: Issue;
  readonly source: IssueSource;
  /** The cell to select for this issue; null when it names no row of a sheet in the workbook. */
  readonly target: CellTarget | null;
}

export interface IssueGroup {
  readonly severity: Severity;
  /** "3 errors" */
  readonly title: string;
  readonly items: readonly PaneIssue[];
}

export interface IssueBatch {
  readonly source: IssueSource;
  readonly issues: readonly Issue[];
}

/** "A" → 1, "AB" → 28; null for anything that is not column letters. */
export function columnNumber(letters: string): number | null {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return null;
  let column = 0;
  for (const letter of letters.toUpperCase()) column = column * 26 + letter.charCodeAt(0) - 64;
  return column;
}

/**
 * The cell an issue points at: its row, in its column or else column A. An import's issues name
 * lines of the imported file, not rows of the workbook, so they have none.
 */
export function issueTarget(issue: Issue, source: IssueSource): CellTarget | null {
  const row = issue.where.row;
  if (source === "import" || row === undefined) return null;
  const column = issue.where.column === undefined ? null : columnNumber(issue.where.column);
  return { sheet: issue.where.sheet, row, column: column ?? 1 };
}

function sameIssueKey(issue: Issue): string {
  return [issue.code, issue.severity, formatWhere(issue.where), issue.message].join("\u0000");
}

/**
 * One list of the batches' issues in order. An issue two steps both raise (a settings problem is
 * found by detection and again by the run) is listed once, under the first.
 */
export function collectIssues(batches: readonly IssueBatch[]): PaneIssue[] {
  const seen = new Set<string>();
  const items: PaneIssue[] = [];
  for (const { source, issues } of batches) {
    for (const issue of issues) {
      const key = sameIssueKey(issue);
      if (seen.has(key)) continue;
      seen.add(key);
      items.push({ issue, source, target: issueTarget(issue, source) });
    }
  }
  return items;
}

export function severityCount(count: number, severity: Severity): string {
  const [singular, plural] = SEVERITY_TITLES[severity];
  return `${count.toLocaleString("en-US")} ${count === 1 ? singular : plural}`;
}

/** Non-empty groups, errors first, each keeping the order the steps reported. */
export function groupIssues(items: readonly PaneIssue[]): IssueGroup[] {
  return SEVERITY_ORDER.flatMap((severity) => {
    const group = items.filter((item) => item.issue.severity === severity);
    if (group.length === 0) return [];
    return [{ severity, title: severityCount(group.length, severity), items: group }];
  });
}

/** "1 error and 2 warnings", counting only what needs attention; null when nothing does. */
export function attentionSummary(issues: readonly Issue[]): string | null {
  const parts = (["error", "warning"] as const).flatMap((severity) => {
    const count = issues.filter((issue) => issue.severity === severity).length;
    return count === 0 ? [] : [severityCount(count, severity)];
  });
  return parts.length === 0 ? null : parts.join(" and ");
}
