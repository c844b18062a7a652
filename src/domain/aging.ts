/**
 * Aging of the Difference account's open layers (REFERENCE.md §§4–5):
 * - SEA 15c3-1(c)(2)(v): unresolved SHORT differences are deducted from net capital at 25, 50,
 *   75 and 100 % of market value once 7, 14, 21 and 28 business days have passed since
 *   discovery (≥ N, the conservative reading). Long differences are not deducted.
 * - SEA 15c3-3a item 7: short count differences older than 30 calendar days are a reserve credit.
 */
import { abs, multiply, parseDecimal, roundHalfUp, sign, sum, type Decimal } from "./decimal";
import type { BusinessCalendar, OpenLayer } from "./differenceLedger";
import { epochDay, type IsoDate } from "./isoDate";

/** (business days since discovery, share of market value deducted), highest first. */
export const DEDUCTION_SCHEDULE: readonly {
  readonly businessDays: number;
  readonly percent: number;
}[] = [
  { businessDays: 28, percent: 100 },
  { businessDays: 21, percent: 75 },
  { businessDays: 14, percent: 50 },
  { businessDays: 7, percent: 25 },
];

export const RESERVE_ITEM_7_CALENDAR_DAYS = 30;

export interface AgedLayer extends OpenLayer {
  readonly ageBusinessDays: number;
  readonly ageCalendarDays: number;
  /** 0, 25, 50, 75 or 100; always 0 for long differences. */
  readonly deductionPercent: number;
  readonly price: Decimal | null;
  /** |quantity| × price, in cents; null without a price. */
  readonly marketValue: Decimal | null;
  /** marketValue × deductionPercent, in cents; null without a price. */
  readonly deduction: Decimal | null;
  /** A short difference older than 30 calendar days (15c3-3a item 7). */
  readonly reserveItem7: boolean;
}

export function deductionPercent(quantity: Decimal, ageBusinessDays: number): number {
  if (sign(quantity) >= 0) return 0;
  return DEDUCTION_SCHEDULE.find((step) => ageBusinessDays >= step.businessDays)?.percent ?? 0;
}

const PERCENT = new Map(
  DEDUCTION_SCHEDULE.map((s) => [s.percent, parseDecimal(String(s.percent / 100))!]),
);

export function ageLayers(
  layers: readonly OpenLayer[],
  asOf: IsoDate,
  calendar: BusinessCalendar,
  priceOf: (securityKey: string) => Decimal | null,
): AgedLayer[] {
  return layers.map((layer) => {
    const ageBusinessDays = Math.max(0, calendar.businessDaysBetween(layer.discoveredOn, asOf));
    const ageCalendarDays = Math.max(0, epochDay(asOf) - epochDay(layer.discoveredOn));
    const percent = deductionPercent(layer.quantity, ageBusinessDays);
    const price = priceOf(layer.securityKey);
    const marketValue =
      price === null ? null : roundHalfUp(multiply(abs(layer.quantity), price), 2);
    const factor = PERCENT.get(percent);
    const deduction =
      marketValue === null
        ? null
        : factor === undefined
          ? parseDecimal("0")!
          : roundHalfUp(multiply(marketValue, factor), 2);
    return {
      ...layer,
      ageBusinessDays,
      ageCalendarDays,
      deductionPercent: percent,
      price,
      marketValue,
      deduction,
      reserveItem7: sign(layer.quantity) < 0 && ageCalendarDays > RESERVE_ITEM_7_CALENDAR_DAYS,
    };
  });
}

export interface AgingTotals {
  readonly deduction: Decimal;
  readonly reserveItem7MarketValue: Decimal;
  /** Short layers that could not be valued: the deduction is understated until priced. */
  readonly unpricedShortLayers: number;
}

export function agingTotals(aged: readonly AgedLayer[]): AgingTotals {
  return {
    deduction: sum(aged.map((a) => a.deduction).filter((d): d is Decimal => d !== null)),
    reserveItem7MarketValue: sum(
      aged.filter((a) => a.reserveItem7 && a.marketValue !== null).map((a) => a.marketValue!),
    ),
    unpricedShortLayers: aged.filter((a) => sign(a.quantity) < 0 && a.price === null).length,
  };
}
