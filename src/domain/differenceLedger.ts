/**
 * The Difference account (FINRA 4522(b)(2), SEA 17a-13(b)(5)): an append-only ledger of security
 * differences. After each count, every difference still unresolved is entered no later than seven
 * business days later; any later change is a new adjustment entry pointing at what it adjusts.
 * Nothing is edited or deleted.
 *
 * Per security, the difference a count observes is compared with the ledger's open balance and
 * only the change is posted: a difference carried from last month is never posted twice, and a
 * difference that disappeared is proposed for resolution, posted once the user confirms.
 */
import { add, compare, isZero, sign, subtract, sum, ZERO, type Decimal } from "./decimal";
import type { IsoDate } from "./isoDate";

export type EntryKind = "initial" | "adjustment";
export type DifferenceSource = "monthly_reconciliation" | "quarterly_count";

/** The calendar arithmetic the ledger needs; the chosen business-day calendar provides it. */
export interface BusinessCalendar {
  addBusinessDays(date: IsoDate, days: number): IsoDate;
  /** Business days d with from < d ≤ to (negative when to < from). */
  businessDaysBetween(from: IsoDate, to: IsoDate): number;
}

export const POSTING_DEADLINE_BUSINESS_DAYS = 7;

export interface LedgerEntry {
  /** "DA-000001": sequential, never reused. */
  readonly entryId: string;
  readonly securityKey: string;
  readonly securityId: string;
  readonly description: string;
  /** Signed: negative is a short difference, positive a long one. */
  readonly quantity: Decimal;
  readonly kind: EntryKind;
  /** The date of the count (or reconciliation) that disclosed this difference or change. */
  readonly countDate: IsoDate;
  readonly source: DifferenceSource;
  /** Which count or reconciliation: "Reconciliation as of 2026-10-30". */
  readonly countReference: string;
  readonly postedOn: IsoDate;
  readonly postedBy: string;
  /** countDate + 7 business days. */
  readonly deadline: IsoDate;
  readonly onTime: boolean;
  readonly businessDaysLate: number;
  /** The entry an adjustment adjusts (the security's latest entry before it). */
  readonly adjusts: string | null;
  readonly reason: string;
}

/** What one count observed for one security: statement (or count) − books, over all locations. */
export interface ObservedDifference {
  readonly securityKey: string;
  readonly securityId: string;
  readonly description: string;
  readonly quantity: Decimal;
}

export interface PostingContext {
  readonly countDate: IsoDate;
  readonly source: DifferenceSource;
  readonly countReference: string;
  /** The day the entries are posted (the user's today, read once at the edge). */
  readonly today: IsoDate;
  readonly actor: string;
  readonly calendar: BusinessCalendar;
  /** Securities whose disappeared difference the user confirmed as resolved. */
  readonly confirmedResolutions: ReadonlySet<string> | "all";
  readonly resolutionReason?: string;
  /**
   * The securities this count looked at, when it did not look at every one (a cyclical count of
   * some locations): an open balance of any other security is left alone, never proposed for
   * resolution because this count did not see it. Absent: every security was looked at.
   */
  readonly scope?: ReadonlySet<string>;
}

export interface ProposedResolution {
  readonly securityKey: string;
  readonly securityId: string;
  readonly openBalance: Decimal;
}

export interface PostingPlan {
  readonly countDate: IsoDate;
  readonly deadline: IsoDate;
  /** The entries to append, in order, with their ids already assigned. */
  readonly postings: readonly LedgerEntry[];
  /** Differences the count no longer shows, awaiting the user's confirmation. */
  readonly proposedResolutions: readonly ProposedResolution[];
  /** Securities whose open balance already equals what the count observed. */
  readonly unchanged: readonly string[];
}

export function deadlineFor(countDate: IsoDate, calendar: BusinessCalendar): IsoDate {
  return calendar.addBusinessDays(countDate, POSTING_DEADLINE_BUSINESS_DAYS);
}

/** Open balance per security: the sum of its entries. */
export function openBalances(ledger: readonly LedgerEntry[]): Map<string, Decimal> {
  const balances = new Map<string, Decimal>();
  for (const entry of ledger) {
    balances.set(entry.securityKey, add(balances.get(entry.securityKey) ?? ZERO, entry.quantity));
  }
  return balances;
}

function nextEntryNumber(ledger: readonly LedgerEntry[]): number {
  let highest = 0;
  for (const entry of ledger) {
    const number = Number(/^DA-(\d+)$/.exec(entry.entryId)?.[1] ?? 0);
    if (number > highest) highest = number;
  }
  return highest + 1;
}

export function entryId(number: number): string {
  return `DA-${String(number).padStart(6, "0")}`;
}

/**
 * The entries a count posts: for each security, observed − open balance, when not zero. The
 * ledger is not changed; the caller appends `postings` once the user agrees.
 *
 * Each source keeps its own balances: the monthly reconciliation observes the depositories'
 * statements, the quarterly count what is in the vault and out of possession elsewhere, so a
 * count that did not look at a security never proposes resolving what the reconciliation posted
 * (nor the reverse). Entry numbers run over the whole account.
 */
