/** What the open-balance aging shows, computed from the close's aged layers without React. */
import type { AgedLayer, AgingTotals } from "../../../domain/aging";
import { formatGroupedFixed, sign, type Decimal } from "../../../domain/decimal";
import { countOf } from "../../format";

/** More rows than this slow the pane down; the Difference Aging sheet has all of them. */
export const LAYERS_SHOWN = 200;

/** Oldest first (the domain already sorts so; sorted again, stably, to be sure). */
export function oldestFirst(aged: readonly AgedLayer[]): AgedLayer[] {
  return [...aged].sort((a, b) =>
    a.discoveredOn < b.discoveredOn ? -1 : a.discoveredOn > b.discoveredOn ? 1 : 0,
  );
}

export function money(amount: Decimal): string {
  return formatGroupedFixed(amount, 2);
}

/** "Deduction 25% · 1,250.00", "Not deducted (long)", "Deduction 50% · no price". */
export function deductionText(layer: AgedLayer): string {
  if (sign(layer.quantity) >= 0) return "Long: not deducted";
  const percent = `Deduction ${layer.deductionPercent}%`;
  return layer.deduction === null
    ? `${percent} · no price`
    : `${percent} · ${money(layer.deduction)}`;
}

/** "Since 2026-10-30 · 3 business days". */
export function ageText(layer: AgedLayer): string {
  return `Since ${layer.discoveredOn} · ${countOf(layer.ageBusinessDays, "business day", "business days")}`;
}

export function unpricedText(totals: AgingTotals): string | null {
  const count = totals.unpricedShortLayers;
  if (count === 0) return null;
  return `${countOf(count, "short difference has", "short differences have")} no price, so the deduction above leaves ${count === 1 ? "it" : "them"} out. Add the price to the stock record or a prices sheet.`;
}
