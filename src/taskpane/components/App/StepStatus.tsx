import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
} from "@fluentui/react-components";
import { RunProgress } from "../RunProgress/RunProgress";
import {
  STEP_OF_TASK,
  TASK_TITLES,
  type Busy,
  type Notice,
  type Step,
} from "./useReconciliationFlow";

export interface StepStatusProps {
  readonly step: Step;
  readonly busy: Busy | null;
  readonly notice: Notice | null;
  readonly onCancel: () => void;
  readonly onDismiss: () => void;
}

/** Progress and the last outcome of a step, shown beside the controls that started it. */
export function StepStatus({ step, busy, notice, onCancel, onDismiss }: StepStatusProps) {
  if (busy !== null && STEP_OF_TASK[busy.task] === step) {
    return (
      <RunProgress
        title={TASK_TITLES[busy.task]}
        progress={busy.progress}
        onCancel={busy.cancellable ? onCancel : undefined}
      />
    );
  }
  if (notice === null || STEP_OF_TASK[notice.task] !== step) return null;
  return (
    <MessageBar intent={notice.intent} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{notice.title}</MessageBarTitle>
        {notice.message}
      </MessageBarBody>
      <MessageBarActions
        containerAction={
          <Button appearance="transparent" aria-label="Dismiss" onClick={onDismiss}>
            ×
          </Button>
        }
      />
    </MessageBar>
  );
}