export function planPostings(
  ledger: readonly LedgerEntry[],
  observed: readonly ObservedDifference[],
  context: PostingContext,
): PostingPlan {
  const deadline = deadlineFor(context.countDate, context.calendar);
  const ofSource = ledger.filter((entry) => entry.source === context.source);
  const balances = openBalances(ofSource);
  const latest = new Map<string, LedgerEntry>();
  for (const entry of ofSource) latest.set(entry.securityKey, entry);
  const observedByKey = new Map<string, ObservedDifference>();
  for (const item of observed) {
    const earlier = observedByKey.get(item.securityKey);
    observedByKey.set(
      item.securityKey,
      earlier ? { ...earlier, quantity: add(earlier.quantity, item.quantity) } : item,
    );
  }
  const looked = context.scope;
  const balanceKeys = [...balances.keys()].filter((key) => looked === undefined || looked.has(key));
  const keys = [...new Set([...observedByKey.keys(), ...balanceKeys])].sort();
  const lateness = timeliness(context.today, deadline, context.calendar);
  const postings: LedgerEntry[] = [];
  const proposedResolutions: ProposedResolution[] = [];
  const unchanged: string[] = [];
  let number = nextEntryNumber(ledger);
  for (const key of keys) {
    const seen = observedByKey.get(key);
    const open = balances.get(key) ?? ZERO;
    const now = seen?.quantity ?? ZERO;
    const change = subtract(now, open);
    if (isZero(change)) {
      if (!isZero(open)) unchanged.push(key);
      continue;
    }
    const previous = latest.get(key);
    const disappeared = isZero(now);
    if (
      disappeared &&
      !(context.confirmedResolutions === "all" || context.confirmedResolutions.has(key))
    ) {
      proposedResolutions.push({
        securityKey: key,
        securityId: previous?.securityId ?? key,
        openBalance: open,
      });
      continue;
    }
    postings.push({
      entryId: entryId(number++),
      securityKey: key,
      securityId: seen?.securityId ?? previous!.securityId,
      description: seen?.description || previous?.description || "",
      quantity: change,
      kind: isZero(open) ? "initial" : "adjustment",
      countDate: context.countDate,
      source: context.source,
      countReference: context.countReference,
      postedOn: context.today,
      postedBy: context.actor,
      deadline,
      ...lateness,
      adjusts: isZero(open) ? null : (previous?.entryId ?? null),
      reason: reasonFor(open, now, context.resolutionReason),
    });
  }
  return { countDate: context.countDate, deadline, postings, proposedResolutions, unchanged };
}

function reasonFor(open: Decimal, now: Decimal, resolutionReason: string | undefined): string {
  if (isZero(open)) return "Unresolved difference disclosed by the count";
  if (isZero(now)) return `Resolved${resolutionReason ? `: ${resolutionReason}` : ""}`;
  return "The difference changed since it was posted";
}

/** Posting on the deadline (the 7th business day) is on time; the 8th is late. */
export function timeliness(
  postedOn: IsoDate,
  deadline: IsoDate,
  calendar: BusinessCalendar,
): { onTime: boolean; businessDaysLate: number } {
  const late = Math.max(0, calendar.businessDaysBetween(deadline, postedOn));
  return {
    onTime: postedOn <= deadline,
    businessDaysLate: postedOn <= deadline ? 0 : Math.max(1, late),
  };
}

/** A part of a security's open balance with the date it was discovered, for aging. */
export interface OpenLayer {
  readonly securityKey: string;
  readonly securityId: string;
  readonly description: string;
  /** Signed remaining quantity of this layer. */
  readonly quantity: Decimal;
  readonly discoveredOn: IsoDate;
  readonly entryId: string;
}

/**
 * Open balances as layers, oldest first: an entry in the balance's direction adds a layer dated by
 * its count; an entry against it consumes the oldest layers first (first in, first out).
 */
export function openLayers(ledger: readonly LedgerEntry[]): OpenLayer[] {
  const layersByKey = new Map<string, OpenLayer[]>();
  for (const entry of ledger) {
    const layers = layersByKey.get(entry.securityKey) ?? [];
    let remaining = entry.quantity;
    while (
      !isZero(remaining) &&
      layers.length > 0 &&
      sign(layers[0]!.quantity) !== sign(remaining)
    ) {
      const oldest = layers[0]!;
      const left = add(oldest.quantity, remaining);
      if (sign(left) === sign(oldest.quantity) && !isZero(left)) {
        layers[0] = { ...oldest, quantity: left };
        remaining = ZERO;
      } else {
        layers.shift();
        remaining = left;
      }
    }
    if (!isZero(remaining)) {
      layers.push({
        securityKey: entry.securityKey,
        securityId: entry.securityId,
        description: entry.description,
        quantity: remaining,
        discoveredOn: entry.countDate,
        entryId: entry.entryId,
      });
    }
    layersByKey.set(entry.securityKey, layers);
  }
  return [...layersByKey.values()]
    .flat()
    .sort((a, b) =>
      a.discoveredOn < b.discoveredOn
        ? -1
        : a.discoveredOn > b.discoveredOn
          ? 1
          : a.securityKey < b.securityKey
            ? -1
            : 1,
    );
}

/** Invariant: the layers of a security add up to its open balance. */
export function layersMatchBalances(ledger: readonly LedgerEntry[]): boolean {
  const balances = openBalances(ledger);
  const layers = openLayers(ledger);
  for (const [key, balance] of balances) {
    const total = sum(layers.filter((l) => l.securityKey === key).map((l) => l.quantity));
    if (compare(total, balance) !== 0) return false;
  }
  return true;
}
