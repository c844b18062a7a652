import { Button, Field, ProgressBar } from "@fluentui/react-components";
import type { Progress } from "../../../workbook/port";
import { useRunProgressStyles } from "./useRunProgressStyles.styles";

export interface RunProgressProps {
  /** What is happening, shown until the engine names its current step. */
  readonly title: string;
  /** Null until the first report: the bar then moves without a value. */
  readonly progress: Progress | null;
  /** Absent when the work cannot be cancelled. */
  readonly onCancel?: (() => void) | undefined;
}

/** A labelled progress bar for long work, with a Cancel button. */
export function RunProgress({ title, progress, onCancel }: RunProgressProps) {
  const styles = useRunProgressStyles();
  const label = progress === null || progress.label === "" ? title : progress.label;
  const value = progress === null ? {} : { value: Math.min(1, Math.max(0, progress.fraction)) };
  return (
    <div className={styles.root}>
      <Field className={styles.field} label={label}>
        <ProgressBar thickness="large" {...value} />
      </Field>
      {onCancel !== undefined && <Button onClick={onCancel}>Cancel</Button>}
    </div>
  );
}
