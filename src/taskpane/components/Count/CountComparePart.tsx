import {
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  useId,
} from "@fluentui/react-components";
import type { ReactNode } from "react";
import type { IsoDate } from "../../../domain/isoDate";
import type { CountActions } from "../App/useCountActions";
import { differenceRows, longShort, outcomeRows, peopleSentence } from "./countModel";
import { useCountStyles } from "./useCountStyles.styles";

export interface CountComparePartProps {
  readonly count: CountActions;
  readonly countDate: IsoDate;
  readonly actor: string;
  readonly onActorChange: (actor: string) => void;
  readonly disabled: boolean;
  readonly status: ReactNode;
}

/**
 * 17a-13(b)(4)–(5): the count against the records, the differences with Long/Short, who counted
 * (independence), and the posting clock; Post appends the count's entries to the Difference
 * account, once.
 */
export function CountComparePart(props: CountComparePartProps) {
  const { count, countDate, disabled } = props;
  const styles = useCountStyles();
  const blockerId = useId("count-post-blocker");
  const compared = count.compared?.countDate === countDate ? count.compared : null;
  const nameMissing = props.actor.trim() === "";
  const result = compared?.result ?? null;
  const differences = result === null ? [] : differenceRows(outcomeRows(result.comparison.lines));
  const headline = compared?.headline ?? null;
  const independence = result?.independence ?? [];
  return (
    <div className={styles.part} role="group" aria-label="Compare and post">
      <Text weight="semibold">Compare and post</Text>
      {count.people !== null && (
        <Caption1 className={count.people.named ? styles.note : styles.warning}>
          {peopleSentence(count.people)}
        </Caption1>
      )}
      <div className={styles.actions}>
        <Button disabled={disabled} onClick={() => count.compare(countDate, false)}>
          Compare with records
        </Button>
      </div>
      {headline !== null && (
        <div
          role={headline.intent === "error" ? "alert" : "status"}
          aria-label="Count posting deadline"
        >
          <MessageBar intent={headline.intent} layout="multiline">
            <MessageBarBody className={styles.definition}>
              {headline.intent === "error" && <MessageBarTitle>Deadline passed</MessageBarTitle>}
              {headline.text}
            </MessageBarBody>
          </MessageBar>
        </div>
      )}
      {result !== null && (
        <>
          <Caption1 className={styles.note}>
            Count of {result.countDate}: differences are due in the Difference account 7 business
            days later ({result.plan.deadline}), as the count's own entries.
          </Caption1>
          {differences.length === 0 ? (
            <Text>No differences.</Text>
          ) : (
            <ul className={styles.list} aria-label="Count differences">
              {differences.map((row) => (
                <li key={row.lineId} className={styles.item}>
                  <div className={styles.row}>
                    <Text weight="semibold">
                      {row.securityId} · {row.location}
                    </Text>
                    <Text className={styles.attention}>{row.difference}</Text>
                  </div>
                  <Caption1 className={styles.note}>
                    {row.status} · {row.label}
                  </Caption1>
                </li>
              ))}
            </ul>
          )}
          {result.plan.proposedResolutions.length > 0 && (
            <Caption1 className={styles.note}>
              No longer different (kept open until confirmed resolved, which the pane does not do):{" "}
              {result.plan.proposedResolutions
                .map((p) => `${p.securityId} ${longShort(p.openBalance)}`)
                .join("; ")}
              .
            </Caption1>
          )}
          {independence.length === 0 ? (
            <Caption1 className={styles.note}>No independence finding.</Caption1>
          ) : (
            <ul className={styles.list} aria-label="Independence findings">
              {independence.map((issue) => (
                <li key={`${issue.where.row ?? 0}:${issue.code}`} className={styles.item}>
                  <Text className={styles.attention}>{issue.message}</Text>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <Field
        label="Posted by"
        required
        hint="Excel gives add-ins no verified identity; the name you type is recorded."
      >
        <Input
          value={props.actor}
          disabled={disabled}
          onChange={(_event, data) => props.onActorChange(data.value)}
        />
      </Field>
      {nameMissing && (
        <Caption1 id={blockerId} className={styles.note}>
          Type who posts before posting.
        </Caption1>
      )}
      <div className={styles.actions}>
        <Button
          appearance="primary"
          disabledFocusable={disabled || nameMissing}
          aria-describedby={nameMissing ? blockerId : undefined}
          onClick={() => {
            if (!nameMissing) count.compare(countDate, true);
          }}
        >
          Post to Difference account
        </Button>
      </div>
      {props.status}
    </div>
  );
}
