import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ageLayers, agingTotals } from "../../src/domain/aging";
import { parseDecimal, toDecimalString, type Decimal } from "../../src/domain/decimal";
import {
  layersMatchBalances,
  openBalances,
  openLayers,
  planPostings,
  type BusinessCalendar,
  type LedgerEntry,
  type ObservedDifference,
  type PostingContext,
} from "../../src/domain/differenceLedger";
import { addDays, dayOfWeek, type IsoDate } from "../../src/domain/isoDate";

const d = (text: string): Decimal => parseDecimal(text)!;
const date = (text: string) => text as IsoDate;

/** Weekdays only: enough to test the ledger apart from holiday data. */
const weekdays: BusinessCalendar = {
  addBusinessDays(start, days) {
    let day = start;
    let left = Math.abs(days);
    while (left > 0) {
      day = addDays(day, Math.sign(days));
      if (dayOfWeek(day) !== 0 && dayOfWeek(day) !== 6) left -= 1;
    }
    return day;
  },
  businessDaysBetween(from, to) {
    if (to < from) return -this.businessDaysBetween(to, from);
    let count = 0;
    for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
      if (dayOfWeek(day) !== 0 && dayOfWeek(day) !== 6) count += 1;
    }
    return count;
  },
};

function context(
  countDate: string,
  today: string,
  overrides: Partial<PostingContext> = {},
): PostingContext {
  return {
    countDate: date(countDate),
    source: "monthly_reconciliation",
    countReference: `Reconciliation as of ${countDate}`,
    today: date(today),
    actor: "J. Accountant",
    calendar: weekdays,
    confirmedResolutions: new Set(),
    ...overrides,
  };
}

const seen = (securityKey: string, quantity: string): ObservedDifference => ({
  securityKey,
  securityId: securityKey,
  description: "",
  quantity: d(quantity),
});

function post(ledger: LedgerEntry[], observed: ObservedDifference[], ctx: PostingContext) {
  const plan = planPostings(ledger, observed, ctx);
  ledger.push(...plan.postings);
  return plan;
}

