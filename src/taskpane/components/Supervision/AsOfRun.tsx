import { Button, Field, Input } from "@fluentui/react-components";
import { useState } from "react";
import { parseIsoDate, type IsoDate } from "../../../domain/isoDate";
import { useSupervisionStyles } from "./useSupervisionStyles.styles";

export interface AsOfRunProps {
  /** The date field's label ("Review as of"). */
  readonly label: string;
  /** The button's words ("Review GL accounts"). */
  readonly action: string;
  readonly defaultAsOf: IsoDate;
  readonly disabled: boolean;
  readonly onRun: (asOf: IsoDate) => void;
}

/** A run as of a date: the date (required, checked) and the button that starts the run. */
export function AsOfRun(props: AsOfRunProps) {
  const styles = useSupervisionStyles();
  const [asOfText, setAsOfText] = useState<string>(props.defaultAsOf);
  const asOf = parseIsoDate(asOfText);
  return (
    <>
      <Field
        label={props.label}
        required
        {...(asOf === null ? { validationState: "error", validationMessage: "Pick a date." } : {})}
      >
        <Input
          type="date"
          value={asOfText}
          disabled={props.disabled}
          onChange={(_event, data) => setAsOfText(data.value)}
        />
      </Field>
      <div className={styles.actions}>
        <Button
          appearance="primary"
          disabled={props.disabled || asOf === null}
          onClick={() => asOf !== null && props.onRun(asOf)}
        >
          {props.action}
        </Button>
      </div>
    </>
  );
}
