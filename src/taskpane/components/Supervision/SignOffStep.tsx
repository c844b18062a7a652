import {
  Button,
  Caption1,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  Radio,
  RadioGroup,
  Subtitle2,
  Text,
  Textarea,
  useId,
} from "@fluentui/react-components";
import type { FormEvent, ReactNode } from "react";
import { ROLE_WORDS, type SignoffCheck } from "../../../domain/signoff";
import type { SignoffAsk } from "../App/useSupervisionActions";
import { CHECK_WORDS, type SignoffField, type SignoffFormProblem } from "./supervisionModel";
import { useSignOffForm } from "./useSignOffForm";
import { useSupervisionStyles } from "./useSupervisionStyles.styles";

export interface SignOffStepProps {
  /** The output sheets the workbook has. */
  readonly scopes: readonly string[];
  readonly checks: readonly SignoffCheck[];
  readonly defaultPeriod: string;
  readonly disabled: boolean;
  readonly onSignOff: (ask: SignoffAsk) => void;
  readonly status: ReactNode;
}

function validation(problem: SignoffFormProblem | null, field: SignoffField) {
  return problem?.field === field
    ? { validationState: "error" as const, validationMessage: problem.message }
    : {};
}

/**
 * The monthly review and sign-off: a preparer signs, then a reviewer who is not the preparer.
 * Each sign-off keeps the hash of the data signed; if the data changes it shows as broken. A
 * reviewed period is locked until someone unlocks it with a reason.
 */
export function SignOffStep(props: SignOffStepProps) {
  const { disabled, scopes, checks } = props;
  const styles = useSupervisionStyles();
  const headingId = useId("signoff-heading");
  const form = useSignOffForm(props.defaultPeriod, scopes, props.onSignOff);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    form.submit();
  };
  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <Subtitle2 as="h2" id={headingId}>
        Sign-off
      </Subtitle2>
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          Names are typed, not verified: Excel gives an add-in no verified identity. StockRec
          records each name as typed and refuses a reviewer who is the preparer.
        </MessageBarBody>
      </MessageBar>
      <form className={styles.form} aria-label="Sign off" onSubmit={onSubmit} noValidate>
        <Field label="Period (YYYY-MM)" required {...validation(form.problem, "period")}>
          <Input
            value={form.periodText}
            disabled={disabled}
            onChange={(_event, data) => form.set({ periodText: data.value })}
          />
        </Field>
        <Field label="Sheet signed" required {...validation(form.problem, "scope")}>
          <Dropdown
            className={styles.control}
            placeholder={scopes.length === 0 ? "No output sheet yet" : "Choose the sheet"}
            value={form.scope}
            selectedOptions={form.scope === "" ? [] : [form.scope]}
            disabled={disabled || scopes.length === 0}
            onOptionSelect={(_event, data) => form.set({ scope: data.optionValue ?? "" })}
          >
            {scopes.map((scope) => (
              <Option key={scope} value={scope}>
                {scope}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Role" required>
          <RadioGroup
            layout="horizontal"
            value={form.role}
            disabled={disabled}
            onChange={(_event, data) =>
              form.set({ role: data.value === "reviewer" ? "reviewer" : "preparer" })
            }
          >
            <Radio value="preparer" label="Preparer" />
            <Radio value="reviewer" label="Reviewer" />
          </RadioGroup>
        </Field>
        <Field
          label="Your name (typed, not verified)"
          required
          {...validation(form.problem, "name")}
        >
          <Input
            value={form.name}
            disabled={disabled}
            onChange={(_event, data) => form.set({ name: data.value })}
          />
        </Field>
        <Field label="Comment">
          <Textarea
            value={form.comment}
            disabled={disabled}
            resize="vertical"
            onChange={(_event, data) => form.set({ comment: data.value })}
          />
        </Field>
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" disabled={disabled}>
            Sign off
          </Button>
        </div>
      </form>
      {props.status}
      {checks.length === 0 ? (
        <Caption1 className={styles.note}>No sign-offs yet.</Caption1>
      ) : (
        <ul className={styles.list} aria-label="Sign-offs">
          {checks.map((check) => {
            const s = check.signoff;
            const bad = check.status === "broken";
            return (
              <li key={s.id} className={styles.item}>
                <div className={styles.row}>
                  <Text weight="semibold">
                    {s.id} {ROLE_WORDS[s.role]}
                  </Text>
                  <Text
                    className={
                      bad ? styles.broken : check.status === "valid" ? styles.intact : undefined
                    }
                  >
                    {CHECK_WORDS[check.status]}
                  </Text>
                </div>
                <Caption1 className={styles.note}>
                  {s.period} · “{s.scope}” · {s.name} · {s.timestamp}
                  {s.role === "unlock" ? ` · because: ${s.comment}` : ""}
                </Caption1>
              </li>
            );
          })}
        </ul>
      )}
      <div className={styles.form} role="group" aria-label="Unlock a reviewed period">
        <Caption1 className={styles.note}>
          A reviewed period is locked (Post refuses to change it). To change it, record an unlock
          with its reason for the period and sheet above, then prepare and review again.
        </Caption1>
        <Field
          label="Reason to unlock"
          required
          {...(form.unlockProblem === null
            ? {}
            : { validationState: "error" as const, validationMessage: form.unlockProblem })}
        >
          <Textarea
            value={form.unlockReason}
            disabled={disabled}
            resize="vertical"
            onChange={(_event, data) => form.set({ unlockReason: data.value })}
          />
        </Field>
        <div className={styles.actions}>
          <Button disabled={disabled} onClick={form.unlock}>
            Unlock
          </Button>
        </div>
      </div>
    </section>
  );
}
