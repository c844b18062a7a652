import { useCallback, useState } from "react";
import type { Severity } from "../../../domain/issues";

/** A pane can draw a few hundred items comfortably; more are added a page at a time. */
export const ISSUES_PAGE_SIZE = 100;

export interface IssuesPanelState {
  /** How many issues of each group are drawn. */
  readonly shown: (severity: Severity) => number;
  readonly showMore: (severity: Severity) => void;
}

export function useIssuesPanel(): IssuesPanelState {
  const [extra, setExtra] = useState<Readonly<Partial<Record<Severity, number>>>>({});
  const shown = useCallback(
    (severity: Severity) => ISSUES_PAGE_SIZE + (extra[severity] ?? 0),
    [extra],
  );
  const showMore = useCallback((severity: Severity) => {
    setExtra((current) => ({
      ...current,
      [severity]: (current[severity] ?? 0) + ISSUES_PAGE_SIZE,
    }));
  }, []);
  return { shown, showMore };
}
