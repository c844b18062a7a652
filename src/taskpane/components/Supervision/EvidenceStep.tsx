import { Button, Caption1, Field, Input, Subtitle2, useId } from "@fluentui/react-components";
import { useState, type ReactNode } from "react";
import { parsePeriod, type Period } from "../../../domain/signoff";
import { useSupervisionStyles } from "./useSupervisionStyles.styles";

export interface EvidenceStepProps {
  readonly defaultPeriod: string;
  /** False where the pane cannot get the workbook's file. */
  readonly available: boolean;
  readonly disabled: boolean;
  readonly onPack: (period: Period) => void;
  readonly status: ReactNode;
}

/** The period's evidence pack: a protected snapshot and a manifest of hashes, downloaded. */
export function EvidenceStep(props: EvidenceStepProps) {
  const styles = useSupervisionStyles();
  const headingId = useId("evidence-heading");
  const [periodText, setPeriodText] = useState(props.defaultPeriod);
  const period = parsePeriod(periodText);
  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <Subtitle2 as="h2" id={headingId}>
        Evidence pack
      </Subtitle2>
      <Caption1 className={styles.note}>
        Downloads a copy of the workbook with every sheet protected and a manifest of the hashes of
        the file, each sheet, the Audit Log’s head and the period’s sign-offs. Store both on WORM
        storage.
      </Caption1>
      <Field
        label="Period (YYYY-MM)"
        required
        {...(period === null
          ? { validationState: "error" as const, validationMessage: "Write the month as YYYY-MM." }
          : {})}
      >
        <Input
          value={periodText}
          disabled={props.disabled}
          onChange={(_event, data) => setPeriodText(data.value)}
        />
      </Field>
      <div className={styles.actions}>
        <Button
          disabled={props.disabled || !props.available || period === null}
          onClick={() => period !== null && props.onPack(period)}
        >
          Download evidence pack
        </Button>
      </div>
      {!props.available && (
        <Caption1 className={styles.note}>This host does not hand the pane its file.</Caption1>
      )}
      {props.status}
    </section>
  );
}
