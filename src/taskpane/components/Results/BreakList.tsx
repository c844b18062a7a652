import { Badge, Caption1 } from "@fluentui/react-components";
import { abs, formatGrouped } from "../../../domain/decimal";
import { directionLabel, type Break } from "../../../workbook/monthEnd";
import { countOf } from "../../format";
import { BREAKS_SHOWN, largestFirst } from "./resultsModel";
import { useResultsStyles } from "./useResultsStyles.styles";

export interface BreakListProps {
  readonly breaks: readonly Break[];
  /** Sheet row of each break on the Breaks sheet, once it is written. */
  readonly rowOfBreak: ReadonlyMap<string, number> | null;
  readonly onSelectBreak: (breakId: string) => void;
}

interface BreakItemProps {
  readonly item: Break;
  readonly row: number | undefined;
  readonly onSelectBreak: (breakId: string) => void;
}

function BreakItem({ item, row, onSelectBreak }: BreakItemProps) {
  const styles = useResultsStyles();
  const direction = directionLabel(item.direction);
  const quantity = formatGrouped(abs(item.difference));
  const context = item.description === "" ? item.contra : `${item.contra} · ${item.description}`;
  const target = row === undefined ? "" : ` Go to row ${row} of the Breaks sheet.`;
  // Rows whose quantity could not be read belong to this break: its figure is not final.
  const unreadable = item.unreadableRows.length;
  const incomplete =
    unreadable === 0 ? "" : `Incomplete: ${countOf(unreadable, "row", "rows")} could not be read.`;
  return (
    <li>
      <button
        type="button"
        className={styles.breakButton}
        disabled={row === undefined}
        aria-label={`${item.securityId} at ${item.contra}: ${direction} ${quantity}.${incomplete === "" ? "" : ` ${incomplete}`}${target}`}
        onClick={() => onSelectBreak(item.id)}
      >
        <span className={styles.breakText}>
          <span className={styles.securityId}>{item.securityId}</span>
          <span className={styles.breakContext}>{context}</span>
          {incomplete !== "" && <span className={styles.incomplete}>{incomplete}</span>}
        </span>
        <span className={styles.breakFigure}>
          <span className={styles.quantity}>{quantity}</span>
          <Badge appearance="tint" color={item.direction === "short" ? "danger" : "informative"}>
            {direction}
          </Badge>
        </span>
      </button>
    </li>
  );
}

/** The largest breaks, each a button that selects its row on the Breaks sheet. */
export function BreakList({ breaks, rowOfBreak, onSelectBreak }: BreakListProps) {
  const styles = useResultsStyles();
  const shown = largestFirst(breaks).slice(0, BREAKS_SHOWN);
  return (
    <>
      <ul className={styles.list} aria-label="Breaks">
        {shown.map((item) => (
          <BreakItem
            key={item.id}
            item={item}
            row={rowOfBreak?.get(item.id)}
            onSelectBreak={onSelectBreak}
          />
        ))}
      </ul>
      {breaks.length > shown.length && (
        <Caption1 className={styles.note}>
          Showing the largest {shown.length.toLocaleString("en-US")} of{" "}
          {countOf(breaks.length, "break", "breaks")}; the Breaks sheet lists them all.
        </Caption1>
      )}
    </>
  );
}
