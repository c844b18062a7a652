import { Badge, Caption1, Subtitle2 } from "@fluentui/react-components";
import { SpokenName } from "../SpokenName";
import type { MoneyBreak } from "../../../domain/money";
import type { MoneyResult } from "../../../domain/monthlyReconciliation";
import { directionLabel } from "../../../workbook/monthEnd";
import { MONEY_BREAKS_SHEET, MONEY_KIND_LABELS } from "../../../workbook/moneyBreaksSheet";
import { countOf } from "../../format";
import { BREAKS_SHOWN, moneyAmountText, moneySummaryText } from "./resultsModel";
import { useResultsStyles } from "./useResultsStyles.styles";

export interface MoneyResultsProps {
  readonly money: MoneyResult;
  /** Sheet row of each money break on the Money Breaks sheet, once it is written. */
  readonly rowOfMoneyBreak: ReadonlyMap<string, number> | null;
  readonly onSelectMoneyBreak: (breakId: string) => void;
}

interface MoneyBreakItemProps {
  readonly item: MoneyBreak;
  readonly row: number | undefined;
  readonly onSelect: (breakId: string) => void;
}

function MoneyBreakItem({ item, row, onSelect }: MoneyBreakItemProps) {
  const styles = useResultsStyles();
  const direction = directionLabel(item.direction);
  const amount = moneyAmountText(item.difference);
  const kind = item.kind === "balance_difference" ? "" : ` · ${MONEY_KIND_LABELS[item.kind]}`;
  const context = `${item.contra} · ${item.currency}${kind}`;
  const target = row === undefined ? "" : ` Go to row ${row} of the ${MONEY_BREAKS_SHEET} sheet.`;
  const unreadable = item.unreadableRows.length;
  const incomplete =
    unreadable === 0 ? "" : `Incomplete: ${countOf(unreadable, "row", "rows")} could not be read.`;
  return (
    <li>
      <button
        type="button"
        className={styles.breakButton}
        disabled={row === undefined}
        onClick={() => onSelect(item.id)}
      >
        <SpokenName
          name={`Account ${item.account} at ${item.contra}: ${direction} ${amount} ${item.currency}.${incomplete === "" ? "" : ` ${incomplete}`}${target}`}
        />
        <span className={styles.breakText} aria-hidden="true">
          <span className={styles.securityId}>{item.account}</span>
          <span className={styles.breakContext}>{context}</span>
          {incomplete !== "" && <span className={styles.incomplete}>{incomplete}</span>}
        </span>
        <span className={styles.breakFigure} aria-hidden="true">
          <span className={styles.quantity}>
            {amount} {item.currency}
          </span>
          <Badge appearance="tint" color={item.direction === "short" ? "danger" : "informative"}>
            {direction}
          </Badge>
        </span>
      </button>
    </li>
  );
}

/**
 * The money side of the run: how many balances broke and matched, at what tolerance, and each
 * break in the engine's order (the order of the Money Breaks sheet), a button to its row.
 */
export function MoneyResults({ money, rowOfMoneyBreak, onSelectMoneyBreak }: MoneyResultsProps) {
  const styles = useResultsStyles();
  const shown = money.breaks.slice(0, BREAKS_SHOWN);
  return (
    <>
      <Subtitle2 as="h3">Cash balances</Subtitle2>
      <Caption1 className={styles.moneySummary}>{moneySummaryText(money)}</Caption1>
      {shown.length > 0 && (
        <ul className={styles.list} aria-label="Cash breaks">
          {shown.map((item) => (
            <MoneyBreakItem
              key={item.id}
              item={item}
              row={rowOfMoneyBreak?.get(item.id)}
              onSelect={onSelectMoneyBreak}
            />
          ))}
        </ul>
      )}
      {money.breaks.length > shown.length && (
        <Caption1 className={styles.note}>
          Showing {shown.length.toLocaleString("en-US")} of{" "}
          {countOf(money.breaks.length, "cash break", "cash breaks")}; the {MONEY_BREAKS_SHEET}{" "}
          sheet lists them all.
        </Caption1>
      )}
    </>
  );
}
