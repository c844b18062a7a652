/**
 * The `Close Summary` sheet: the month at a glance for the supervisor — the breaks by status and
 * the posting clock, the Difference account's open layers by 15c3-1 age band with their
 * deductions, suspense items by age bucket and type, GL reviews done and missing by owner, and the
 * period's sign-offs. One table of (section, item, value, amount, detail) rows, so it reads on
 * paper and filters in Excel.
 *
 * Each aging block is a run of adjacent rows (one per bucket, empty buckets included) and carries
 * native chart specs over those rows (counts in Value, money in Amount): the Office.js host draws
 * them with Excel's chart API, the .xlsx host writes the chart parts into the file.
 */
import { DEDUCTION_SCHEDULE, type AgedLayer } from "../domain/aging";
import { STATUS_LABELS, type BreakStatus } from "../domain/breakStatus";
import { abs, formatGroupedFixed, sign, sum, type Decimal } from "../domain/decimal";
import type { GlReview } from "../domain/glAccounts";
import { ROLE_WORDS, statusText, type SignoffCheck } from "../domain/signoff";
import { SUSPENSE_TYPE_LABELS, type SuspenseAging } from "../domain/suspense";
import type { CloseResult } from "./monthEndClose";
import type { CountSchedule } from "../domain/countSchedule";
import type { ChartSpec, Row, TableOutput } from "./port";
import { decimalCell as amountCell } from "./cells";

export const CLOSE_SUMMARY_SHEET = "Close Summary";
export const CLOSE_SUMMARY_TABLE = "StockRecCloseSummary";

export interface CloseSummaryInput {
  readonly close: CloseResult;
  readonly glReview?: GlReview;
  readonly suspense?: SuspenseAging;
  /** The period's sign-offs as checked now; the section is left out when absent. */
  readonly signoffs?: readonly SignoffCheck[];
  /** The 17a-13 count schedule, when the workbook holds counts; left out when absent. */
  readonly countSchedule?: CountSchedule;
}

/** Columns of the table (1-based), as the chart specs refer to them. */
const ITEM_COLUMN = 2;
const VALUE_COLUMN = 3;
const AMOUNT_COLUMN = 4;

/** Charts sit right of the table, two per row of charts: counts on the left, money on the right. */
const CHART_FIRST_COLUMN = 7;
const CHART_COLUMN_SPAN = 8;
const CHART_ROW_SPAN = 15;
const CHART_GAP_ROWS = 1;

const BREAK_STATUSES: readonly BreakStatus[] = ["open", "reported", "resolved", "posted"];

/** The rows being laid out, and the charts over blocks of them. */
class Layout {
  readonly rows: Row[] = [];
  readonly charts: ChartSpec[] = [];
  private chartRows = 0;

  add(...rows: Row[]): void {
    this.rows.push(...rows);
  }

  /**
   * Adds `rows` as one block and a chart per `charts` entry over them: `count` plots the Value
   * column, `amount` the Amount column (only when every amount is a number). One band of the
   * chart grid per block: count chart left, amount chart right.
   */
  block(rows: readonly Row[], charts: readonly BlockChart[]): void {
    const first = this.rows.length + 2; // sheet row: the header is row 1
    this.rows.push(...rows);
    const span = { first, last: first + rows.length - 1 };
    const top = 2 + this.chartRows * (CHART_ROW_SPAN + CHART_GAP_ROWS);
    let placed = false;
    charts.forEach((chart, index) => {
      const column = chart.plots === "count" ? VALUE_COLUMN : AMOUNT_COLUMN;
      if (!rows.every((row) => typeof row[column - 1] === "number")) return;
      placed = true;
      this.charts.push({
        name: chart.name,
        kind: "columnClustered",
        title: chart.title,
        rows: span,
        categoryColumn: ITEM_COLUMN,
        valueColumns: { first: column, last: column },
        anchor: {
          row: top,
          column: CHART_FIRST_COLUMN + index * (CHART_COLUMN_SPAN + 1),
          rowSpan: CHART_ROW_SPAN,
          columnSpan: CHART_COLUMN_SPAN,
        },
      });
    });
    if (placed) this.chartRows++;
  }
}

