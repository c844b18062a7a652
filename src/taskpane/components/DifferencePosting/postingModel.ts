/**
 * What the "Post to Difference account" section shows, without React: the entries a Post would
 * append (exactly the plan's postings), or those just posted, and what stops a Post.
 */
import { abs, formatGrouped, sign, type Decimal } from "../../../domain/decimal";
import type { LedgerEntry, ProposedResolution } from "../../../domain/differenceLedger";
import type { CloseResult } from "../../../workbook/monthEndClose";

export interface ShownEntries {
  readonly entries: readonly LedgerEntry[];
  /** True when `entries` were just posted; false when they are what a Post would append. */
  readonly posted: boolean;
}

export function shownEntries(close: Pick<CloseResult, "plan" | "posted">): ShownEntries {
  if (close.posted.length > 0) return { entries: close.posted, posted: true };
  return { entries: close.plan?.postings ?? [], posted: false };
}

/** The entries a Post would append now: none once this result was itself posted. */
export function pendingEntries(
  close: Pick<CloseResult, "plan" | "posted">,
): readonly LedgerEntry[] {
  return close.posted.length > 0 ? [] : (close.plan?.postings ?? []);
}

export function directionWord(quantity: Decimal): "Long" | "Short" {
  return sign(quantity) < 0 ? "Short" : "Long";
}

/** The size of a quantity, grouped; Long/Short says which way. */
export function quantityText(quantity: Decimal): string {
  return formatGrouped(abs(quantity));
}

export function kindLabel(entry: Pick<LedgerEntry, "kind">): "Initial" | "Adjustment" {
  return entry.kind === "initial" ? "Initial" : "Adjustment";
}

/** "On time", "Late by 1 business day". */
export function timelinessText(entry: Pick<LedgerEntry, "onTime" | "businessDaysLate">): string {
  if (entry.onTime) return "On time";
  const days = entry.businessDaysLate;
  return `Late by ${days} business day${days === 1 ? "" : "s"}`;
}

/** Why Post cannot be pressed, or null when it can. */
export function postBlocker(
  close: Pick<CloseResult, "plan" | "posted" | "clock">,
  actor: string,
): string | null {
  if (close.clock === null)
    return "This workbook's reconciliation is not a count: nothing to post.";
  if (pendingEntries(close).length === 0) {
    return close.posted.length > 0
      ? "Posted. Reconcile again to see the account as it now stands."
      : "Nothing to post: the Difference account already holds every difference of this count.";
  }
  if (actor.trim() === "") return "Type your name in Posted by: it is recorded on every entry.";
  return null;
}

/** A difference the count no longer shows, with whether the user confirmed it resolved. */
export interface ResolutionChoice extends ProposedResolution {
  readonly confirmed: boolean;
}

/**
 * The proposed resolutions to offer: those the plan still proposes (unconfirmed) and those the
 * user confirmed, which the plan now posts as adjustments instead. `known` keeps the latter's
 * figures from when they were first proposed.
 */
export function resolutionChoices(
  proposed: readonly ProposedResolution[],
  known: readonly ProposedResolution[],
  confirmed: ReadonlySet<string>,
): ResolutionChoice[] {
  const byKey = new Map<string, ResolutionChoice>();
  for (const item of known) {
    if (confirmed.has(item.securityKey)) byKey.set(item.securityKey, { ...item, confirmed: true });
  }
  for (const item of proposed) byKey.set(item.securityKey, { ...item, confirmed: false });
  return [...byKey.values()].sort((a, b) =>
    a.securityId < b.securityId ? -1 : a.securityId > b.securityId ? 1 : 0,
  );
}
