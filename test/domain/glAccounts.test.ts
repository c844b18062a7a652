import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  GL_REVIEW_FLAGS,
  glReviewNeedsAction,
  isGlAccountsSheet,
  parseGlAccounts,
  personKey,
  reviewDueOnOrAfter,
  reviewFrequencyOf,
  reviewGlAccounts,
  titleSaysSuspense,
  type GlAccount,
  type GlReviewOptions,
} from "../../src/domain/glAccounts";
import { addDays, epochDay, excelSerialFromIsoDate, parseIsoDate } from "../../src/domain/isoDate";
import type { Row, SheetSnapshot } from "../../src/domain/sheet";

const date = (text: string) => parseIsoDate(text)!;
const AS_OF = date("2026-10-31");

const HEADER: Row = [
  "Account",
  "Account Name",
  "Primary Owner",
  "Supervisor",
  "Function",
  "Review Frequency",
  "Last Reviewed On",
  "Last Reviewed By",
  "Holds Suspense Items",
];

const register = (...rows: Row[]): SheetSnapshot => ({
  name: "GL Accounts",
  rows: [HEADER, ...rows],
});

/** A clean account row, with some cells replaced. */
function account(overrides: Partial<Record<string, string | number | boolean | null>> = {}): Row {
  const base: Record<string, string | number | boolean | null> = {
    account: "1010",
    name: "Cash - operating",
    owner: "Ana Ortiz",
    supervisor: "Ben Cole",
    function: "Cash",
    frequency: "Monthly",
    lastOn: "2026-10-15",
    lastBy: "Ben Cole",
    suspense: "No",
    ...overrides,
  };
  return [
    base.account!,
    base.name!,
    base.owner!,
    base.supervisor!,
    base.function!,
    base.frequency!,
    base.lastOn!,
    base.lastBy!,
    base.suspense!,
  ].map((cell) => cell ?? null);
}

const OPTIONS: GlReviewOptions = { asOf: AS_OF, sameOwnerAndSupervisorAllowed: false };

function reviewRows(rows: Row[], options: Partial<GlReviewOptions> = {}) {
  const parsed = parseGlAccounts(register(...rows));
  return { parsed, review: reviewGlAccounts(parsed.records, { ...OPTIONS, ...options }) };
}

function only(rows: Row[], options: Partial<GlReviewOptions> = {}) {
  const { review } = reviewRows(rows, options);
  expect(review.accounts).toHaveLength(1);
  return { account: review.accounts[0]!, review };
}