interface BlockChart {
  readonly name: string;
  readonly title: string;
  readonly plots: "count" | "amount";
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function reconciliationRows(close: CloseResult, layout: Layout): void {
  const r = close.reconciliation;
  layout.add(
    ["Reconciliation", "As of", r.asOf, "", `${r.matchedCount} positions matched`],
    [
      "Reconciliation",
      "Breaks",
      r.breaks.length,
      "",
      r.contras.map((c) => `${c.contra} ${c.breakCount}`).join(", "),
    ],
    [
      "Reconciliation",
      "Money breaks",
      r.money?.breaks.length ?? 0,
      "",
      r.money === null ? "no cash sheets in the run" : `tolerance ${r.money.tolerance}`,
    ],
    [
      "Reconciliation",
      "Money breaks proposed for suspense",
      close.suspenseProposals.length,
      "",
      close.suspenseProposals.length === 0
        ? `none unresolved ${close.suspenseAfterBusinessDays} business days or more`
        : `unresolved ${close.suspenseAfterBusinessDays}+ business days since first seen: ${close.suspenseProposals.map((p) => p.breakId).join(", ")} (sheet Suspense Proposals)`,
    ],
  );
  // Every status, even with no break in it, so the chart's bars are always the same four.
  layout.block(
    BREAK_STATUSES.map((status): Row => [
      "Breaks by status",
      STATUS_LABELS[status],
      close.statuses.filter((s) => s.status === status).length,
      "",
      "",
    ]),
    [{ name: "StockRec Breaks by Status", title: "Breaks by status", plots: "count" }],
  );
}

function clockRows(close: CloseResult, layout: Layout): void {
  const clock = close.clock;
  if (clock === null) return;
  layout.add([
    "Difference account",
    "Posting deadline",
    clock.deadline,
    "",
    clock.overdue
      ? `OVERDUE: ${clock.unpostedCount} unposted`
      : `${clock.unpostedCount} unposted, ${clock.businessDaysLeft} business days left (${clock.calendar.toUpperCase()})`,
  ]);
}

function ledgerRows(close: CloseResult, layout: Layout): void {
  const shorts = close.aged.filter((a) => a.quantity.units < 0n);
  layout.add(
    [
      "Difference account",
      "Open layers",
      close.aged.length,
      "",
      `${shorts.length} short, ${close.aged.length - shorts.length} long`,
    ],
    [
      "Difference account",
      "15c3-1(c)(2)(v) deduction",
      formatGroupedFixed(close.agingTotals.deduction, 2),
      amountCell(close.agingTotals.deduction),
      close.agingTotals.unpricedShortLayers > 0
        ? `${close.agingTotals.unpricedShortLayers} short layers have no price`
        : "",
    ],
    [
      "Difference account",
      "15c3-3a item 7 (market value)",
      formatGroupedFixed(close.agingTotals.reserveItem7MarketValue, 2),
      amountCell(close.agingTotals.reserveItem7MarketValue),
      "short differences over 30 calendar days",
    ],
    [
      "Difference account",
      "Posted this run",
      close.posted.length,
      "",
      close.posted.filter((p) => !p.onTime).length > 0 ? "some late" : "",
    ],
  );
  layout.block(ageBandRows(close.aged), [
    {
      name: "StockRec Difference Layers by Age",
      title: "Difference account open layers by age (business days)",
      plots: "count",
    },
    {
      name: "StockRec Deduction by Age",
      title: "15c3-1(c)(2)(v) deduction by age (business days)",
      plots: "amount",
    },
  ]);
}

/** The 15c3-1(c)(2)(v) bands: 0–6, 7–13, 14–20, 21–27 and 28+ business days from discovery. */
export function deductionBands(): { fromDays: number; toDays: number | null; label: string }[] {
  const starts = [0, ...DEDUCTION_SCHEDULE.map((step) => step.businessDays).sort((a, b) => a - b)];
  return starts.map((fromDays, i) => {
    const next = starts[i + 1];
    const toDays = next === undefined ? null : next - 1;
    return { fromDays, toDays, label: toDays === null ? `${fromDays}+` : `${fromDays}–${toDays}` };
  });
}

function ageBandRows(aged: readonly AgedLayer[]): Row[] {
  return deductionBands().map((band): Row => {
    const layers = aged.filter(
      (a) =>
        a.ageBusinessDays >= band.fromDays &&
        (band.toDays === null || a.ageBusinessDays <= band.toDays),
    );
    const shorts = layers.filter((a) => sign(a.quantity) < 0);
    const unpriced = shorts.filter((a) => a.price === null).length;
    const deduction = sum(layers.map((a) => a.deduction).filter((d): d is Decimal => d !== null));
    return [
      "Difference account by age",
      `${band.label} business days`,
      layers.length,
      amountCell(deduction),
      `${shorts.length} short, ${layers.length - shorts.length} long` +
        (unpriced > 0 ? `; ${plural(unpriced, "short layer")} without a price` : ""),
    ];
  });
}

/** The currency of most items (ties: alphabetical): the one the amount chart plots. */
function chartCurrency(suspense: SuspenseAging): string | null {
  const counts = new Map<string, number>();
  for (const item of suspense.items) {
    if (item.amount !== null) counts.set(item.currency, (counts.get(item.currency) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return ranked[0]?.[0] ?? null;
}

function suspenseRows(suspense: SuspenseAging, layout: Layout): void {
  layout.add(["Suspense", "Open items", suspense.items.length, "", ""]);
  const currency = chartCurrency(suspense);
  layout.block(
    suspense.buckets.map((bucket): Row => {
      const items = suspense.items.filter((i) => i.bucket.index === bucket.index);
      const gross = (code: string) =>
        sum(
          items.filter((i) => i.currency === code && i.amount !== null).map((i) => abs(i.amount!)),
        );
      const others = [...new Set(items.map((i) => i.currency))]
        .filter(
          (code) =>
            code !== currency && items.some((i) => i.currency === code && i.amount !== null),
        )
        .sort()
        .map((code) => `${code} ${formatGroupedFixed(gross(code), 2)}`);
      return [
        "Suspense by age",
        bucket.toDays === null
          ? `Aged over ${bucket.fromDays - 1} days`
          : `Aged ${bucket.label} days`,
        items.length,
        currency === null ? "" : amountCell(gross(currency)),
        [
          currency === null ? "" : `gross ${currency} (debits and credits)`,
          others.length > 0 ? `also ${others.join(", ")}` : "",
        ]
          .filter(Boolean)
          .join("; "),
      ];
    }),
    [
      {
        name: "StockRec Suspense Items by Age",
        title: "Suspense items by age (calendar days)",
        plots: "count",
      },
      ...(currency === null
        ? []
        : [
            {
              name: "StockRec Suspense Amount by Age",
              title: `Suspense gross amount by age (${currency})`,
              plots: "amount" as const,
            },
          ]),
    ],
  );
  const byType = new Map<string, number>();
  for (const item of suspense.items) {
    const type = SUSPENSE_TYPE_LABELS[item.type];
    byType.set(type, (byType.get(type) ?? 0) + 1);
  }
  layout.add(...[...byType].map(([type, n]): Row => ["Suspense", type, n, "", ""]), [
    "Suspense",
    "15c3-3a item 8 items",
    suspense.items.filter((i) => i.reserveItem8).length,
    "",
    "credits and shorts over 30 calendar days",
  ]);
}

function reviewRows(review: GlReview, layout: Layout): void {
  layout.add(
    [
      "GL review",
      "Accounts",
      review.accounts.length,
      "",
      `current if reviewed on or after ${review.reviewDueOnOrAfter}`,
    ],
    ...review.byOwner.map((tally): Row => [
      "GL review",
      `Owner ${tally.person || "(none)"}`,
      `${tally.reviewed} of ${tally.accounts} reviewed`,
      "",
      tally.missingAccounts.join(", "),
    ]),
  );
}

/** The quarterly count (17a-13): the last count, the next one's window, what is missed or due. */
function countRows(schedule: CountSchedule, layout: Layout): void {
  const last = schedule.nextWindow?.after ?? null;
  layout.add(["Security count", "Last count", last ?? "none", "", "SEA Rule 17a-13"]);
  if (schedule.nextWindow !== null) {
    layout.add([
      "Security count",
      "Next count window",
      `${schedule.nextWindow.earliest} to ${schedule.nextWindow.latest}`,
      "",
      schedule.overdue
        ? `OVERDUE: was due by ${schedule.nextWindow.latest}`
        : "two to four months after the last",
    ]);
  }
  for (const quarter of schedule.quarters.filter((q) => q.missed || q.due)) {
    layout.add([
      "Security count",
      quarter.quarter,
      quarter.missed ? "MISSED" : "due",
      "",
      quarter.missed ? "no count in the quarter" : `a count is due by the quarter's end`,
    ]);
  }
  const violations = schedule.spacings.filter((s) => s.verdict !== "in_window");
  if (violations.length > 0) {
    layout.add([
      "Security count",
      "Counts outside their window",
      violations.length,
      "",
      violations.map((v) => `${v.next} after ${v.previous}`).join(", "),
    ]);
  }
}

function signoffRows(checks: readonly SignoffCheck[], layout: Layout): void {
  if (checks.length === 0) {
    layout.add(["Sign-offs", "None", "", "", "no sign-off recorded for the period"]);
    return;
  }
  layout.add(
    ...checks.map(({ signoff, ...check }): Row => [
      "Sign-offs",
      `${ROLE_WORDS[signoff.role]} ${signoff.name}`,
      statusText({ signoff, ...check }),
      "",
      `${signoff.scope}, signed ${signoff.timestamp} (${signoff.id}, ${signoff.period})`,
    ]),
  );
}

export function closeSummaryTable(input: CloseSummaryInput): TableOutput {
  const layout = new Layout();
  reconciliationRows(input.close, layout);
  clockRows(input.close, layout);
  ledgerRows(input.close, layout);
  if (input.suspense !== undefined) suspenseRows(input.suspense, layout);
  if (input.glReview !== undefined) reviewRows(input.glReview, layout);
  if (input.countSchedule !== undefined) countRows(input.countSchedule, layout);
  if (input.signoffs !== undefined) signoffRows(input.signoffs, layout);
  return {
    sheetName: CLOSE_SUMMARY_SHEET,
    tableName: CLOSE_SUMMARY_TABLE,
    columns: [
      { header: "Section", format: { kind: "text" }, width: 26 },
      { header: "Item", format: { kind: "text" }, width: 32 },
      { header: "Value", format: { kind: "general" }, width: 18 },
      { header: "Amount", format: { kind: "quantity", decimals: 2 }, width: 18 },
      { header: "Detail", format: { kind: "text" }, width: 60 },
    ],
    rows: layout.rows.map((row) =>
      row.map((cell) => (typeof cell === "number" ? cell : cell === null ? "" : String(cell))),
    ),
    charts: layout.charts,
  };
}
