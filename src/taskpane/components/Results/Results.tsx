import {
  Caption1,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  useId,
} from "@fluentui/react-components";
import type { Issue } from "../../../domain/issues";
import type { ReconciliationResult } from "../../../workbook/monthEnd";
import { IssueCount } from "../IssuesPanel/IssueCount";
import { BreakList, type BreakStatusControls } from "./BreakList";
import { ContraList } from "./ContraList";
import { MoneyResults } from "./MoneyResults";
import { summaryText } from "./resultsModel";
import { useResultsStyles } from "./useResultsStyles.styles";

export interface ResultsProps {
  /** Null when the reconciliation could not run; `issues` then say why. */
  readonly result: ReconciliationResult | null;
  readonly issues: readonly Issue[];
  readonly rowOfBreak: ReadonlyMap<string, number> | null;
  readonly onSelectBreak: (breakId: string) => void;
  readonly rowOfMoneyBreak: ReadonlyMap<string, number> | null;
  readonly onSelectMoneyBreak: (breakId: string) => void;
  /** The breaks' statuses and how to change them, once the Breaks sheet is written. */
  readonly statusControls?: BreakStatusControls | undefined;
}

/** Step 3: the summary, the contras, the largest breaks and the cash balances of one run. */
export function Results(props: ResultsProps) {
  const { result, issues } = props;
  const styles = useResultsStyles();
  const headingId = useId("results-heading");
  return (
    <section className={styles.results} aria-labelledby={headingId}>
      <Subtitle2 as="h2" id={headingId}>
        Results
      </Subtitle2>
      {result === null ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>The reconciliation could not run.</MessageBarTitle>
            Fix the errors listed under Issues at the end of the pane, then reconcile again.
          </MessageBarBody>
        </MessageBar>
      ) : (
        <>
          <MessageBar intent={result.breaks.length === 0 ? "success" : "warning"}>
            <MessageBarBody>
              <MessageBarTitle>As of {result.asOf}</MessageBarTitle>{" "}
              <span>{summaryText(result)}</span>
            </MessageBarBody>
          </MessageBar>
          <IssueCount issues={issues} context="The run" />
          <Subtitle2 as="h3">Contras</Subtitle2>
          <ContraList contras={result.contras} />
          {result.breaks.length > 0 && (
            <>
              <Subtitle2 as="h3">Breaks, largest first</Subtitle2>
              {props.statusControls !== undefined && (
                <Caption1 className={styles.note}>
                  Select a break to go to its row and record that it was reported or resolved.
                </Caption1>
              )}
              <BreakList
                breaks={result.breaks}
                rowOfBreak={props.rowOfBreak}
                onSelectBreak={props.onSelectBreak}
                statusControls={props.statusControls}
              />
            </>
          )}
          {result.money !== null && (
            <MoneyResults
              money={result.money}
              rowOfMoneyBreak={props.rowOfMoneyBreak}
              onSelectMoneyBreak={props.onSelectMoneyBreak}
            />
          )}
        </>
      )}
    </section>
  );
}
