import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
} from "@fluentui/react-components";
import { RunProgress } from "../RunProgress/RunProgress";
import {
  STEP_OF_TASK,
  TASK_TITLES,
  type Busy,
  type Notice,
  type Step,
} from "./useReconciliationFlow";

const useStepStatusStyles = makeStyles({
  // Always there, so screen readers hear the progress and the outcome when they appear. Empty,
  // it is taken out of the flow (not hidden: a hidden live region is not heard when it fills).
  live: {
    display: "flex",
    flexDirection: "column",
    minWidth: 0,
    ":empty": { position: "absolute", width: 0, height: 0, overflow: "hidden" },
  },
});

export interface StepStatusProps {
  readonly step: Step;
  readonly busy: Busy | null;
  readonly notice: Notice | null;
  readonly onCancel: () => void;
  readonly onDismiss: () => void;
}

/** Progress and the last outcome of a step, shown beside the controls that started it. */
export function StepStatus(props: StepStatusProps) {
  const styles = useStepStatusStyles();
  return (
    <div className={styles.live} aria-live="polite">
      <StepStatusContent {...props} />
    </div>
  );
}

function StepStatusContent({ step, busy, notice, onCancel, onDismiss }: StepStatusProps) {
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
