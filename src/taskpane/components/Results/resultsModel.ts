/** What the results view shows, computed from a reconciliation result without React. */
import {
  abs,
  compare,
  formatGroupedFixed,
  parseDecimal,
  type Decimal,
} from "../../../domain/decimal";
import type { MoneyResult } from "../../../domain/monthlyReconciliation";
import type { Break, ContraSummary, ReconciliationResult } from "../../../workbook/monthEnd";
import { countOf } from "../../format";

/** More rows than this slow the pane down; the Breaks sheets have all of them. */
export const BREAKS_SHOWN = 200;

/** Money is shown with its cents, whatever the source wrote. */
const MONEY_DECIMALS_SHOWN = 2;

/** "23 breaks across 3 contras — 1,204 positions matched". */
export function summaryText(result: ReconciliationResult): string {
  const matched = countOf(result.matchedCount, "position", "positions");
  if (result.breaks.length === 0) return `No breaks — ${matched} matched`;
  const contrasWithBreaks = new Set(result.breaks.map((item) => item.contra)).size;
  return `${countOf(result.breaks.length, "break", "breaks")} across ${countOf(contrasWithBreaks, "contra", "contras")} — ${matched} matched`;
}

/** Contras with the most breaks first, then by name. */
export function contrasByBreakCount(contras: readonly ContraSummary[]): ContraSummary[] {
  return [...contras].sort(
    (a, b) => b.breakCount - a.breakCount || a.contra.localeCompare(b.contra),
  );
}

/**
 * Largest difference first, whichever its direction. The engine already sorts this way; sorting
 * again (stably, so its tie order stands) keeps the pane right whatever order it is handed.
 */
export function largestFirst(breaks: readonly Break[]): Break[] {
  return [...breaks].sort((a, b) => compare(abs(b.difference), abs(a.difference)));
}

/** "2 cash breaks · 5 balances matched, 1 within the tolerance of 0.50". */
export function moneySummaryText(money: MoneyResult): string {
  const breaks = countOf(money.breaks.length, "cash break", "cash breaks");
  const matched = countOf(money.matched.length, "balance matched", "balances matched");
  const within = money.matched.filter((balance) => balance.withinTolerance).length;
  const tolerance = formatTolerance(money.tolerance);
  const tolerated =
    within === 0
      ? `tolerance ${tolerance}`
      : `${within.toLocaleString("en-US")} within the tolerance of ${tolerance}`;
  return `${breaks} · ${matched}, ${tolerated}`;
}

/** The tolerance as money is shown ("0.00"); as written if it is not a decimal. */
export function formatTolerance(tolerance: string): string {
  const value = parseDecimal(tolerance);
  return value === null ? tolerance : formatGroupedFixed(value, MONEY_DECIMALS_SHOWN);
}

/** "124.50": the size of a money difference, cents always shown, the sign left to Long/Short. */
export function moneyAmountText(amount: Decimal): string {
  return formatGroupedFixed(abs(amount), MONEY_DECIMALS_SHOWN);
}
