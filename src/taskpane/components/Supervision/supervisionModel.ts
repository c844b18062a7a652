/**
 * What the FINRA 4523 steps show, worked out from the domain's results: flag counts with their
 * labels, reviews missing by owner, aging by bucket and type, the item 8 total, the sign-off
 * scopes and the form's checks. Pure: the components only render it.
 */
import { formatGrouped, formatGroupedFixed } from "../../../domain/decimal";
import { GL_REVIEW_FLAG_LABELS, GL_REVIEW_FLAGS, type GlReview } from "../../../domain/glAccounts";
import { parsePeriod, type Period, type SignoffCheck } from "../../../domain/signoff";
import { SUSPENSE_TYPE_LABELS, type SuspenseAging } from "../../../domain/suspense";

export interface CountLine {
  readonly label: string;
  readonly count: number;
  readonly detail: string;
}

/** One line per flag that some account carries, with the accounts. */
export function glFlagLines(review: GlReview): CountLine[] {
  return GL_REVIEW_FLAGS.map((flag) => {
    const accounts = review.accounts.filter((a) => a.flags.includes(flag));
    return {
      label: GL_REVIEW_FLAG_LABELS[flag],
      count: accounts.length,
      detail: accounts.map((a) => a.account.account).join(", "),
    };
  }).filter((line) => line.count > 0);
}

/** Reviews done and missing by owner: "A. Ortiz: 2 of 3 done; missing 1030-100". */
export function ownerLines(review: GlReview): CountLine[] {
  return review.byOwner.map((tally) => ({
    label: tally.person === "" ? "(no owner)" : tally.person,
    count: tally.missing,
    detail:
      `${tally.reviewed} of ${tally.accounts} done` +
      (tally.missing > 0 ? `; missing ${tally.missingAccounts.join(", ")}` : ""),
  }));
}

export interface BucketLine {
  readonly label: string;
  readonly items: number;
  /** "DK fail 2, Other 1" */
  readonly byType: string;
}

/** Items per bucket (all currencies), with the types they are. */
export function bucketLines(aging: SuspenseAging): BucketLine[] {
  return aging.totals.buckets.map((bucket) => {
    const cells = aging.totals.cells.filter((cell) => cell.bucketIndex === bucket.index);
    const byType = new Map<string, number>();
    for (const cell of cells) {
      const label = SUSPENSE_TYPE_LABELS[cell.type];
      byType.set(label, (byType.get(label) ?? 0) + cell.itemCount);
    }
    return {
      label: bucket.label,
      items: cells.reduce((total, cell) => total + cell.itemCount, 0),
      byType: [...byType].map(([type, count]) => `${type} ${count}`).join(", "),
    };
  });
}

/** The 15c3-3a item 8 figure: credits and shorts in suspense over 30 calendar days. */
export function item8Text(aging: SuspenseAging): string {
  const { item8 } = aging.totals;
  const credits =
    item8.credits.length === 0
      ? "no credits"
      : item8.credits.map((c) => `${formatGroupedFixed(c.amount, 2)} ${c.currency}`).join(", ");
  return `${credits}; short quantity ${formatGrouped(item8.shortQuantity)} (${item8.itemCount} item${item8.itemCount === 1 ? "" : "s"})`;
}

/** "USD: debits 1,000.00, credits 250.00" per currency. */
export function currencyTotals(aging: SuspenseAging): string[] {
  return aging.totals.byCurrency.map(
    (t) =>
      `${t.currency}: ${t.itemCount} item${t.itemCount === 1 ? "" : "s"}, debits ${formatGroupedFixed(t.debitAmount, 2)}, credits ${formatGroupedFixed(t.creditAmount, 2)}`,
  );
}

/** The output sheets a sign-off can cover, in the order of the close. */
export const SIGNABLE_SHEETS: readonly string[] = [
  "Breaks",
  "Money Breaks",
  "Difference Account",
  "Difference Aging",
  "Notices",
  "GL Review",
  "Suspense Aging",
  "Suspense Buckets",
  "Close Summary",
];

/** The output sheets the workbook has, as it spells them. */
export function signableScopes(sheets: readonly string[]): string[] {
  return SIGNABLE_SHEETS.flatMap((wanted) => {
    const found = sheets.find((name) => name.toLowerCase() === wanted.toLowerCase());
    return found === undefined ? [] : [found];
  });
}

/** The month before `today`'s: the period a close in early November signs is October's. */
export function previousPeriod(today: string): string {
  const [year, month] = today.split("-").map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
}

export type SignoffField = "period" | "scope" | "name" | "comment";

export interface SignoffFormProblem {
  readonly field: SignoffField;
  readonly message: string;
}

/** The first thing the form lacks, or the period it names. */
export function checkSignoffForm(values: {
  readonly periodText: string;
  readonly scope: string;
  readonly name: string;
  readonly comment: string;
  readonly unlocking: boolean;
}): { ok: true; period: Period } | { ok: false; problem: SignoffFormProblem } {
  const period = parsePeriod(values.periodText);
  if (period === null)
    return { ok: false, problem: { field: "period", message: "Write the month as YYYY-MM." } };
  if (values.scope === "")
    return { ok: false, problem: { field: "scope", message: "Choose the sheet signed." } };
  if (values.name.trim() === "")
    return { ok: false, problem: { field: "name", message: "Type your name." } };
  if (values.unlocking && values.comment.trim() === "")
    return {
      ok: false,
      problem: {
        field: "comment",
        message: "An unlock needs a reason: say why the signed data must change.",
      },
    };
  return { ok: true, period };
}

export const CHECK_WORDS: Readonly<Record<SignoffCheck["status"], string>> = {
  valid: "Intact",
  broken: "Broken",
  superseded: "Superseded",
  recorded: "Unlock recorded",
};