describe("reading the GL accounts register", () => {
  it("reads each column, below title rows, with synonyms for the headers", () => {
    const parsed = parseGlAccounts({
      name: "Ledger owners",
      rows: [
        ["Broker-Dealer Inc. — GL responsibility record (FINRA 4523(b))"],
        [],
        ["GL Account", "Title", "Owner", "Reviewer", "Frequency", "Reviewed On", "Reviewed By"],
        [10100, "Cash - operating", "Ana Ortiz", "Ben Cole", "weekly", 46310, "Ben Cole"],
      ],
    });
    expect(parsed.usable).toBe(true);
    expect(parsed.issues).toEqual([]);
    expect(parsed.records).toEqual([
      {
        account: "10100",
        name: "Cash - operating",
        primaryOwner: "Ana Ortiz",
        supervisor: "Ben Cole",
        function: "",
        reviewFrequency: "weekly",
        reviewFrequencyWritten: true,
        lastReviewedOn: "2026-10-15",
        lastReviewedBy: "Ben Cole",
        holdsSuspenseItems: false,
        source: { sheet: "Ledger owners", row: 4 },
        columns: {
          account: "A",
          name: "B",
          primaryOwner: "C",
          supervisor: "D",
          reviewFrequency: "E",
          lastReviewedOn: "F",
          lastReviewedBy: "G",
        },
      },
    ]);
    expect(excelSerialFromIsoDate(date("2026-10-15"))).toBe(46310);
  });

  it("recognises a register by its headers, and not a cash balance sheet", () => {
    expect(isGlAccountsSheet(register())).toBe(true);
    expect(isGlAccountsSheet({ name: "GL Cash", rows: [["Account", "Balance"]] })).toBe(false);
  });

  it("assumes monthly when no frequency is written, and reports words it does not know", () => {
    const { parsed } = reviewRows([
      account({ frequency: null }),
      account({ account: "1020", frequency: "Whenever" }),
    ]);
    expect(parsed.records.map((r) => [r.reviewFrequency, r.reviewFrequencyWritten])).toEqual([
      ["monthly", false],
      ["monthly", false],
    ]);
    expect(parsed.issues.map((i) => [i.code, i.severity, i.where])).toEqual([
      ["review_frequency_must_be_known", "warning", { sheet: "GL Accounts", row: 3, column: "F" }],
    ]);
  });

  it("knows the frequencies people write", () => {
    expect(reviewFrequencyOf("Month-end")).toBe("monthly");
    expect(reviewFrequencyOf("DAILY")).toBe("daily");
    expect(reviewFrequencyOf("every 2 weeks")).toBe("biweekly");
    expect(reviewFrequencyOf("Quarterly")).toBe("quarterly");
    expect(reviewFrequencyOf("Semi-annually")).toBe("semiannual");
    expect(reviewFrequencyOf("sometimes")).toBeNull();
  });

  it("reports a row without an account number, and a second row for one account", () => {
    const { parsed } = reviewRows([
      account(),
      account({ account: null, name: "Misc receivables" }),
      account({ owner: "Cy Dunn" }),
    ]);
    expect(parsed.records).toHaveLength(1);
    expect(parsed.records[0]!.primaryOwner).toBe("Ana Ortiz");
    expect(parsed.issues.map((i) => [i.code, i.where.row, i.where.column])).toEqual([
      ["gl_account_number_is_required", 3, "A"],
      ["gl_account_must_be_listed_once", 4, "A"],
    ]);
    expect(parsed.issues[0]!.message).toContain('"Misc receivables"');
  });

  it("reads an unreadable review date as no review, and says so", () => {
    const { parsed, review } = reviewRows([account({ lastOn: "last week" })]);
    expect(parsed.issues.map((i) => i.code)).toEqual(["last_reviewed_on_must_be_a_date"]);
    expect(review.accounts[0]!.status).toBe("never_reviewed");
  });

  it("wants both the date and the reviewer of a review", () => {
    const { parsed } = reviewRows([
      account({ lastBy: null }),
      account({ account: "1020", lastOn: null }),
    ]);
    expect(parsed.issues.map((i) => [i.code, i.where.row, i.where.column])).toEqual([
      ["last_review_needs_date_and_reviewer", 2, "H"],
      ["last_review_needs_date_and_reviewer", 3, "G"],
    ]);
  });

  it("reads Holds Suspense Items as Yes or No, and reports anything else", () => {
    const { parsed } = reviewRows([
      account({ suspense: "Y" }),
      account({ account: "1020", suspense: true }),
      account({ account: "1030", suspense: "maybe" }),
      account({ account: "1040", suspense: null }),
    ]);
    expect(parsed.records.map((r) => r.holdsSuspenseItems)).toEqual([true, true, false, false]);
    expect(parsed.issues.map((i) => i.code)).toEqual(["holds_suspense_items_must_be_yes_or_no"]);
  });

  it("cannot read an empty sheet or one without the required columns", () => {
    expect(parseGlAccounts({ name: "GL Accounts", rows: [] }).issues[0]!.code).toBe(
      "sheet_must_have_rows",
    );
    const partial = parseGlAccounts({
      name: "GL Accounts",
      rows: [
        ["Account", "Account Name", "Owner"],
        ["1010", "Cash", "Ana Ortiz"],
      ],
    });
    expect(partial.usable).toBe(false);
    expect(partial.issues[0]!.message).toContain("lacks a column for: supervisor");
  });

  it("reports a register with a header and no accounts, and one without review dates", () => {
    expect(parseGlAccounts(register()).issues.map((i) => i.code)).toEqual([
      "gl_accounts_register_must_list_accounts",
    ]);
    const noDates = parseGlAccounts({
      name: "GL Accounts",
      rows: [
        ["Account", "Account Name", "Owner", "Supervisor"],
        ["1010", "Cash", "Ana", "Ben"],
      ],
    });
    expect(noDates.issues.map((i) => i.code)).toEqual(["last_reviewed_on_column_is_required"]);
  });
});

