import { Caption1, MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { CalendarName } from "../../../domain/calendars";
import type { CloseResult } from "../../../workbook/monthEndClose";
import { clockHeadline } from "../../../workbook/clockHeadline";
import { useCloseClockStyles } from "./useCloseClockStyles.styles";

const CALENDAR_LABELS: Readonly<Record<CalendarName, string>> = {
  nyse: "NYSE",
  sifma: "SIFMA",
  federal: "Federal Reserve",
};

export interface CloseClockProps {
  readonly close: Pick<CloseResult, "clock" | "posted">;
}

/**
 * The posting clock of FINRA 4522(b)(2), the first thing the pane says after a run: how many
 * differences of the count still have to go to the Difference account, and by when.
 */
export function CloseClock({ close }: CloseClockProps) {
  const styles = useCloseClockStyles();
  const headline = clockHeadline(close);
  const clock = close.clock;
  return (
    // Overdue is an alert (read out at once); otherwise the clock is a status.
    <div
      className={styles.root}
      role={clock?.overdue === true ? "alert" : "status"}
      aria-label="Posting deadline"
    >
      <MessageBar intent={headline.intent} layout="multiline">
        <MessageBarBody className={styles.body}>
          {clock?.overdue === true && <MessageBarTitle>Deadline passed</MessageBarTitle>}
          <span className={clock?.overdue === true ? styles.overdue : undefined}>
            {headline.text}
          </span>
        </MessageBarBody>
      </MessageBar>
      {clock !== null && (
        <Caption1 className={styles.note}>
          Count of {clock.countDate}: differences are due in the Difference account 7 business days
          later on the {CALENDAR_LABELS[clock.calendar]} calendar.
        </Caption1>
      )}
    </div>
  );
}
