import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  Caption1,
  Subtitle2,
  mergeClasses,
  useId,
} from "@fluentui/react-components";
import type { ReactNode } from "react";
import { columnLetter } from "../../../domain/sheet";
import { formatWhere } from "../../../domain/issues";
import { groupIssues, SOURCE_LABELS, type CellTarget, type PaneIssue } from "./issueGroups";
import { ISSUES_PAGE_SIZE, useIssuesPanel } from "./useIssuesPanel";
import { useIssuesPanelStyles } from "./useIssuesPanelStyles.styles";

export interface IssuesPanelProps {
  readonly items: readonly PaneIssue[];
  readonly onSelectIssue: (target: CellTarget) => void;
  /** Progress or a notice about going to a cell. */
  readonly status: ReactNode;
}

function IssueContent({ item }: { readonly item: PaneIssue }) {
  const styles = useIssuesPanelStyles();
  const { issue } = item;
  return (
    <>
      <span className={mergeClasses(styles.where, item.target !== null && styles.whereLink)}>
        {formatWhere(issue.where)}
      </span>
      <span>{issue.message}</span>
      <span className={styles.hint}>{issue.hint}</span>
      <span className={styles.code}>
        {issue.code} · {SOURCE_LABELS[item.source]}
      </span>
    </>
  );
}

interface IssueItemProps {
  readonly item: PaneIssue;
  readonly onSelectIssue: (target: CellTarget) => void;
}

function IssueItem({ item, onSelectIssue }: IssueItemProps) {
  const styles = useIssuesPanelStyles();
  const severity = styles[item.issue.severity];
  const target = item.target;
  if (target === null) {
    return (
      <li className={mergeClasses(styles.issue, severity)}>
        <IssueContent item={item} />
      </li>
    );
  }
  const cell = `${columnLetter(target.column)}${target.row}`;
  return (
    <li>
      <button
        type="button"
        className={mergeClasses(styles.issueButton, severity)}
        aria-description={`Selects cell ${cell} of ${target.sheet}.`}
        onClick={() => onSelectIssue(target)}
      >
        <IssueContent item={item} />
      </button>
    </li>
  );
}

/**
 * Every issue of detection, import and run, grouped by severity (errors open, the others
 * collapsed, each titled with its count). An issue that names a row selects that cell.
 */
export function IssuesPanel({ items, onSelectIssue, status }: IssuesPanelProps) {
  const styles = useIssuesPanelStyles();
  const headingId = useId("issues-heading");
  const panel = useIssuesPanel();
  const groups = groupIssues(items);
  if (groups.length === 0) return null;
  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <Subtitle2 as="h2" id={headingId}>
        Issues
      </Subtitle2>
      <Caption1 className={styles.note}>
        Select an issue that names a row to go to that cell.
      </Caption1>
      <Accordion multiple collapsible defaultOpenItems={["error"]}>
        {groups.map((group) => {
          const shown = panel.shown(group.severity);
          const hidden = group.items.length - shown;
          return (
            <AccordionItem key={group.severity} value={group.severity}>
              <AccordionHeader>{group.title}</AccordionHeader>
              <AccordionPanel className={styles.panel}>
                <ul className={styles.list} aria-label={group.title}>
                  {group.items.slice(0, shown).map((item, index) => (
                    <IssueItem key={index} item={item} onSelectIssue={onSelectIssue} />
                  ))}
                </ul>
                {hidden > 0 && (
                  <Button appearance="subtle" onClick={() => panel.showMore(group.severity)}>
                    Show {Math.min(hidden, ISSUES_PAGE_SIZE).toLocaleString("en-US")} more (
                    {hidden.toLocaleString("en-US")} not shown)
                  </Button>
                )}
              </AccordionPanel>
            </AccordionItem>
          );
        })}
      </Accordion>
      {status}
    </section>
  );
}