describe("the Difference account (FINRA 4522(b)(2))", () => {
  it("posts a new difference once, with its deadline and timeliness", () => {
    const ledger: LedgerEntry[] = [];
    const plan = post(
      ledger,
      [seen("037833100", "-100"), seen("594918104", "25")],
      context("2026-10-30", "2026-11-10"),
    );
    expect(plan.deadline).toBe("2026-11-10"); // Fri 30 Oct + 7 weekdays = Tue 10 Nov
    expect(
      plan.postings.map((p) => [
        p.entryId,
        p.securityKey,
        toDecimalString(p.quantity),
        p.kind,
        p.onTime,
      ]),
    ).toEqual([
      ["DA-000001", "037833100", "-100", "initial", true],
      ["DA-000002", "594918104", "25", "initial", true],
    ]);
    const again = planPostings(
      ledger,
      [seen("037833100", "-100"), seen("594918104", "25")],
      context("2026-10-30", "2026-11-12"),
    );
    expect(again.postings).toEqual([]);
    expect(again.unchanged).toEqual(["037833100", "594918104"]);
  });

  it("marks a posting on the 8th business day late", () => {
    const plan = planPostings([], [seen("037833100", "-1")], context("2026-10-30", "2026-11-11"));
    expect(plan.postings[0]).toMatchObject({ onTime: false, businessDaysLate: 1 });
  });

  it("carries, adjusts and resolves: only changes are posted", () => {
    const ledger: LedgerEntry[] = [];
    post(ledger, [seen("A", "-100")], context("2026-09-30", "2026-10-02"));
    post(ledger, [seen("A", "-100")], context("2026-10-30", "2026-11-02"));
    const changed = post(ledger, [seen("A", "-60")], context("2026-11-30", "2026-12-01"));
    expect(changed.postings.map((p) => [p.kind, toDecimalString(p.quantity), p.adjusts])).toEqual([
      ["adjustment", "40", "DA-000001"],
    ]);
    const gone = planPostings(ledger, [], context("2026-12-31", "2027-01-04"));
    expect(gone.postings).toEqual([]);
    expect(
      gone.proposedResolutions.map((r) => [r.securityKey, toDecimalString(r.openBalance)]),
    ).toEqual([["A", "-60"]]);
    const resolved = post(
      ledger,
      [],
      context("2026-12-31", "2027-01-04", {
        confirmedResolutions: new Set(["A"]),
        resolutionReason: "timing",
      }),
    );
    expect(resolved.postings.map((p) => [p.kind, toDecimalString(p.quantity), p.reason])).toEqual([
      ["adjustment", "60", "Resolved: timing"],
    ]);
    expect(toDecimalString(openBalances(ledger).get("A")!)).toBe("0");
  });

  it("ages open layers first in, first out and deducts shorts on the 15c3-1 schedule", () => {
    const ledger: LedgerEntry[] = [];
    post(ledger, [seen("A", "-100")], context("2026-09-30", "2026-10-01"));
    post(ledger, [seen("A", "-150"), seen("B", "10")], context("2026-10-30", "2026-11-02"));
    post(ledger, [seen("A", "-120"), seen("B", "10")], context("2026-11-30", "2026-12-01"));
    const layers = openLayers(ledger);
    expect(layers.map((l) => [l.securityKey, toDecimalString(l.quantity), l.discoveredOn])).toEqual(
      [
        ["A", "-70", "2026-09-30"],
        ["A", "-50", "2026-10-30"],
        ["B", "10", "2026-10-30"],
      ],
    );
    const aged = ageLayers(layers, date("2026-11-13"), weekdays, (key) =>
      key === "A" ? d("12.345") : null,
    );
    expect(
      aged.map((a) => [
        a.ageBusinessDays,
        a.deductionPercent,
        a.marketValue && toDecimalString(a.marketValue),
        a.deduction && toDecimalString(a.deduction),
        a.reserveItem7,
      ]),
    ).toEqual([
      [32, 100, "864.15", "864.15", true],
      [10, 25, "617.25", "154.31", false],
      [10, 0, null, null, false],
    ]);
    expect(toDecimalString(agingTotals(aged).deduction)).toBe("1018.46");
  });

  it("keeps the open balance equal to the last observed difference over random month-ends, posting no count twice", () => {
    const month = fc.array(
      fc.tuple(fc.constantFrom("A", "B", "C"), fc.integer({ min: -500, max: 500 })),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(
        fc.array(month, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (months, rerun) => {
          const ledger: LedgerEntry[] = [];
          let count = date("2026-01-30");
          let last = new Map<string, number>();
          for (const observations of months) {
            const observed = new Map<string, number>();
            for (const [key, quantity] of observations) observed.set(key, quantity);
            const differences = [...observed].map(([key, quantity]) => seen(key, String(quantity)));
            const ctx = context(count, weekdays.addBusinessDays(count, 3), {
              confirmedResolutions: "all",
            });
            post(ledger, differences, ctx);
            if (rerun) expect(planPostings(ledger, differences, ctx).postings).toEqual([]);
            last = observed;
            count = addDays(count, 35);
          }
          const balances = openBalances(ledger);
          for (const key of ["A", "B", "C"]) {
            expect(toDecimalString(balances.get(key) ?? d("0"))).toBe(String(last.get(key) ?? 0));
          }
          const initialCounts = ledger
            .filter((e) => e.kind === "initial")
            .map((e) => `${e.securityKey}@${e.countDate}`);
          expect(new Set(initialCounts).size).toBe(initialCounts.length);
          const perCount = ledger.map((e) => `${e.securityKey}@${e.countDate}`);
          expect(new Set(perCount).size).toBe(perCount.length);
          expect(layersMatchBalances(ledger)).toBe(true);
          expect(new Set(ledger.map((e) => e.entryId)).size).toBe(ledger.length);
        },
      ),
    );
  });
});
