import { Badge, Caption1, Subtitle2, Text, useId } from "@fluentui/react-components";
import type { AgedLayer, AgingTotals } from "../../../domain/aging";
import { countOf } from "../../format";
import { directionWord, quantityText } from "../DifferencePosting/postingModel";
import {
  ageText,
  deductionText,
  LAYERS_SHOWN,
  money,
  oldestFirst,
  unpricedText,
} from "./agingModel";
import { useDifferenceAgingStyles } from "./useDifferenceAgingStyles.styles";

export interface DifferenceAgingProps {
  readonly aged: readonly AgedLayer[];
  readonly totals: AgingTotals;
}

function LayerItem({ layer }: { readonly layer: AgedLayer }) {
  const styles = useDifferenceAgingStyles();
  const direction = directionWord(layer.quantity);
  return (
    <li className={styles.layer}>
      <span className={styles.text}>
        <span className={styles.securityId}>{layer.securityId}</span>
        <span className={styles.detail}>{ageText(layer)}</span>
        <span className={styles.detail}>
          {deductionText(layer)}
          {layer.reserveItem7 && (
            <>
              {" "}
              <Badge appearance="filled" color="danger" size="small">
                15c3-3a item 7
              </Badge>
            </>
          )}
        </span>
      </span>
      <span className={styles.figure}>
        <span className={styles.quantity}>{quantityText(layer.quantity)}</span>
        <Badge appearance="tint" color={direction === "Short" ? "danger" : "informative"}>
          {direction}
        </Badge>
      </span>
    </li>
  );
}

/**
 * The Difference account's open balances by age, oldest first, with the net-capital deduction of
 * SEA 15c3-1(c)(2)(v) for short differences and the 15c3-3a item 7 flag (short over 30 days).
 */
export function DifferenceAging({ aged, totals }: DifferenceAgingProps) {
  const styles = useDifferenceAgingStyles();
  const headingId = useId("aging-heading");
  const layers = oldestFirst(aged);
  const shown = layers.slice(0, LAYERS_SHOWN);
  const unpriced = unpricedText(totals);
  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <Subtitle2 as="h2" id={headingId}>
        Difference account open balances by age
      </Subtitle2>
      {layers.length === 0 ? (
        <Caption1 className={styles.note}>The Difference account has no open balances.</Caption1>
      ) : (
        <>
          <Caption1 className={styles.note}>
            Oldest first. Short differences are deducted from net capital at 25, 50, 75 and 100 % of
            market value after 7, 14, 21 and 28 business days (15c3-1(c)(2)(v)).
          </Caption1>
          <ul className={styles.list} aria-label="Open balances by age">
            {shown.map((layer) => (
              <LayerItem key={`${layer.entryId}:${layer.securityKey}`} layer={layer} />
            ))}
          </ul>
          {layers.length > shown.length && (
            <Caption1 className={styles.note}>
              Showing the oldest {shown.length.toLocaleString("en-US")} of{" "}
              {countOf(layers.length, "open balance", "open balances")}; the Difference Aging sheet
              lists them all.
            </Caption1>
          )}
        </>
      )}
      <dl className={styles.totals}>
        <dt>15c3-1 deduction, total</dt>
        <dd>
          <Text weight="semibold" className={styles.quantity}>
            {money(totals.deduction)}
          </Text>
        </dd>
        <dt>15c3-3a item 7, market value</dt>
        <dd>
          <Text className={styles.quantity}>{money(totals.reserveItem7MarketValue)}</Text>
        </dd>
      </dl>
      {unpriced !== null && <Caption1 className={styles.warning}>{unpriced}</Caption1>}
    </section>
  );
}
