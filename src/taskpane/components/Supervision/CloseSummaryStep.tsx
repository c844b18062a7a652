import { Button, Caption1, Subtitle2, useId } from "@fluentui/react-components";
import type { ReactNode } from "react";
import type { IsoDate } from "../../../domain/isoDate";
import { useSupervisionStyles } from "./useSupervisionStyles.styles";

export interface CloseSummaryStepProps {
  /** The count date of the close shown; null before a reconciliation. */
  readonly countDate: IsoDate | null;
  readonly disabled: boolean;
  readonly onWrite: () => void;
  readonly status: ReactNode;
}

/**
 * The Close Summary sheet, as `stockrec close` writes it: the reconciliation, the clock, the
 * Difference account, and the GL review, suspense aging and sign-offs done so far.
 */
export function CloseSummaryStep({ countDate, disabled, onWrite, status }: CloseSummaryStepProps) {
  const styles = useSupervisionStyles();
  const headingId = useId("summary-heading");
  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <Subtitle2 as="h2" id={headingId}>
        Close Summary
      </Subtitle2>
      <Caption1 className={styles.note}>
        {countDate === null
          ? "Reconcile first: the summary is of the month's close."
          : `One sheet for the close of the count of ${countDate}: breaks, the posting clock, the Difference account and its aging, and the GL review, suspense aging and sign-offs done so far. Posting writes it too.`}
      </Caption1>
      <div className={styles.actions}>
        <Button disabled={disabled || countDate === null} onClick={onWrite}>
          Write Close Summary
        </Button>
      </div>
      {status}
    </section>
  );
}
