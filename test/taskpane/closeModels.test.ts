/**
 * The close's wording and choices in the pane, without React: the clock headline (the CLI's
 * words), the posting section's texts, the proposed resolutions, and the test and demo date hook.
 */
import { describe, expect, it } from "vitest";
import { parseDecimal, type Decimal } from "../../src/domain/decimal";
import type { LedgerEntry } from "../../src/domain/differenceLedger";
import type { IsoDate } from "../../src/domain/isoDate";
import { clockHeadline, longDate } from "../../src/workbook/clockHeadline";
import {
  postBlocker,
  resolutionChoices,
  timelinessText,
} from "../../src/taskpane/components/DifferencePosting/postingModel";
import { localIsoDate, todayParameter } from "../../src/taskpane/today";
import type { Clock } from "../../src/workbook/monthEndClose";

const date = (text: string) => text as IsoDate;

function decimal(text: string): Decimal {
  return parseDecimal(text)!;
}

function clock(overrides: Partial<Clock>): Clock {
  return {
    countDate: date("2026-11-30"),
    deadline: date("2026-12-08"),
    calendar: "nyse",
    businessDaysLeft: 3,
    unpostedCount: 4,
    overdue: false,
    ...overrides,
  };
}

function entry(entryId: string): LedgerEntry {
  return {
    entryId,
    securityKey: "037833100",
    securityId: "037833100",
    description: "",
    quantity: decimal("-5"),
    kind: "initial",
    countDate: date("2026-11-30"),
    source: "monthly_reconciliation",
    countReference: "Reconciliation as of 2026-11-30",
    postedOn: date("2026-12-03"),
    postedBy: "A. Preparer",
    deadline: date("2026-12-08"),
    onTime: true,
    businessDaysLate: 0,
    adjusts: null,
    reason: "",
  };
}

describe("the clock headline", () => {
  it("reads as the CLI's: differences left, the deadline, business days left", () => {
    expect(longDate(date("2026-12-08"))).toBe("Tue 8 Dec 2026");
    expect(clockHeadline({ clock: clock({}), posted: [] })).toEqual({
      intent: "warning",
      text: "4 differences unresolved — post by Tue 8 Dec 2026 (3 business days left)",
    });
    expect(
      clockHeadline({ clock: clock({ unpostedCount: 1, businessDaysLeft: 1 }), posted: [] }).text,
    ).toBe("1 difference unresolved — post by Tue 8 Dec 2026 (1 business day left)");
  });

  it("is an error once overdue", () => {
    expect(
      clockHeadline({
        clock: clock({ overdue: true, businessDaysLeft: -1, unpostedCount: 2 }),
        posted: [],
      }),
    ).toEqual({
      intent: "error",
      text: "OVERDUE: 2 differences unresolved — the deadline was Tue 8 Dec 2026 (1 business day ago). Post now.",
    });
  });

  it("says what was posted, or that there is nothing to post", () => {
    const done = clock({ unpostedCount: 0 });
    expect(clockHeadline({ clock: done, posted: [] })).toEqual({
      intent: "success",
      text: "Nothing to post for the count of 2026-11-30; deadline Tue 8 Dec 2026.",
    });
    expect(clockHeadline({ clock: done, posted: [entry("DA-000001")] }).text).toBe(
      "1 entry posted to the Difference account; deadline Tue 8 Dec 2026.",
    );
    expect(clockHeadline({ clock: null, posted: [] }).text).toMatch(/not a count/);
  });
});

describe("the posting section", () => {
  it("says late postings in business days", () => {
    expect(timelinessText({ onTime: true, businessDaysLate: 0 })).toBe("On time");
    expect(timelinessText({ onTime: false, businessDaysLate: 1 })).toBe("Late by 1 business day");
    expect(timelinessText({ onTime: false, businessDaysLate: 9 })).toBe("Late by 9 business days");
  });

  it("allows Post only with a name and something to post", () => {
    const plan = {
      countDate: date("2026-11-30"),
      deadline: date("2026-12-08"),
      postings: [entry("DA-000001")],
      proposedResolutions: [],
      unchanged: [],
    };
    const open = { clock: clock({}), plan, posted: [] };
    expect(postBlocker(open, "  ")).toMatch(/Type your name/);
    expect(postBlocker(open, "A. Preparer")).toBeNull();
    expect(postBlocker({ ...open, posted: plan.postings }, "A. Preparer")).toMatch(/^Posted/);
    expect(postBlocker({ ...open, plan: { ...plan, postings: [] } }, "A. Preparer")).toMatch(
      /^Nothing to post/,
    );
    expect(postBlocker({ ...open, clock: null }, "A. Preparer")).toMatch(/not a count/);
  });

  it("keeps a confirmed resolution in the list, checked, once the plan posts it", () => {
    const msft = { securityKey: "594918104", securityId: "594918104", openBalance: decimal("-50") };
    const aapl = { securityKey: "037833100", securityId: "037833100", openBalance: decimal("10") };
    expect(resolutionChoices([msft, aapl], [msft, aapl], new Set())).toEqual([
      { ...aapl, confirmed: false },
      { ...msft, confirmed: false },
    ]);
    expect(resolutionChoices([aapl], [msft, aapl], new Set(["594918104"]))).toEqual([
      { ...aapl, confirmed: false },
      { ...msft, confirmed: true },
    ]);
  });
});

describe("the pane's date", () => {
  it("is the local calendar date, not UTC's", () => {
    expect(localIsoDate(new Date(2026, 10, 4, 23, 30))).toBe("2026-11-04");
    expect(localIsoDate(new Date(2026, 0, 1, 0, 5))).toBe("2026-01-01");
  });

  it("can be fixed by ?today= (plain-browser test and demo hook), ignoring anything not a date", () => {
    expect(todayParameter("?today=2026-11-04")).toBe("2026-11-04");
    expect(todayParameter("?x=1&today=2026-02-30")).toBeNull();
    expect(todayParameter("?today=11/04/2026")).toBeNull();
    expect(todayParameter("")).toBeNull();
  });
});
