import { Caption1, Subtitle2, Text, useId } from "@fluentui/react-components";
import type { ReactNode } from "react";
import type { IsoDate } from "../../../domain/isoDate";
import { SUSPENSE_TYPE_LABELS } from "../../../domain/suspense";
import { flagLabel } from "../../../workbook/suspenseAgingSheet";
import type { AgedSuspense } from "../App/useSupervisionActions";
import { bucketLines, currencyTotals, item8Text } from "./supervisionModel";
import { AsOfRun } from "./AsOfRun";
import { useSupervisionStyles } from "./useSupervisionStyles.styles";

export interface SuspenseStepProps {
  readonly suspense: AgedSuspense | null;
  readonly defaultAsOf: IsoDate;
  readonly disabled: boolean;
  readonly onAge: (asOf: IsoDate) => void;
  readonly status: ReactNode;
}

/** FINRA 4523(c): suspense items by age bucket and type, the flagged ones, and item 8. */
export function SuspenseStep(props: SuspenseStepProps) {
  const { suspense, disabled } = props;
  const styles = useSupervisionStyles();
  const headingId = useId("suspense-heading");
  const aging = suspense?.aging ?? null;
  const flagged = aging?.items.filter((item) => item.flags.length > 0) ?? [];
  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <Subtitle2 as="h2" id={headingId}>
        Suspense aging
      </Subtitle2>
      <AsOfRun
        label="Age as of"
        action="Age suspense items"
        defaultAsOf={props.defaultAsOf}
        disabled={disabled}
        onRun={props.onAge}
      />
      {props.status}
      {suspense !== null && aging !== null && (
        <>
          <Caption1 className={styles.note}>
            {suspense.sheet}: {aging.items.length} open as of {aging.asOf} (
            {suspense.calendar.toUpperCase()} business days). {currencyTotals(aging).join(" · ")}
          </Caption1>
          <ul className={styles.list} aria-label="Suspense by age">
            {bucketLines(aging).map((line) => (
              <li key={line.label} className={styles.item}>
                <div className={styles.row}>
                  <Text weight="semibold">{line.label}</Text>
                  <Text className={styles.number}>{line.items}</Text>
                </div>
                {line.byType !== "" && <Caption1 className={styles.note}>{line.byType}</Caption1>}
              </li>
            ))}
          </ul>
          <Text>
            <Text weight="semibold">15c3-3a item 8</Text> (credits and shorts over 30 calendar
            days): {item8Text(aging)}
          </Text>
          {flagged.length > 0 && (
            <ul className={styles.list} aria-label="Flagged suspense items">
              {flagged.map((item) => (
                <li key={`${item.itemId}-${item.source.row}`} className={styles.item}>
                  <div className={styles.row}>
                    <Text weight="semibold">{item.itemId || `row ${item.source.row}`}</Text>
                    <Text className={styles.number}>{item.ageCalendarDays} days</Text>
                  </div>
                  <Caption1 className={styles.note}>
                    {SUSPENSE_TYPE_LABELS[item.type]} ·{" "}
                    {item.flags.map((f) => flagLabel(f, aging)).join("; ")}
                  </Caption1>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