describe("the monthly review boundary (calendar months)", () => {
  it("is the same day of the previous month, clamped to that month's last day", () => {
    expect(reviewDueOnOrAfter(date("2026-10-31"))).toBe("2026-09-30");
    expect(reviewDueOnOrAfter(date("2026-11-15"))).toBe("2026-10-15");
    expect(reviewDueOnOrAfter(date("2026-03-31"))).toBe("2026-02-28");
    expect(reviewDueOnOrAfter(date("2028-03-30"))).toBe("2028-02-29");
    expect(reviewDueOnOrAfter(date("2027-01-31"))).toBe("2026-12-31");
  });

  it("takes a review on the boundary day as current, and one day earlier as overdue", () => {
    const onBoundary = only([account({ lastOn: "2026-09-30" })]).account;
    expect(onBoundary.status).toBe("reviewed");
    expect(onBoundary.flags).toEqual([]);
    expect(onBoundary.daysSinceReview).toBe(31);
    const dayBefore = only([account({ lastOn: "2026-09-29" })]);
    expect(dayBefore.account.status).toBe("overdue");
    expect(dayBefore.account.flags).toEqual(["review_overdue"]);
    expect(dayBefore.review.issues[0]!.message).toBe(
      'GL account 1010 "Cash - operating" was last reviewed on 2026-09-29, 32 days before 2026-10-31; a review on or after 2026-09-30 is due.',
    );
  });

  it("is never more than 31 days back, and always in the previous month", () => {
    const dates = fc
      .integer({ min: epochDay(date("1990-02-01")), max: epochDay(date("2100-12-31")) })
      .map((day) => addDays(date("1970-01-01"), day));
    fc.assert(
      fc.property(dates, (asOf) => {
        const due = reviewDueOnOrAfter(asOf);
        const back = epochDay(asOf) - epochDay(due);
        const [year, month] = asOf.split("-").map(Number) as [number, number];
        const expected =
          month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
        return back >= 28 && back <= 31 && due.slice(0, 7) === expected;
      }),
    );
  });
});

describe("flags", () => {
  it("flags nothing on a clean account", () => {
    const { account: reviewed, review } = only([account()]);
    expect(reviewed.flags).toEqual([]);
    expect(reviewed.status).toBe("reviewed");
    expect(review.issues).toEqual([]);
    expect(glReviewNeedsAction(review, [])).toBe(false);
  });

  it("flags an account with no primary owner, and one with no supervisor", () => {
    const { review } = reviewRows([
      account({ owner: null }),
      account({ account: "1020", supervisor: "  " }),
    ]);
    expect(review.accounts.map((a) => a.flags)).toEqual([["no_primary_owner"], ["no_supervisor"]]);
    expect(review.issues.map((i) => [i.code, i.severity, i.where.column])).toEqual([
      ["gl_account_primary_owner_is_required", "warning", "C"],
      ["gl_account_supervisor_is_required", "warning", "D"],
    ]);
  });

  it("flags one person as owner and supervisor, however the name is written", () => {
    const { account: reviewed, review } = only([account({ supervisor: "ORTIZ, Ana" })]);
    expect(reviewed.flags).toEqual(["owner_is_supervisor"]);
    expect(review.issues[0]!.code).toBe("gl_account_owner_and_supervisor_must_differ");
    expect(personKey("Ana  Ortiz")).toBe(personKey("ortiz, ana"));
    expect(personKey("José Núñez")).toBe(personKey("Jose Nunez"));
  });

  it("notes rather than flags the same person when the firm has recorded its reason", () => {
    const { account: reviewed, review } = only([account({ supervisor: "Ana Ortiz" })], {
      sameOwnerAndSupervisorAllowed: { reason: "one associated person" },
    });
    expect(reviewed.flags).toEqual([]);
    expect(reviewed.notes[0]).toContain('because: "one associated person"');
    expect(review.issues.map((i) => [i.code, i.severity])).toEqual([
      ["owner_is_supervisor_by_recorded_reason", "info"],
    ]);
    expect(glReviewNeedsAction(review, [])).toBe(false);
  });

  it("refuses a blank reason: allowing the overlap needs the firm's recorded reason", () => {
    expect(() =>
      reviewGlAccounts([], { asOf: AS_OF, sameOwnerAndSupervisorAllowed: { reason: " " } }),
    ).toThrow(RangeError);
  });

  it("flags an account never reviewed as overdue", () => {
    const { account: reviewed, review } = only([account({ lastOn: null, lastBy: null })]);
    expect(reviewed.status).toBe("never_reviewed");
    expect(reviewed.daysSinceReview).toBeNull();
    expect(reviewed.flags).toEqual(["review_overdue"]);
    expect(review.issues[0]!.message).toContain("has no review recorded");
  });

  it("flags a frequency less often than monthly, whatever the last review", () => {
    const { account: reviewed } = only([account({ frequency: "Quarterly" })]);
    expect(reviewed.status).toBe("reviewed");
    expect(reviewed.flags).toEqual(["review_less_often_than_monthly"]);
    for (const frequency of ["Weekly", "Daily", "Monthly"]) {
      expect(only([account({ frequency })]).account.flags).toEqual([]);
    }
  });

  it("notes a review dated after the as-of date, and counts it", () => {
    const { account: reviewed, review } = only([account({ lastOn: "2026-11-02" })]);
    expect(reviewed.status).toBe("reviewed");
    expect(reviewed.daysSinceReview).toBe(-2);
    expect(review.issues.map((i) => [i.code, i.severity])).toEqual([
      ["last_review_is_after_as_of", "info"],
    ]);
    expect(reviewed.notes[0]).toContain("counted as this period's review");
    expect(glReviewNeedsAction(review, [])).toBe(false);
  });
});

