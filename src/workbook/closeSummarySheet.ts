/**
 * The `Close Summary` sheet: the month at a glance for the supervisor — open breaks by status and
 * the posting clock, the Difference account's open balances with their deductions, suspense items
 * by type and age bucket, GL reviews done and missing by owner. One table of (section, item,
 * value, detail) rows, so it reads on paper and filters in Excel. (Native charts of the aging
 * buckets need Office.js chart support in the adapter; not drawn yet.)
 */
import { formatGroupedFixed } from "../domain/decimal";
import type { GlReview } from "../domain/glAccounts";
import { SUSPENSE_TYPE_LABELS, type SuspenseAging } from "../domain/suspense";
import type { CloseResult } from "./monthEndClose";
import type { Row, TableOutput } from "./port";

export const CLOSE_SUMMARY_SHEET = "Close Summary";
export const CLOSE_SUMMARY_TABLE = "StockRecCloseSummary";

export interface CloseSummaryInput {
  readonly close: CloseResult;
  readonly glReview?: GlReview;
  readonly suspense?: SuspenseAging;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts];
}

function breakRows(close: CloseResult): Row[] {
  const r = close.reconciliation;
  const clock = close.clock;
  const rows: Row[] = [
    ["Reconciliation", "As of", r.asOf, `${r.matchedCount} positions matched`],
    [
      "Reconciliation",
      "Breaks",
      r.breaks.length,
      r.contras.map((c) => `${c.contra} ${c.breakCount}`).join(", "),
    ],
    ...countBy(close.statuses, (s) => s.status).map(([status, n]): Row => [
      "Reconciliation",
      `Breaks ${status}`,
      n,
      "",
    ]),
    [
      "Reconciliation",
      "Money breaks",
      r.money?.breaks.length ?? 0,
      r.money === null ? "no cash sheets in the run" : `tolerance ${r.money.tolerance}`,
    ],
  ];
  if (clock !== null) {
    rows.push([
      "Difference account",
      "Posting deadline",
      clock.deadline,
      clock.overdue
        ? `OVERDUE: ${clock.unpostedCount} unposted`
        : `${clock.unpostedCount} unposted, ${clock.businessDaysLeft} business days left (${clock.calendar.toUpperCase()})`,
    ]);
  }
  return rows;
}

function ledgerRows(close: CloseResult): Row[] {
  const shorts = close.aged.filter((a) => a.quantity.units < 0n);
  return [
    [
      "Difference account",
      "Open layers",
      close.aged.length,
      `${shorts.length} short, ${close.aged.length - shorts.length} long`,
    ],
    [
      "Difference account",
      "15c3-1(c)(2)(v) deduction",
      formatGroupedFixed(close.agingTotals.deduction, 2),
      close.agingTotals.unpricedShortLayers > 0
        ? `${close.agingTotals.unpricedShortLayers} short layers have no price`
        : "",
    ],
    [
      "Difference account",
      "15c3-3a item 7 (market value)",
      formatGroupedFixed(close.agingTotals.reserveItem7MarketValue, 2),
      "short differences over 30 calendar days",
    ],
    [
      "Difference account",
      "Posted this run",
      close.posted.length,
      close.posted.filter((p) => !p.onTime).length > 0 ? "some late" : "",
    ],
  ];
}

function suspenseRows(suspense: SuspenseAging): Row[] {
  return [
    ["Suspense", "Open items", suspense.items.length, ""],
    ...suspense.buckets.map((bucket): Row => [
      "Suspense",
      bucket.toDays === null
        ? `Aged over ${bucket.fromDays - 1} days`
        : `Aged ${bucket.label} days`,
      suspense.items.filter((i) => i.bucket.index === bucket.index).length,
      "",
    ]),
    ...countBy(suspense.items, (i) => SUSPENSE_TYPE_LABELS[i.type]).map(([type, n]): Row => [
      "Suspense",
      type,
      n,
      "",
    ]),
    [
      "Suspense",
      "15c3-3a item 8 items",
      suspense.items.filter((i) => i.reserveItem8).length,
      "credits and shorts over 30 calendar days",
    ],
  ];
}

function reviewRows(review: GlReview): Row[] {
  return [
    [
      "GL review",
      "Accounts",
      review.accounts.length,
      `current if reviewed on or after ${review.reviewDueOnOrAfter}`,
    ],
    ...review.byOwner.map((tally): Row => [
      "GL review",
      `Owner ${tally.person || "(none)"}`,
      `${tally.reviewed} of ${tally.accounts} reviewed`,
      tally.missingAccounts.join(", "),
    ]),
  ];
}

export function closeSummaryTable(input: CloseSummaryInput): TableOutput {
  const rows = [
    ...breakRows(input.close),
    ...ledgerRows(input.close),
    ...(input.suspense === undefined ? [] : suspenseRows(input.suspense)),
    ...(input.glReview === undefined ? [] : reviewRows(input.glReview)),
  ];
  return {
    sheetName: CLOSE_SUMMARY_SHEET,
    tableName: CLOSE_SUMMARY_TABLE,
    columns: [
      { header: "Section", format: { kind: "text" }, width: 20 },
      { header: "Item", format: { kind: "text" }, width: 32 },
      { header: "Value", format: { kind: "general" }, width: 18 },
      { header: "Detail", format: { kind: "text" }, width: 60 },
    ],
    rows: rows.map((row) =>
      row.map((cell) => (typeof cell === "number" ? cell : cell === null ? "" : String(cell))),
    ),
  };
}
