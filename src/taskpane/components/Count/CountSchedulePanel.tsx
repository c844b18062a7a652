import { Caption1, Text, useId } from "@fluentui/react-components";
import type { CountSchedule } from "../../../domain/countSchedule";
import { scheduleShown } from "./countModel";
import { useCountStyles } from "./useCountStyles.styles";

export interface CountSchedulePanelProps {
  /** As of today; null while it is read. */
  readonly schedule: CountSchedule | null;
}

/**
 * 17a-13's schedule at a glance: the last count, the next count's window (two to four months
 * after it), a missed quarter or a count outside its window, and an overdue count in red.
 */
export function CountSchedulePanel({ schedule }: CountSchedulePanelProps) {
  const styles = useCountStyles();
  const headingId = useId("count-schedule-heading");
  if (schedule === null) return null;
  const shown = scheduleShown(schedule);
  return (
    <div
      className={styles.part}
      role={shown.overdue ? "alert" : "status"}
      aria-labelledby={headingId}
    >
      <Text id={headingId} weight="semibold">
        Count schedule
      </Text>
      {shown.lastCount === null ? (
        <Caption1 className={styles.note}>
          No count sheet is in this workbook yet: the first count sets the schedule. 17a-13 asks for
          one each calendar quarter, two to four months apart.
        </Caption1>
      ) : (
        <dl className={styles.facts}>
          <dt className={styles.term}>Last count</dt>
          <dd className={styles.definition}>{shown.lastCount}</dd>
          <dt className={styles.term}>Next count</dt>
          <dd className={shown.overdue ? styles.overdue : styles.definition}>
            {shown.overdue ? `OVERDUE — window was ${shown.nextWindow}` : shown.nextWindow}
          </dd>
        </dl>
      )}
      {shown.dueQuarter !== null && !shown.overdue && (
        <Caption1 className={styles.warning}>
          {shown.dueQuarter} has no count yet: one is due by the quarter's end.
        </Caption1>
      )}
      {shown.missedQuarters.map((quarter) => (
        <Caption1 key={quarter} className={styles.overdue}>
          Missed quarter: {quarter} had no count.
        </Caption1>
      ))}
      {shown.violations.map((violation) => (
        <Caption1 key={violation} className={styles.overdue}>
          Window violation: {violation}
        </Caption1>
      ))}
      <Caption1 className={styles.note}>As of {schedule.asOf}.</Caption1>
    </div>
  );
}
