import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Caption1,
  Text,
  mergeClasses,
} from "@fluentui/react-components";
import { formatWhere, type Issue } from "../../../domain/issues";
import { groupIssues } from "./issueGroups";
import { useIssueListStyles } from "./useIssueListStyles.styles";

/** A pane can render a few hundred items comfortably; the rest are counted, not drawn. */
export const ISSUES_SHOWN_PER_GROUP = 100;

export interface IssueListProps {
  readonly issues: readonly Issue[];
}

function IssueItem({ issue }: { readonly issue: Issue }) {
  const styles = useIssueListStyles();
  return (
    <li className={mergeClasses(styles.issue, styles[issue.severity])}>
      <Text weight="semibold">{formatWhere(issue.where)}</Text>
      <Text>{issue.message}</Text>
      <Caption1 className={styles.hint}>{issue.hint}</Caption1>
      <Caption1 className={styles.code}>{issue.code}</Caption1>
    </li>
  );
}

/** Issues grouped by severity, errors first and open; nothing when there are none. */
export function IssueList({ issues }: IssueListProps) {
  const styles = useIssueListStyles();
  const groups = groupIssues(issues);
  if (groups.length === 0) return null;
  return (
    <Accordion multiple collapsible defaultOpenItems={["error"]}>
      {groups.map((group) => {
        const hidden = group.issues.length - ISSUES_SHOWN_PER_GROUP;
        return (
          <AccordionItem key={group.severity} value={group.severity}>
            <AccordionHeader>{group.title}</AccordionHeader>
            <AccordionPanel>
              <ul className={styles.list} aria-label={group.title}>
                {group.issues.slice(0, ISSUES_SHOWN_PER_GROUP).map((issue, index) => (
                  <IssueItem key={index} issue={issue} />
                ))}
              </ul>
              {hidden > 0 && (
                <Caption1>
                  {hidden.toLocaleString("en-US")} more not shown. Fix these and run again to see
                  the rest.
                </Caption1>
              )}
            </AccordionPanel>
          </AccordionItem>
        );
      })}
    </Accordion>
  );
}
