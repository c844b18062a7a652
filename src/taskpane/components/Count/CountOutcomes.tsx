import { Button, Caption1, Text } from "@fluentui/react-components";
import { SpokenName } from "../SpokenName";
import { countOf } from "../../format";
import { outcomeTally, type OutcomeRow } from "./countModel";
import { useCountStyles } from "./useCountStyles.styles";

/** More rows than this slow the pane down; the count sheet has every line. */
export const COUNT_LINES_SHOWN = 200;

export interface CountOutcomesProps {
  readonly label: string;
  readonly rows: readonly OutcomeRow[];
  readonly disabled: boolean;
  /** Selects the line's row on the count sheet. */
  readonly onSelectRow: (row: number) => void;
}

/**
 * The outcome of each line people count or confirm, those needing action first, each going to its
 * row of the count sheet; every line is in the tally above them.
 */
export function CountOutcomes({ label, rows, disabled, onSelectRow }: CountOutcomesProps) {
  const styles = useCountStyles();
  // Lines accounted for from the records (or a depository's statement) are only tallied: a
  // sample month end has hundreds, and nobody acts on them.
  const worked = rows.filter((r) => r.worked);
  const ordered = [...worked.filter((r) => r.attention), ...worked.filter((r) => !r.attention)];
  const shown = ordered.slice(0, COUNT_LINES_SHOWN);
  return (
    <>
      <Caption1 className={styles.note}>
        {outcomeTally(rows)
          .map((t) => `${t.label}: ${t.count}`)
          .join(" · ")}
      </Caption1>
      <ul className={styles.list} aria-label={label}>
        {shown.map((row) => (
          <li key={row.lineId} className={styles.item}>
            <Button
              appearance="transparent"
              className={styles.lineButton}
              disabled={disabled}
              onClick={() => onSelectRow(row.row)}
            >
              <SpokenName
                name={`${row.securityId} at ${row.location}: ${row.label}${row.difference === null ? "" : `, ${row.difference}`}. Go to row ${row.row} of the count sheet.`}
              />
              <span className={styles.row} aria-hidden="true">
                <Text weight="semibold">
                  {row.securityId} · {row.location}
                </Text>
                <Text className={row.attention ? styles.attention : styles.good}>
                  {row.label}
                  {row.difference === null ? "" : ` · ${row.difference}`}
                </Text>
              </span>
            </Button>
            <Caption1 className={styles.note}>
              {row.status} · row {row.row}
            </Caption1>
          </li>
        ))}
      </ul>
      {ordered.length > shown.length && (
        <Caption1 className={styles.note}>
          Showing {shown.length.toLocaleString("en-US")} of{" "}
          {countOf(ordered.length, "line", "lines")}; the count sheet has every line.
        </Caption1>
      )}
    </>
  );
}
