import type { Issue, Severity } from "../../../domain/issues";

export const SEVERITY_ORDER: readonly Severity[] = ["error", "warning", "info"];

export const SEVERITY_TITLES: Readonly<Record<Severity, [singular: string, plural: string]>> = {
  error: ["Error", "Errors"],
  warning: ["Warning", "Warnings"],
  info: ["Note", "Notes"],
};

export interface IssueGroup {
  readonly severity: Severity;
  readonly title: string;
  readonly issues: readonly Issue[];
}

/** Non-empty groups, errors first, each keeping the order the engine reported. */
export function groupIssues(issues: readonly Issue[]): IssueGroup[] {
  return SEVERITY_ORDER.flatMap((severity) => {
    const group = issues.filter((issue) => issue.severity === severity);
    if (group.length === 0) return [];
    const [singular, plural] = SEVERITY_TITLES[severity];
    const title = `${group.length.toLocaleString("en-US")} ${group.length === 1 ? singular : plural}`;
    return [{ severity, title, issues: group }];
  });
}
