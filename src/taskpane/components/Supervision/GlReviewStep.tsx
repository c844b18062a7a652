import {
  Button,
  Caption1,
  Field,
  Input,
  Subtitle2,
  Text,
  Textarea,
  useId,
} from "@fluentui/react-components";
import { useState, type ReactNode } from "react";
import type { IsoDate } from "../../../domain/isoDate";
import type { SameOwnerSupervisorReason } from "../../../domain/settings";
import type { ReviewedGl } from "../App/useSupervisionActions";
import { glFlagLines, ownerLines } from "./supervisionModel";
import { AsOfRun } from "./AsOfRun";
import { useSupervisionStyles } from "./useSupervisionStyles.styles";

export interface GlReviewStepProps {
  readonly review: ReviewedGl | null;
  readonly sameOwnerReason: SameOwnerSupervisorReason | null;
  readonly defaultAsOf: IsoDate;
  /** The name typed in the pane, offered as who records the reason. */
  readonly actor: string;
  readonly disabled: boolean;
  readonly onReview: (asOf: IsoDate) => void;
  readonly onSaveReason: (reason: string, recordedBy: string) => void;
  readonly status: ReactNode;
}

/**
 * FINRA 4523(a): every GL account has a primary owner and a different supervisor who reviews it
 * at least monthly. Writes the GL Review sheet; shows the flags and the reviews missing by owner.
 */
export function GlReviewStep(props: GlReviewStepProps) {
  const { review, disabled } = props;
  const styles = useSupervisionStyles();
  const headingId = useId("gl-review-heading");
  const [reason, setReason] = useState("");
  const [recordedBy, setRecordedBy] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const recorded = props.sameOwnerReason;
  const by = recordedBy.trim() === "" ? props.actor : recordedBy;

  const saveReason = () => {
    if (reason.trim() === "") return setProblem("Write the firm's reason.");
    if (by.trim() === "") return setProblem("Type who records it.");
    setProblem(null);
    props.onSaveReason(reason, by);
    setReason("");
  };

  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <Subtitle2 as="h2" id={headingId}>
        GL account review (FINRA 4523)
      </Subtitle2>
      <AsOfRun
        label="Review as of"
        action="Review GL accounts"
        defaultAsOf={props.defaultAsOf}
        disabled={disabled}
        onRun={props.onReview}
      />
      {props.status}
      {review !== null && (
        <>
          <Caption1 className={styles.note}>
            {review.register.sheet}: {review.review.accounts.length} accounts as of{" "}
            {review.review.asOf}; a review dated on or after {review.review.reviewDueOnOrAfter} is
            current.
          </Caption1>
          {glFlagLines(review.review).length === 0 ? (
            <Text>No account is flagged.</Text>
          ) : (
            <ul className={styles.list} aria-label="GL review flags">
              {glFlagLines(review.review).map((line) => (
                <li key={line.label} className={styles.item}>
                  <div className={styles.row}>
                    <Text weight="semibold">{line.label}</Text>
                    <Text className={styles.number}>{line.count}</Text>
                  </div>
                  <Caption1 className={styles.note}>{line.detail}</Caption1>
                </li>
              ))}
            </ul>
          )}
          <ul className={styles.list} aria-label="Reviews by owner">
            {ownerLines(review.review).map((line) => (
              <li key={line.label} className={styles.item}>
                <div className={styles.row}>
                  <Text weight="semibold">{line.label}</Text>
                  <Text className={line.count > 0 ? styles.broken : styles.intact}>
                    {line.count > 0 ? `${line.count} missing` : "done"}
                  </Text>
                </div>
                <Caption1 className={styles.note}>{line.detail}</Caption1>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className={styles.form} role="group" aria-label="Same owner and supervisor">
        <Caption1 className={recorded === null ? styles.note : undefined}>
          {recorded === null
            ? "No reason is recorded for one person to own and supervise an account: the overlap is flagged."
            : `One person may own and supervise an account, because: ${recorded.reason} (recorded by ${recorded.recordedBy} at ${recorded.recordedAt}).`}
        </Caption1>
        <Field
          label="The firm's reason one person may own and supervise"
          hint="For example a single associated person, or FINRA's approval. Kept in the workbook and logged."
          {...(problem === null ? {} : { validationState: "error", validationMessage: problem })}
        >
          <Textarea
            value={reason}
            disabled={disabled}
            resize="vertical"
            onChange={(_event, data) => setReason(data.value)}
          />
        </Field>
        <Field label="Recorded by" hint="Typed, not verified.">
          <Input
            value={by}
            disabled={disabled}
            onChange={(_event, data) => setRecordedBy(data.value)}
          />
        </Field>
        <div className={styles.actions}>
          <Button disabled={disabled} onClick={saveReason}>
            Record reason
          </Button>
        </div>
      </div>
    </section>
  );
}
