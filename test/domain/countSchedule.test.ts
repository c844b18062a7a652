import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addMonths,
  countSchedule,
  cycleFindings,
  quarterEnd,
  quarterOf,
  windowAfter,
  type CountHeld,
} from "../../src/domain/countSchedule";
import { fromEpochDay, parseIsoDate, type IsoDate } from "../../src/domain/isoDate";

const d = (text: string): IsoDate => parseIsoDate(text)!;
const held = (date: string, cycle: string | null = null): CountHeld => ({
  countDate: d(date),
  cycle,
  sheet: `Count ${date}`,
});

describe("calendar months", () => {
  it("adds months on the same day, or the last day of a shorter month", () => {
    expect(addMonths(d("2026-09-30"), 2)).toBe("2026-11-30");
    expect(addMonths(d("2026-12-31"), 2)).toBe("2027-02-28");
    expect(addMonths(d("2027-12-30"), 2)).toBe("2028-02-29");
    expect(addMonths(d("2026-10-31"), 4)).toBe("2027-02-28");
    expect(addMonths(d("2026-03-15"), -3)).toBe("2025-12-15");
  });

  it("never moves a date backwards, and lands in the right month (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 7000, max: 25000 }),
        fc.integer({ min: 0, max: 60 }),
        (day, n) => {
          const date = fromEpochDay(day);
          const later = addMonths(date, n);
          expect(later >= date).toBe(true);
          const months =
            (Number(later.slice(0, 4)) - Number(date.slice(0, 4))) * 12 +
            Number(later.slice(5, 7)) -
            Number(date.slice(5, 7));
          expect(months).toBe(n);
          expect(Number(later.slice(8))).toBeLessThanOrEqual(Number(date.slice(8)));
        },
      ),
    );
  });

  it("names quarters and their last days", () => {
    expect(quarterOf(d("2026-01-01"))).toBe("2026-Q1");
    expect(quarterOf(d("2026-12-31"))).toBe("2026-Q4");
    expect(quarterEnd("2026-Q1")).toBe("2026-03-31");
    expect(quarterEnd("2028-Q1")).toBe("2028-03-31");
    expect(quarterEnd("2026-Q2")).toBe("2026-06-30");
  });
});

describe("the count schedule", () => {
  it("holds a count every quarter, each two to four months after the last, and shows the next window", () => {
    const schedule = countSchedule(
      [held("2026-03-31"), held("2026-06-30"), held("2026-09-30")],
      d("2026-11-15"),
    );
    expect(schedule.issues).toEqual([]);
    expect(schedule.spacings.map((s) => s.verdict)).toEqual(["in_window", "in_window"]);
    expect(schedule.quarters.map((q) => [q.quarter, q.countDates, q.missed, q.due])).toEqual([
      ["2026-Q1", ["2026-03-31"], false, false],
      ["2026-Q2", ["2026-06-30"], false, false],
      ["2026-Q3", ["2026-09-30"], false, false],
      ["2026-Q4", [], false, true],
    ]);
    expect(schedule.nextWindow).toEqual({
      after: "2026-09-30",
      earliest: "2026-11-30",
      latest: "2027-01-30",
    });
    expect(schedule.overdue).toBe(false);
  });

  it("takes both ends of the window as inside it, and a day beyond as outside", () => {
    const window = windowAfter(d("2026-09-30"));
    const verdict = (date: string) =>
      countSchedule([held("2026-09-30"), held(date)], d("2027-03-01")).spacings[0]!.verdict;
    expect(verdict(window.earliest)).toBe("in_window");
    expect(verdict(window.latest)).toBe("in_window");
    expect(verdict("2026-11-29")).toBe("too_soon");
    expect(verdict("2027-01-31")).toBe("too_late");
  });

  it("flags a count too soon and a count too late", () => {
    const soon = countSchedule([held("2026-09-30"), held("2026-10-30")], d("2026-11-01"));
    expect(soon.issues.map((i) => i.code)).toEqual(["count_must_not_be_too_soon"]);
    expect(soon.issues[0]!.message).toContain("earliest a count could follow it was 2026-11-30");
    const late = countSchedule([held("2026-03-31"), held("2026-08-31")], d("2026-09-01"));
    // Five months apart also skips the second quarter.
    expect(late.issues.map((i) => i.code)).toEqual([
      "count_must_not_be_too_late",
      "quarter_must_have_a_count",
    ]);
    expect(late.issues[0]!.message).toContain("it was due by 2026-07-31");
  });

  it("flags a missed quarter once it is over, and an overdue next count", () => {
    const schedule = countSchedule([held("2026-03-31"), held("2026-09-30")], d("2026-10-05"));
    expect(schedule.issues.map((i) => i.code)).toEqual([
      "count_must_not_be_too_late",
      "quarter_must_have_a_count",
    ]);
    expect(schedule.issues[1]!.message).toContain("2026-Q2");
    const overdue = countSchedule([held("2026-03-31")], d("2026-08-01"));
    expect(overdue.overdue).toBe(true);
    expect(overdue.issues.map((i) => i.code)).toEqual([
      "quarter_must_have_a_count",
      "count_must_not_be_overdue",
    ]);
  });

  it("treats a cycle as one count, dated by its first part", () => {
    const schedule = countSchedule(
      [held("2026-10-05", "2026-Q4"), held("2026-11-02", "2026-Q4"), held("2026-12-01", "2026-Q4")],
      d("2026-12-02"),
    );
    expect(schedule.spacings).toEqual([]);
    expect(schedule.nextWindow?.after).toBe("2026-10-05");
  });

  it("knows nothing is due before the first count", () => {
    const schedule = countSchedule([], d("2026-12-01"));
    expect(schedule.nextWindow).toBeNull();
    expect(schedule.quarters).toEqual([]);
  });
});

describe("cyclical counts", () => {
  it("flags a cycle that runs into a second quarter", () => {
    const issues = cycleFindings([held("2026-12-15", "C1"), held("2027-01-05", "C1")], []);
    expect(issues.map((i) => i.code)).toEqual(["cycle_must_fit_in_one_quarter"]);
  });

  it("flags a security recounted outside its own window", () => {
    const counted = (date: string) => ({
      securityKey: "037833100",
      securityId: "037833100",
      countDate: d(date),
      cycle: "C",
      sheet: `Count ${date}`,
    });
    expect(cycleFindings([], [counted("2026-07-01"), counted("2026-10-01")])).toEqual([]);
    const issues = cycleFindings([], [counted("2026-07-01"), counted("2026-08-15")]);
    expect(issues.map((i) => i.code)).toEqual(["security_recount_must_be_in_window"]);
    expect(issues[0]!.message).toContain("less than two months later");
  });
});
