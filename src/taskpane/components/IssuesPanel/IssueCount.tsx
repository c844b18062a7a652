import { MessageBar, MessageBarBody } from "@fluentui/react-components";
import { hasErrors, type Issue } from "../../../domain/issues";
import { attentionSummary } from "./issueGroups";

export interface IssueCountProps {
  readonly issues: readonly Issue[];
  /** What raised them, as the start of a sentence: "Reading the sheets". */
  readonly context: string;
}

/** A step's errors and warnings, counted where the step is; the Issues panel lists them. */
export function IssueCount({ issues, context }: IssueCountProps) {
  const summary = attentionSummary(issues);
  if (summary === null) return null;
  return (
    <MessageBar intent={hasErrors(issues) ? "error" : "warning"} layout="multiline">
      <MessageBarBody>
        {context} found {summary}: see Issues at the end of the pane.
      </MessageBarBody>
    </MessageBar>
  );
}
