import { Button, Caption1, Checkbox, Subtitle2, Text, useId } from "@fluentui/react-components";
import { useState, type ReactNode } from "react";
import type { Notice } from "../../../domain/notices";
import { countOf } from "../../format";
import { useNoticesStyles } from "./useNoticesStyles.styles";

export interface NoticesProps {
  readonly notices: readonly Notice[];
  readonly disabled: boolean;
  /** Writes the Notices sheet; with `markReported`, records today as each listed break's report date. */
  readonly onWrite: (markReported: boolean) => void;
  /** Progress or a notice about this step. */
  readonly status: ReactNode;
}

/**
 * FINRA 4522(b)(1): each contra organization is told of its differences. The Notices sheet holds
 * one notice per contra for the user to send; breaks already resolved are left out.
 */
export function Notices({ notices, disabled, onWrite, status }: NoticesProps) {
  const styles = useNoticesStyles();
  const headingId = useId("notices-heading");
  const [markReported, setMarkReported] = useState(false);
  const lines = notices.reduce((total, notice) => total + notice.lines.length, 0);
  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <Subtitle2 as="h2" id={headingId}>
        Difference notices
      </Subtitle2>
      {notices.length === 0 ? (
        <Caption1 className={styles.note}>No unresolved differences to report.</Caption1>
      ) : (
        <>
          <Caption1 className={styles.note}>
            {countOf(notices.length, "notice", "notices")} with{" "}
            {countOf(lines, "difference", "differences")}, one per contra, for you to send.
          </Caption1>
          <ul className={styles.list} aria-label="Notices">
            {notices.map((notice) => (
              <li key={notice.reference} className={styles.item}>
                <Text weight="semibold" className={styles.contra}>
                  {notice.contra}
                </Text>
                <Caption1 className={styles.note}>
                  {countOf(notice.lines.length, "difference", "differences")} · {notice.reference}
                </Caption1>
              </li>
            ))}
          </ul>
          <Checkbox
            checked={markReported}
            disabled={disabled}
            label="Mark as reported to the contras (today)"
            onChange={(_event, data) => setMarkReported(data.checked === true)}
          />
        </>
      )}
      <div className={styles.actions}>
        <Button disabled={disabled} onClick={() => onWrite(notices.length > 0 && markReported)}>
          Write notices
        </Button>
      </div>
      {status}
    </section>
  );
}
