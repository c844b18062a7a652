import {
  Button,
  Caption1,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  Textarea,
} from "@fluentui/react-components";
import type { FormEvent } from "react";
import { RESOLUTION_LABELS, type BreakStatusRecord } from "../../../domain/breakStatus";
import type { IsoDate } from "../../../domain/isoDate";
import {
  ACTION_LABELS,
  actionsFrom,
  DATE_LABELS,
  isResolutionReason,
  RESOLUTION_ORDER,
  type FieldProblem,
  type StatusField,
} from "./breakStatusModel";
import { useBreakStatusForm, type ChangeStatus } from "./useBreakStatusForm";
import { useBreakStatusStyles } from "./useBreakStatusStyles.styles";

export interface BreakStatusActionsProps {
  /** "037833100 at DTC": names the group for screen readers. */
  readonly label: string;
  readonly record: BreakStatusRecord;
  readonly disabled: boolean;
  /** Read when a form opens, for its default date. */
  readonly today: () => IsoDate;
  readonly onChange: ChangeStatus;
}

function validation(problem: FieldProblem | null, field: StatusField) {
  return problem?.field === field
    ? { validationState: "error" as const, validationMessage: problem.message }
    : {};
}

/**
 * The status changes a break can take from where it stands (Open → Reported → Resolved, or
 * Posted by posting), each with the date it happened and, to resolve, the reason.
 */
export function BreakStatusActions(props: BreakStatusActionsProps) {
  const { record, disabled } = props;
  const styles = useBreakStatusStyles();
  const form = useBreakStatusForm(props.today, props.onChange);
  const values = form.values;
  const actions = actionsFrom(record.status);

  if (values === null) {
    return (
      <div className={styles.root} role="group" aria-label={`Status of ${props.label}`}>
        {record.status === "posted" && (
          <Caption1 className={styles.note}>
            In the Difference account: resolve it once the books or the contra are corrected.
          </Caption1>
        )}
        {actions.length === 0 ? (
          <Caption1 className={styles.note}>
            A resolved difference stays resolved: if it comes back, the next count shows it as a new
            break.
          </Caption1>
        ) : (
          <div className={styles.actions}>
            {actions.map((action) => (
              <Button
                key={action}
                size="small"
                disabled={disabled}
                onClick={() => form.open(action)}
              >
                {ACTION_LABELS[action]}
              </Button>
            ))}
          </div>
        )}
      </div>
    );
  }

  const resolving = values.action === "resolved";
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    form.submit();
  };
  return (
    <form
      className={styles.root}
      aria-label={`${ACTION_LABELS[values.action]}: ${props.label}`}
      onSubmit={onSubmit}
      noValidate
    >
      <Field label={DATE_LABELS[values.action]} required {...validation(form.problem, "date")}>
        <Input
          type="date"
          value={values.dateText}
          disabled={disabled}
          onChange={(_event, data) => form.setDateText(data.value)}
        />
      </Field>
      {resolving && (
        <Field label="Reason" required {...validation(form.problem, "reason")}>
          <Dropdown
            className={styles.control}
            placeholder="Choose the reason"
            value={values.reason === null ? "" : RESOLUTION_LABELS[values.reason]}
            selectedOptions={values.reason === null ? [] : [values.reason]}
            disabled={disabled}
            onOptionSelect={(_event, data) => {
              if (isResolutionReason(data.optionValue)) form.setReason(data.optionValue);
            }}
          >
            {RESOLUTION_ORDER.map((reason) => (
              <Option key={reason} value={reason}>
                {RESOLUTION_LABELS[reason]}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
      {resolving && (
        <Field
          label="Note"
          required={values.reason === "other"}
          hint={values.reason === "other" ? "Say how the difference was resolved." : null}
          {...validation(form.problem, "note")}
        >
          <Textarea
            value={values.note}
            disabled={disabled}
            resize="vertical"
            onChange={(_event, data) => form.setNote(data.value)}
          />
        </Field>
      )}
      {form.problem?.field === "form" && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody className={styles.message}>{form.problem.message}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" size="small" disabled={disabled}>
          {ACTION_LABELS[values.action]}
        </Button>
        <Button size="small" onClick={form.close}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
