/**
 * The suspense register (FINRA Rule 4523(c)) read, aged and totalled: every type word, the sign
 * conventions, each problem of the register, bucket boundaries to the day, each flag, 15c3-3a
 * item 8 (credits and shorts only), and money breaks proposed for transfer at N business days.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addBusinessDays, businessDaysBetween } from "../../src/domain/calendars";
import {
  add,
  parseDecimal,
  subtract,
  toDecimalString,
  ZERO,
  type Decimal,
} from "../../src/domain/decimal";
import type { BusinessCalendar } from "../../src/domain/differenceLedger";
import {
  addDays,
  excelSerialFromIsoDate,
  parseIsoDate,
  type IsoDate,
} from "../../src/domain/isoDate";
import type { MoneyBreak } from "../../src/domain/money";
import type { CellValue, Row, SheetSnapshot } from "../../src/domain/sheet";
import {
  ageSuspense,
  bucketFor,
  parseSuspenseItems,
  proposeSuspenseTransfers,
  SUSPENSE_TRANSFER_AFTER_BUSINESS_DAYS,
  SUSPENSE_TYPES,
  suspenseBuckets,
  suspenseTypeOf,
  type SuspenseItem,
  type SuspenseType,
} from "../../src/domain/suspense";

const date = (text: string): IsoDate => parseIsoDate(text)!;
const decimal = (text: string): Decimal => parseDecimal(text)!;
const text = (value: Decimal | null): string | null =>
  value === null ? null : toDecimalString(value);

const NYSE: BusinessCalendar = {
  addBusinessDays: (from, days) => addBusinessDays("nyse", from, days),
  businessDaysBetween: (from, to) => businessDaysBetween("nyse", from, to),
};

/** Friday 2026-10-30, a month-end. */
const AS_OF = date("2026-10-30");

const HEADER: Row = [
  "Item ID",
  "GL Account",
  "Type",
  "Opened On",
  "Amount",
  "Debit/Credit",
  "Quantity",
  "Long/Short",
  "Owner",
  "Last Research Note On",
  "Status",
  "Resolved On",
];

type Field = (typeof HEADER)[number] & string;

/** A register row: a fresh, owned, researched debit of 100.00 unless changed. */
function item(changes: Partial<Record<Field, CellValue>> = {}): Row {
  const valid: Record<string, CellValue> = {
    "Item ID": "S-1",
    "GL Account": "2900",
    Type: "DK fail",
    "Opened On": "2026-10-28",
    Amount: "100.00",
    "Debit/Credit": "Debit",
    Quantity: null,
    "Long/Short": null,
    Owner: "J. Researcher",
    "Last Research Note On": "2026-10-29",
    Status: "Open",
    "Resolved On": null,
  };
  return HEADER.map((header) =>
    changes[header as Field] !== undefined ? changes[header as Field]! : valid[header as string]!,
  );
}

const register = (...rows: Row[]): SheetSnapshot => ({
  name: "Suspense Items",
  rows: [HEADER, ...rows],
});

function parseOne(changes: Partial<Record<Field, CellValue>>) {
  return parseSuspenseItems(register(item(changes)));
}

function codes(issues: readonly { code: string }[]): string[] {
  return issues.map((issue) => issue.code);
}