describe("suspense in the title (4523(c))", () => {
  it('takes "suspense" as a word of the title', () => {
    expect(titleSaysSuspense("Suspense - DK fails")).toBe(true);
    expect(titleSaysSuspense("DK fails (SUSPENSE)")).toBe(true);
    expect(titleSaysSuspense("Fails suspense/unidentified")).toBe(true);
    expect(titleSaysSuspense("Unsuspended items")).toBe(false);
    expect(titleSaysSuspense("Suspenseful receivables")).toBe(false);
    expect(titleSaysSuspense("")).toBe(false);
  });

  it("flags an account holding suspense items whose name does not say so", () => {
    const { review } = reviewRows([
      account({ account: "2900", name: "Suspense - DK fails", suspense: "Yes" }),
      account({ account: "2910", name: "Unsuspended items", suspense: "Yes" }),
      account({ account: "2920", name: "Unsuspended items", suspense: "No" }),
    ]);
    expect(review.accounts.map((a) => a.flags)).toEqual([[], ["suspense_title_not_prominent"], []]);
    expect(review.issues[0]!.where).toEqual({ sheet: "GL Accounts", row: 3, column: "B" });
    expect(review.issues[0]!.message).toContain("its Holds Suspense Items cell says Yes");
  });

  it("takes the suspense register's accounts as holding suspense items too", () => {
    const { review } = reviewRows(
      [account({ account: "2910", name: "Fails to receive - unidentified", suspense: "No" })],
      { suspenseAccounts: new Set([" 2910", "2999"]) },
    );
    expect(review.accounts[0]!.holdsSuspenseItems).toBe(true);
    expect(review.accounts[0]!.flags).toEqual(["suspense_title_not_prominent"]);
    expect(review.issues.map((i) => [i.code, i.where])).toEqual([
      ["suspense_account_title_must_say_suspense", { sheet: "GL Accounts", row: 2, column: "B" }],
      ["suspense_account_must_be_in_gl_register", { sheet: "GL Accounts" }],
    ]);
    expect(review.issues[1]!.message).toContain("GL account 2999");
  });
});

describe("summaries", () => {
  it("counts each flag, and reviews done and missing by owner and by supervisor", () => {
    const { review } = reviewRows([
      account({ account: "1010" }),
      account({ account: "1020", lastOn: "2026-08-31" }),
      account({ account: "1030", owner: "Cy Dunn", lastOn: null, lastBy: null }),
      account({ account: "1040", owner: null, supervisor: "Di Eng" }),
    ]);
    expect(review.flagCounts).toEqual({
      no_primary_owner: 1,
      no_supervisor: 0,
      owner_is_supervisor: 0,
      review_overdue: 2,
      review_less_often_than_monthly: 0,
      suspense_title_not_prominent: 0,
    });
    expect(Object.keys(review.flagCounts)).toEqual(GL_REVIEW_FLAGS);
    expect(review.byOwner).toEqual([
      { person: "Ana Ortiz", accounts: 2, reviewed: 1, missing: 1, missingAccounts: ["1020"] },
      { person: "Cy Dunn", accounts: 1, reviewed: 0, missing: 1, missingAccounts: ["1030"] },
      { person: "", accounts: 1, reviewed: 1, missing: 0, missingAccounts: [] },
    ]);
    expect(review.bySupervisor).toEqual([
      {
        person: "Ben Cole",
        accounts: 3,
        reviewed: 1,
        missing: 2,
        missingAccounts: ["1020", "1030"],
      },
      { person: "Di Eng", accounts: 1, reviewed: 1, missing: 0, missingAccounts: [] },
    ]);
    expect(glReviewNeedsAction(review, [])).toBe(true);
  });

  it("needs action when a register row could not be reviewed, even with no flag", () => {
    const { parsed, review } = reviewRows([account(), account({ account: null })]);
    expect(review.accounts.every((a) => a.flags.length === 0)).toBe(true);
    expect(glReviewNeedsAction(review, parsed.issues)).toBe(true);
  });

  it("keeps the review pure: the same input gives the same output", () => {
    const rows = [account(), account({ account: "1020", owner: null })];
    const records: readonly GlAccount[] = parseGlAccounts(register(...rows)).records;
    expect(reviewGlAccounts(records, OPTIONS)).toEqual(reviewGlAccounts(records, OPTIONS));
  });
});