/** An open item opened `ageCalendarDays` before AS_OF. */
function openItem(ageCalendarDays: number, overrides: Partial<SuspenseItem> = {}): SuspenseItem {
  return {
    itemId: `S-${ageCalendarDays}`,
    glAccount: "2900",
    type: "dk_fail",
    openedOn: addDays(AS_OF, -ageCalendarDays),
    amount: decimal("100"),
    quantity: null,
    currency: "USD",
    securityId: "",
    description: "",
    knownFacts: "",
    owner: "J. Researcher",
    lastResearchNoteOn: AS_OF,
    status: "open",
    resolvedOn: null,
    source: { sheet: "Suspense Items", row: 2 },
    columns: { itemId: "A", openedOn: "D", owner: "I", lastResearchNoteOn: "J" },
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------

describe("suspense types: the words people write", () => {
  const cases: readonly [string, SuspenseType][] = [
    ["DK", "dk_fail"],
    ["DK fail", "dk_fail"],
    ["DK'd trade", "dk_fail"],
    ["Don't know", "dk_fail"],
    ["DON\u2019T KNOW", "dk_fail"],
    ["dk_fail", "dk_fail"],
    ["DK suspense", "dk_fail"],
    ["Unidentified fail", "unidentified_fail"],
    ["Unidentified", "unidentified_fail"],
    ["Unallocable receipt versus payment", "unallocable_receipt_versus_payment"],
    ["Unallocable receipt vs. payment", "unallocable_receipt_versus_payment"],
    ["Unallocable RVP", "unallocable_receipt_versus_payment"],
    ["Returned delivery", "returned_delivery"],
    ["Suspense - returned deliveries", "returned_delivery"],
    ["Reclaim", "returned_delivery"],
    ["Doubtful ownership", "doubtful_ownership"],
    ["Doubtful collectibility", "doubtful_collectibility"],
    ["Doubtful collectability", "doubtful_collectibility"],
    ["Uncollectible", "doubtful_collectibility"],
    ["Doubtful deliverability", "doubtful_deliverability"],
    ["Undeliverable", "doubtful_deliverability"],
    ["Other", "other"],
    ["Misc.", "other"],
  ];
  it.each(cases)("reads %j as %s", (word, type) => {
    expect(suspenseTypeOf(word)).toBe(type);
  });

  it("knows the code of every type", () => {
    for (const type of SUSPENSE_TYPES) expect(suspenseTypeOf(type)).toBe(type);
  });

  it("does not guess at words it does not know", () => {
    expect(suspenseTypeOf("Fail")).toBeNull();
    expect(suspenseTypeOf("Suspense")).toBeNull();
  });
});

describe("parseSuspenseItems", () => {
  it("reads a register row into an item, keeping where it came from", () => {
    const parsed = parseSuspenseItems(
      register(item({ "Opened On": excelSerialFromIsoDate(date("2026-10-20")) })),
    );
    expect(parsed.usable).toBe(true);
    expect(parsed.issues).toEqual([]);
    const [record] = parsed.records;
    expect(record).toMatchObject({
      itemId: "S-1",
      glAccount: "2900",
      type: "dk_fail",
      openedOn: "2026-10-20",
      currency: "USD",
      owner: "J. Researcher",
      lastResearchNoteOn: "2026-10-29",
      status: "open",
      source: { sheet: "Suspense Items", row: 2 },
    });
    expect(text(record!.amount)).toBe("100");
    expect(record!.columns.openedOn).toBe("D");
  });

  it("keeps amounts debit positive, credit negative, and quantities long positive, short negative", () => {
    const parsed = parseSuspenseItems(
      register(
        item({ "Item ID": "S-1", Amount: "1,250.00", "Debit/Credit": "Cr" }),
        item({ "Item ID": "S-2", Amount: 75, "Debit/Credit": "Dr" }),
        item({ "Item ID": "S-3", Amount: null, Quantity: 300, "Long/Short": "Short" }),
        item({ "Item ID": "S-4", Amount: null, Quantity: "(40)", "Long/Short": "Short" }),
        item({ "Item ID": "S-5", Amount: -20, "Debit/Credit": null, Quantity: -5 }),
      ),
    );
    expect(parsed.issues).toEqual([]);
    expect(parsed.records.map((r) => [r.itemId, text(r.amount), text(r.quantity)])).toEqual([
      ["S-1", "-1250", null],
      ["S-2", "75", null],
      ["S-3", null, "-300"],
      ["S-4", null, "-40"],
      ["S-5", "-20", "-5"],
    ]);
  });

  it("reads a signed register without side columns: negative amounts are credits", () => {
    const parsed = parseSuspenseItems({
      name: "Suspense",
      rows: [
        ["Suspense Register as of 10/30/2026"],
        [],
        ["Item", "Account", "Reason", "Date Opened", "Amount", "Currency"],
        ["A-7", "2910", "Returned", "10/01/2026", "(500.25)", "eur"],
      ],
    });
    expect(parsed.issues).toEqual([]);
    expect(parsed.records[0]).toMatchObject({
      itemId: "A-7",
      type: "returned_delivery",
      openedOn: "2026-10-01",
      currency: "EUR",
    });
    expect(text(parsed.records[0]!.amount)).toBe("-500.25");
  });

  it("takes the side word over a contradicting sign, and says so", () => {
    const parsed = parseOne({ Amount: -100, "Debit/Credit": "Debit" });
    expect(codes(parsed.issues)).toEqual(["sign_must_match_side"]);
    expect(text(parsed.records[0]!.amount)).toBe("100");
  });

  it("ages an unknown or blank type as Other, and reports it", () => {
    const parsed = parseSuspenseItems(
      register(item({ Type: "Fail" }), item({ "Item ID": "S-2", Type: null })),
    );
    expect(codes(parsed.issues)).toEqual([
      "suspense_type_must_be_known",
      "suspense_type_is_required",
    ]);
    expect(parsed.records.map((r) => r.type)).toEqual(["other", "other"]);
  });

  it("leaves out, and reports, an item whose opened date is missing, not a date or out of range", () => {
    const parsed = parseSuspenseItems(
      register(
        item({ "Opened On": null }),
        item({ "Item ID": "S-2", "Opened On": "sometime in May" }),
        item({ "Item ID": "S-3", "Opened On": "1985-06-30" }),
      ),
    );
    expect(codes(parsed.issues)).toEqual([
      "opened_on_is_required",
      "opened_on_must_be_a_date",
      "opened_on_must_be_within_calendar_years",
    ]);
    expect(parsed.records).toEqual([]);
    expect(parsed.issues.map((i) => i.where)).toEqual([
      { sheet: "Suspense Items", row: 2, column: "D" },
      { sheet: "Suspense Items", row: 3, column: "D" },
      { sheet: "Suspense Items", row: 4, column: "D" },
    ]);
  });

  it("reports an item with neither amount nor quantity, and still ages it", () => {
    const parsed = parseOne({ Amount: null, "Debit/Credit": null });
    expect(codes(parsed.issues)).toEqual(["suspense_amount_or_quantity_is_required"]);
    expect(parsed.records).toHaveLength(1);
  });

  it("reports unreadable amounts, quantities and sides", () => {
    const parsed = parseSuspenseItems(
      register(
        item({ Amount: "12O.00" }),
        item({ "Item ID": "S-2", Amount: null, Quantity: "lots", "Debit/Credit": null }),
        item({ "Item ID": "S-3", "Debit/Credit": "Owed" }),
        item({ "Item ID": "S-4", Quantity: 5, "Long/Short": "Flat" }),
      ),
    );
    expect(codes(parsed.issues)).toEqual([
      "suspense_amount_must_be_a_number",
      "suspense_quantity_must_be_a_number",
      "debit_credit_must_be_known",
      "long_short_must_be_known",
    ]);
    expect(parsed.records).toHaveLength(4);
  });

  it("keeps both rows of a repeated item id and reports the later one", () => {
    const parsed = parseSuspenseItems(register(item(), item({ "Item ID": " s-1 " })));
    expect(parsed.records).toHaveLength(2);
    expect(parsed.issues).toEqual([
      expect.objectContaining({
        code: "suspense_item_id_must_be_unique",
        severity: "error",
        where: { sheet: "Suspense Items", row: 3, column: "A" },
      }),
    ]);
  });

  it("reports a row without an item id or GL account and still ages it", () => {
    const parsed = parseSuspenseItems(register(item({ "Item ID": null, "GL Account": " " })));
    expect(codes(parsed.issues)).toEqual([
      "suspense_item_id_is_required",
      "suspense_gl_account_is_required",
    ]);
    expect(parsed.records).toHaveLength(1);
  });

  it("skips total rows, but not an id that merely starts with TOTAL", () => {
    const parsed = parseSuspenseItems(
      register(
        item({ "Item ID": "TOTAL-001" }),
        [null, null, null, null, "Total", 100],
        item({ "Item ID": "Grand total", Type: null, "Opened On": null }),
      ),
    );
    expect(parsed.records.map((r) => r.itemId)).toEqual(["TOTAL-001"]);
    expect(codes(parsed.issues)).toEqual([
      "total_row_is_not_a_suspense_item",
      "total_row_is_not_a_suspense_item",
    ]);
  });

  it("reads statuses: unknown is open (and reported), a resolved date alone resolves", () => {
    const parsed = parseSuspenseItems(
      register(
        item({ Status: "Closed", "Resolved On": "2026-10-29" }),
        item({ "Item ID": "S-2", Status: "Parked" }),
        item({ "Item ID": "S-3", Status: null, "Resolved On": "2026-10-29" }),
        item({ "Item ID": "S-4", Status: "Resolved" }),
        item({ "Item ID": "S-5", "Resolved On": "yesterday" }),
        item({ "Item ID": "S-6", "Last Research Note On": "last week" }),
      ),
    );
    expect(parsed.records.map((r) => [r.itemId, r.status, r.resolvedOn])).toEqual([
      ["S-1", "resolved", "2026-10-29"],
      ["S-2", "open", null],
      ["S-3", "resolved", "2026-10-29"],
      ["S-4", "resolved", null],
      ["S-5", "open", null],
      ["S-6", "open", null],
    ]);
    expect(parsed.issues.map((i) => [i.code, i.severity, i.where.row])).toEqual([
      ["suspense_status_must_be_known", "error", 3],
      ["resolved_on_is_required", "warning", 5],
      ["resolved_on_must_be_a_date", "error", 6],
      ["last_research_note_on_must_be_a_date", "warning", 7],
    ]);
  });

  it("cannot use a sheet that is empty, has no header, or no amount and no quantity column", () => {
    expect(codes(parseSuspenseItems({ name: "S", rows: [[null]] }).issues)).toEqual([
      "sheet_must_have_rows",
    ]);
    const noHeader = parseSuspenseItems({ name: "S", rows: [["Item ID", "Type", "Amount"]] });
    expect(noHeader.usable).toBe(false);
    expect(noHeader.issues[0]!.message).toContain("GL account, opened date");
    const noValue = parseSuspenseItems({
      name: "S",
      rows: [["Item ID", "GL Account", "Type", "Opened On"]],
    });
    expect([noValue.usable, codes(noValue.issues)]).toEqual([
      false,
      ["suspense_amount_or_quantity_column_is_required"],
    ]);
  });

  it("reports a second column for a field and a currency that is not a code", () => {
    const parsed = parseSuspenseItems({
      name: "S",
      rows: [
        ["Item ID", "GL Account", "Type", "Opened On", "Amount", "Currency", "Notes", "Comments"],
        ["S-1", "2900", "DK", "2026-10-01", 5, "US Dollars", "first", "second"],
      ],
    });
    expect(codes(parsed.issues)).toEqual([
      "column_is_named_twice",
      "currency_must_be_a_three_letter_code",
    ]);
    expect(parsed.records[0]!.knownFacts).toBe("first");
  });
});

// ---------------------------------------------------------------------------------------------

describe("buckets", () => {
  const boundaries: readonly [number, string][] = [
    [0, "0–7"],
    [7, "0–7"],
    [8, "8–15"],
    [15, "8–15"],
    [16, "16–30"],
    [30, "16–30"],
    [31, "31–60"],
    [60, "31–60"],
    [61, "61–90"],
    [90, "61–90"],
    [91, "Over 90"],
    [4000, "Over 90"],
  ];
  it.each(boundaries)("puts an item %i calendar days old in %s", (age, label) => {
    const aging = ageSuspense([openItem(age)], { asOf: AS_OF, calendar: NYSE });
    expect(aging.items[0]!.ageCalendarDays).toBe(age);
    expect(aging.items[0]!.bucket.label).toBe(label);
  });

  it("takes the buckets as a list of upper bounds", () => {
    expect(suspenseBuckets([0, 10, 20]).map((b) => [b.label, b.fromDays, b.toDays])).toEqual([
      ["0", 0, 0],
      ["1–10", 1, 10],
      ["11–20", 11, 20],
      ["Over 20", 21, null],
    ]);
    const aging = ageSuspense([openItem(10), openItem(11), openItem(21)], {
      asOf: AS_OF,
      calendar: NYSE,
      buckets: [10, 20],
    });
    expect(aging.items.map((i) => i.bucket.label)).toEqual(["Over 20", "11–20", "0–10"]);
  });

  it("refuses bounds that do not rise (a programmer error; the CLI checks first)", () => {
    expect(() => suspenseBuckets([])).toThrow(RangeError);
    expect(() => suspenseBuckets([30, 30])).toThrow(RangeError);
    expect(() => suspenseBuckets([7, 1.5])).toThrow(RangeError);
    expect(() => suspenseBuckets([-1])).toThrow(RangeError);
  });
});

describe("ageSuspense", () => {
  it("ages in calendar days and in business days on the calendar", () => {
    // Fri 2026-11-20 to Wed 2026-12-02: 12 calendar days, 7 NYSE business days (Thanksgiving).
    const aging = ageSuspense([openItem(0, { openedOn: date("2026-11-20") })], {
      asOf: date("2026-12-02"),
      calendar: NYSE,
    });
    expect([aging.items[0]!.ageCalendarDays, aging.items[0]!.ageBusinessDays]).toEqual([12, 7]);
  });

  it("ages only items open on the as-of date: a later resolution still counts, a later opening not", () => {
    const aging = ageSuspense(
      [
        openItem(5, {
          itemId: "resolved-later",
          status: "resolved",
          resolvedOn: date("2026-11-02"),
        }),
        openItem(5, { itemId: "resolved-before", status: "resolved", resolvedOn: AS_OF }),
        openItem(5, { itemId: "resolved-undated", status: "resolved", resolvedOn: null }),
        openItem(0, { itemId: "opened-later", openedOn: date("2026-11-02") }),
      ],
      { asOf: AS_OF, calendar: NYSE },
    );
    expect(aging.items.map((i) => i.itemId)).toEqual(["resolved-later"]);
    expect(aging.issues.map((i) => [i.code, i.severity])).toEqual([
      ["suspense_item_opened_after_as_of", "info"],
    ]);
  });

  it("flags an item over 30 calendar days (31, not 30) and over the firm threshold", () => {
    const aging = ageSuspense([openItem(30), openItem(31)], {
      asOf: AS_OF,
      calendar: NYSE,
      firmThresholdCalendarDays: 30,
    });
    expect(aging.items.map((i) => [i.ageCalendarDays, i.flags])).toEqual([
      [31, ["over_30_calendar_days", "over_firm_threshold"]],
      [30, []],
    ]);
  });

  it("flags the firm threshold on its own when it is shorter than 30", () => {
    const aging = ageSuspense([openItem(15), openItem(16)], {
      asOf: AS_OF,
      calendar: NYSE,
      firmThresholdCalendarDays: 15,
    });
    expect(aging.items.map((i) => i.flags)).toEqual([["over_firm_threshold"], []]);
    expect(aging.issues).toEqual([
      expect.objectContaining({
        code: "suspense_item_over_firm_threshold",
        severity: "warning",
        where: { sheet: "Suspense Items", row: 2, column: "D" },
      }),
    ]);
  });

  it("flags an item without an owner, at the owner cell", () => {
    const aging = ageSuspense([openItem(1, { owner: "" })], { asOf: AS_OF, calendar: NYSE });
    expect(aging.items[0]!.flags).toEqual(["no_owner"]);
    expect(aging.issues[0]).toMatchObject({
      code: "suspense_item_has_no_owner",
      where: { sheet: "Suspense Items", row: 2, column: "I" },
    });
  });

  it("flags no research note for more than N days, counting from the opening when there is none", () => {
    const noteOn = (days: number) => addDays(AS_OF, -days);
    const aging = ageSuspense(
      [
        openItem(20, { itemId: "noted-10", lastResearchNoteOn: noteOn(10) }),
        openItem(20, { itemId: "noted-11", lastResearchNoteOn: noteOn(11) }),
        openItem(10, { itemId: "new-10", lastResearchNoteOn: null }),
        openItem(11, { itemId: "new-11", lastResearchNoteOn: null }),
      ],
      { asOf: AS_OF, calendar: NYSE },
    );
    const flagged = aging.items.filter((i) => i.flags.includes("no_recent_research_note"));
    expect(flagged.map((i) => [i.itemId, i.daysSinceResearchNote])).toEqual([
      ["noted-11", 11],
      ["new-11", 11],
    ]);
    const custom = ageSuspense([openItem(20, { lastResearchNoteOn: noteOn(4) })], {
      asOf: AS_OF,
      calendar: NYSE,
      researchNoteMaxDays: 3,
    });
    expect(custom.items[0]!.flags).toEqual(["no_recent_research_note"]);
  });

  it("counts in 15c3-3a item 8 only credits and shorts over 30 calendar days, gross", () => {
    const aging = ageSuspense(
      [
        openItem(45, { itemId: "credit", amount: decimal("-1250.50") }),
        openItem(45, { itemId: "debit", amount: decimal("900") }),
        openItem(45, { itemId: "short", amount: null, quantity: decimal("-300") }),
        openItem(45, { itemId: "long", amount: null, quantity: decimal("200") }),
        // A credit with a long: the long does not offset the credit.
        openItem(45, { itemId: "credit+long", amount: decimal("-10"), quantity: decimal("50") }),
        openItem(45, { itemId: "eur", amount: decimal("-7"), currency: "EUR" }),
        openItem(30, { itemId: "young credit", amount: decimal("-99") }),
      ],
      { asOf: AS_OF, calendar: NYSE },
    );
    expect(aging.items.filter((i) => i.reserveItem8).map((i) => i.itemId)).toEqual([
      "credit",
      "credit+long",
      "eur",
      "short",
    ]);
    const { item8 } = aging.totals;
    expect(item8.credits.map((c) => [c.currency, text(c.amount)])).toEqual([
      ["EUR", "7"],
      ["USD", "1260.5"],
    ]);
    expect([text(item8.shortQuantity), item8.itemCount]).toEqual(["300", 4]);
  });

  it("says in the over-30 warning whether the item counts in item 8", () => {
    const aging = ageSuspense(
      [
        openItem(45, { itemId: "C-1", amount: decimal("-1250") }),
        openItem(40, { itemId: "D-1", amount: decimal("80") }),
      ],
      { asOf: AS_OF, calendar: NYSE, firmThresholdCalendarDays: 60 },
    );
    expect(aging.issues.map((i) => i.message)).toEqual([
      "Suspense item C-1 (DK fail, GL 2900) was opened on 2026-09-15 and is 45 calendar days old, over 30: 15c3-3a item 8 counts its credit of 1,250.00 USD.",
      "Suspense item D-1 (DK fail, GL 2900) was opened on 2026-09-20 and is 40 calendar days old, over 30; it holds a debit of 80.00 USD, so nothing of it counts in 15c3-3a item 8.",
    ]);
  });

  it("totals by type, currency and bucket exactly", () => {
    const aging = ageSuspense(
      [
        openItem(3, { itemId: "a", amount: decimal("0.1") }),
        openItem(4, { itemId: "b", amount: decimal("0.2") }),
        openItem(5, { itemId: "c", amount: decimal("-0.3") }),
        openItem(40, { itemId: "d", type: "returned_delivery", quantity: decimal("-10") }),
      ],
      { asOf: AS_OF, calendar: NYSE },
    );
    expect(
      aging.totals.cells.map((c) => [
        c.type,
        c.bucketIndex,
        c.itemCount,
        text(c.debitAmount),
        text(c.creditAmount),
        text(c.shortQuantity),
      ]),
    ).toEqual([
      ["dk_fail", 0, 3, "0.3", "0.3", "0"],
      ["returned_delivery", 3, 1, "100", "0", "10"],
    ]);
  });
});

describe("property: every open item in exactly one bucket, and nothing lost in the totals", () => {
  const bounds = fc
    .uniqueArray(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 8 })
    .map((values) => [...values].sort((a, b) => a - b));
  const amount = fc.option(
    fc.tuple(
      fc.bigInt({ min: -1_000_000_000_000n, max: 1_000_000_000_000n }),
      fc.integer({ min: 0, max: 4 }),
    ),
    { nil: null },
  );
  const anItem = fc.record({
    age: fc.integer({ min: 0, max: 800 }),
    type: fc.constantFrom(...SUSPENSE_TYPES),
    currency: fc.constantFrom("USD", "EUR"),
    amount,
    quantity: amount,
  });
  /** Normalised (adding zero strips trailing zeros), as parsing would give it. */
  const toDecimal = (value: readonly [bigint, number] | null): Decimal | null =>
    value === null ? null : add(ZERO, { units: value[0], scale: value[1] });

  it("holds for random registers and buckets", () => {
    fc.assert(
      fc.property(bounds, fc.array(anItem, { maxLength: 40 }), (limits, drawn) => {
        const records = drawn.map((d, index) =>
          openItem(d.age, {
            itemId: `S-${index}`,
            type: d.type,
            currency: d.currency,
            amount: toDecimal(d.amount),
            quantity: toDecimal(d.quantity),
          }),
        );
        const aging = ageSuspense(records, { asOf: AS_OF, calendar: NYSE, buckets: limits });
        expect(aging.items).toHaveLength(records.length);
        for (const aged of aging.items) {
          const holding = aging.buckets.filter(
            (b) =>
              aged.ageCalendarDays >= b.fromDays &&
              (b.toDays === null || aged.ageCalendarDays <= b.toDays),
          );
          expect(holding).toEqual([aged.bucket]);
          expect(bucketFor(aging.buckets, aged.ageCalendarDays)).toBe(aged.bucket);
        }
        for (const total of aging.totals.byCurrency) {
          const cells = aging.totals.cells.filter((c) => c.currency === total.currency);
          const sumOf = (pick: (c: (typeof cells)[number]) => Decimal) =>
            text(cells.map(pick).reduce(add, ZERO));
          expect(cells.reduce((n, c) => n + c.itemCount, 0)).toBe(total.itemCount);
          expect(sumOf((c) => c.debitAmount)).toBe(text(total.debitAmount));
          expect(sumOf((c) => c.creditAmount)).toBe(text(total.creditAmount));
          expect(sumOf((c) => c.longQuantity)).toBe(text(total.longQuantity));
          expect(sumOf((c) => c.shortQuantity)).toBe(text(total.shortQuantity));
          // The grand total, straight from the records: net amount = debits − credits.
          const net = records
            .filter((r) => r.currency === total.currency && r.amount !== null)
            .reduce((s, r) => add(s, r.amount!), ZERO);
          expect(text(net)).toBe(text(subtract(total.debitAmount, total.creditAmount)));
        }
        expect(aging.totals.byCurrency.reduce((n, t) => n + t.itemCount, 0)).toBe(records.length);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe("proposeSuspenseTransfers", () => {
  function moneyBreak(difference: string, overrides: Partial<MoneyBreak> = {}): MoneyBreak {
    return {
      id: "1010@BNY/USD",
      contra: "BNY",
      account: "1010",
      glAccounts: ["1010"],
      currency: "USD",
      description: "Operating cash",
      booksBalance: decimal("1500.25"),
      statementBalance: add(decimal("1500.25"), decimal(difference)),
      difference: decimal(difference),
      direction: difference.startsWith("-") ? "short" : "long",
      kind: "balance_difference",
      booksRows: [{ sheet: "GL Cash", row: 2 }],
      statementRows: [{ sheet: "BNY", row: 2 }],
      unreadableRows: [],
      ...overrides,
    };
  }

  /** First seen `n` NYSE business days before AS_OF. */
  const seenDaysBefore = (n: number) => addBusinessDays("nyse", AS_OF, -n);

  it("proposes a break once it is N business days old (7 by default), not before", () => {
    expect(SUSPENSE_TRANSFER_AFTER_BUSINESS_DAYS).toBe(7);
    const breaks = [
      moneyBreak("1250", { id: "six" }),
      moneyBreak("1250", { id: "seven" }),
      moneyBreak("1250", { id: "new" }),
    ];
    const seen = new Map([
      ["six", seenDaysBefore(6)],
      ["seven", seenDaysBefore(7)],
    ]);
    const proposals = proposeSuspenseTransfers(breaks, { asOf: AS_OF, calendar: NYSE }, seen);
    expect(proposals.map((p) => [p.breakId, p.ageBusinessDays, p.openedOn])).toEqual([
      ["seven", 7, "2026-10-21"],
    ]);
    const at10 = proposeSuspenseTransfers(
      breaks,
      { asOf: AS_OF, calendar: NYSE, afterBusinessDays: 6 },
      seen,
    );
    expect(at10.map((p) => p.breakId)).toEqual(["seven", "six"]);
  });

  it("makes unallocated cash a credit receipt, and missing cash a debit of type Other", () => {
    const seen = new Map([
      ["in", seenDaysBefore(10)],
      ["out", seenDaysBefore(10)],
    ]);
    const [inflow, outflow] = proposeSuspenseTransfers(
      [moneyBreak("1250", { id: "in" }), moneyBreak("-80.5", { id: "out" })],
      { asOf: AS_OF, calendar: NYSE },
      seen,
    );
    expect([inflow!.type, text(inflow!.amount)]).toEqual([
      "unallocable_receipt_versus_payment",
      "-1250",
    ]);
    expect([outflow!.type, text(outflow!.amount)]).toEqual(["other", "80.5"]);
    expect(inflow!.itemId).toBe("in@2026-10-16");
  });

  it("writes every known fact of the break", () => {
    const [proposal] = proposeSuspenseTransfers(
      [moneyBreak("1250")],
      { asOf: AS_OF, calendar: NYSE },
      new Map([["1010@BNY/USD", seenDaysBefore(8)]]),
    );
    expect(proposal!.knownFacts).toBe(
      "Money break 1010@BNY/USD: account 1010 (GL 1010) at BNY, Operating cash. " +
        "Books 1,500.25 USD, statement 2,750.25 USD, difference 1,250.00 USD Long (statement − books; the balances differ). " +
        "First seen 2026-10-20; unresolved 8 business days as of 2026-10-30. " +
        "Rows: books: GL Cash row 2; statement: BNY row 2.",
    );
  });
});
