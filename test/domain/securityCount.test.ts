import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  conflictOf,
  independenceFindings,
  parseCountPeople,
} from "../../src/domain/countIndependence";
import {
  add,
  parseDecimal,
  subtract,
  sum,
  toDecimalString,
  ZERO,
  type Decimal,
} from "../../src/domain/decimal";
import { parseIsoDate, type IsoDate } from "../../src/domain/isoDate";
import type { PositionRecord } from "../../src/domain/positions";
import {
  buildCountLines,
  compareCount,
  possessionStatusOf,
  statusFromLocationCode,
  type CountLine,
  type CountLinesInput,
  type PossessionStatus,
  type RecordedCount,
} from "../../src/domain/securityCount";

const q = (text: string): Decimal => parseDecimal(text)!;
const d = (text: string): IsoDate => parseIsoDate(text)!;
const COUNT_DATE = d("2026-12-31");

function books(
  securityKey: string,
  location: string,
  quantity: string,
  row: number,
): PositionRecord {
  return {
    securityKey,
    securityId: securityKey,
    idKind: "cusip",
    description: `Security ${securityKey}`,
    contra: location,
    location,
    quantity: q(quantity),
    asOf: null,
    source: { sheet: "Stock Record", row },
  };
}

function input(records: PositionRecord[], more: Partial<CountLinesInput> = {}): CountLinesInput {
  return {
    countDate: COUNT_DATE,
    records,
    rowFacts: new Map(),
    locationStatus: new Map(),
    depositoryLocations: new Set(["DTC"]),
    ...more,
  };
}

function recorded(line: CountLine, entries: Partial<RecordedCount> = {}, row = 2): RecordedCount {
  return {
    line,
    countedQuantity: null,
    countedBy: "",
    supervisedBy: "",
    confirmationDate: null,
    confirmationReference: "",
    confirmedQuantity: null,
    note: "",
    row,
    ...entries,
  };
}

describe("possession statuses", () => {
  it("reads the words people use", () => {
    const cases: [string, PossessionStatus | null][] = [
      ["Vault", "in_possession"],
      ["box", "in_possession"],
      ["In Transfer", "in_transfer"],
      ["FTD", "fail_to_deliver"],
      ["Fails to receive", "fail_to_receive"],
      ["Stock loan", "loaned"],
      ["Pledged", "pledged"],
      ["Under repurchase agreement", "repo"],
      ["Deposited", "deposited"],
      ["somewhere", null],
      ["", null],
    ];
    for (const [text, status] of cases) expect(possessionStatusOf(text), text).toBe(status);
  });

  it("reads a location code's own words, never taking a code for a depository", () => {
    expect(statusFromLocationCode("VAULT-A")).toBe("in_possession");
    expect(statusFromLocationCode("BOX 12")).toBe("in_possession");
    expect(statusFromLocationCode("PLEDGE-CHASE")).toBe("pledged");
    expect(statusFromLocationCode("TRANSFER")).toBe("in_transfer");
    expect(statusFromLocationCode("DTC")).toBeNull();
    expect(statusFromLocationCode("CUSTODIAN")).toBeNull();
  });
});

describe("count lines from the stock record", () => {
  it("aggregates by security, location and status; classifies by row, map, code, then contra", () => {
    const { lines, issues } = buildCountLines(
      input(
        [
          books("037833100", "VAULT", "100", 2),
          books("037833100", "VAULT", "50", 3),
          books("037833100", "DTC", "1000", 4),
          books("594918104", "CHASE-1", "200", 5),
          books("594918104", "XYZ", "7", 6),
          books("594918104", "TRF", "30", 7),
        ],
        {
          locationStatus: new Map([["CHASE-1", "pledged" as const]]),
          rowFacts: new Map([
            ["Stock Record!7", { status: "in_transfer" as const, statusSince: d("2026-12-10") }],
            ["Stock Record!5", { status: null, statusSince: d("2026-10-01") }],
          ]),
        },
      ),
    );
    expect(
      lines.map((l) => [l.lineId, toDecimalString(l.booksQuantity), l.verificationRequired]),
    ).toEqual([
      ["037833100@VAULT#in_possession", "150", false],
      ["037833100@DTC#deposited", "1000", false],
      ["594918104@CHASE-1#pledged", "200", true],
      ["594918104@TRF#in_transfer", "30", false],
    ]);
    expect(lines[0]!.sourceRows.map((r) => r.row)).toEqual([2, 3]);
    expect(lines[2]!.daysInStatus).toBe(91);
    expect(lines[3]!.daysInStatus).toBe(21);
    expect(issues.map((i) => [i.code, i.where.row])).toEqual([
      ["count_location_must_be_classified", 6],
    ]);
  });

  it("needs verification after exactly more than 30 days, or when the date is unknown", () => {
    const since = (date: string) =>
      buildCountLines(
        input([books("037833100", "PLEDGED", "1", 2)], {
          rowFacts: new Map([["Stock Record!2", { status: null, statusSince: d(date) }]]),
        }),
      ).lines[0]!;
    expect(since("2026-12-01").daysInStatus).toBe(30);
    expect(since("2026-12-01").verificationRequired).toBe(false);
    expect(since("2026-11-30").verificationRequired).toBe(true);
    const unknown = buildCountLines(input([books("037833100", "PLEDGED", "1", 2)]));
    expect(unknown.lines[0]!.verificationRequired).toBe(true);
    expect(unknown.issues.map((i) => i.code)).toEqual(["status_since_is_unknown"]);
  });

  it("reads a Status Since after the count date as unknown, says so once, and verifies the item", () => {
    const later = buildCountLines(
      input([books("037833100", "PLEDGED", "1", 2), books("037833100", "VAULT", "5", 3)], {
        rowFacts: new Map([
          ["Stock Record!2", { status: null, statusSince: d("2027-01-05") }],
          ["Stock Record!3", { status: null, statusSince: d("2027-02-01") }],
        ]),
      }),
    );
    const pledged = later.lines.find((l) => l.status === "pledged")!;
    expect(pledged.daysInStatus).toBeNull();
    expect(pledged.verificationRequired).toBe(true);
    expect(later.issues.map((i) => [i.code, i.where.row])).toEqual([
      ["status_since_is_after_the_count_date", 2],
      ["status_since_is_after_the_count_date", 3],
    ]);
    expect(later.issues[0]!.message).toContain("2027-01-05");
    expect(later.issues[0]!.message).toMatch(/must be verified/);
    expect(later.issues[1]!.message).not.toMatch(/must be verified/);
  });
});

describe("comparing the count with the records", () => {
  const { lines } = buildCountLines(
    input(
      [
        books("037833100", "VAULT", "150", 2),
        books("594918104", "VAULT", "80", 3),
        books("594918104", "PLEDGED", "200", 4),
        books("38259P508", "DTC", "1000", 5),
        books("38259P508", "LOANED", "10", 6),
      ],
      {
        rowFacts: new Map([
          ["Stock Record!4", { status: null, statusSince: d("2026-09-01") }],
          ["Stock Record!6", { status: null, statusSince: d("2026-12-20") }],
        ]),
      },
    ),
  );
  const [vaultA, vaultB, pledged, deposited, loaned] = lines as [
    CountLine,
    CountLine,
    CountLine,
    CountLine,
    CountLine,
  ];

  it("agrees a clean count and posts nothing", () => {
    const result = compareCount(COUNT_DATE, "Count 2026-12-31", [
      recorded(vaultA, { countedQuantity: q("150") }),
      recorded(vaultB, { countedQuantity: q("80.0") }),
      recorded(pledged, {
        confirmationDate: d("2027-01-04"),
        confirmationReference: "CHASE conf 881",
      }),
      recorded(deposited),
      recorded(loaned),
    ]);
    expect(result.lines.map((l) => l.outcome)).toEqual([
      "agreed",
      "agreed",
      "verified",
      "verified_by_reconciliation",
      "accounted_for",
    ]);
    expect(result.observed).toEqual([]);
    expect(result.issues).toEqual([]);
  });

  it("finds a short and a long difference, summed per security", () => {
    const result = compareCount(COUNT_DATE, "Count 2026-12-31", [
      recorded(vaultA, { countedQuantity: q("140") }),
      recorded(vaultB, { countedQuantity: q("85") }),
      recorded(pledged, {
        confirmationDate: d("2027-01-04"),
        confirmationReference: "CHASE conf 881",
        confirmedQuantity: q("190"),
      }),
    ]);
    expect(result.observed.map((o) => [o.securityKey, toDecimalString(o.quantity)])).toEqual([
      ["037833100", "-10"],
      ["594918104", "-5"],
    ]);
    expect(result.lines.map((l) => l.difference && toDecimalString(l.difference))).toEqual([
      "-10",
      "5",
      "-10",
    ]);
  });

  it("flags an uncounted vault line and an unverified item over 30 days", () => {
    const result = compareCount(COUNT_DATE, "Count 2026-12-31", [
      recorded(vaultA, {}, 2),
      recorded(pledged, { confirmationDate: d("2027-01-04") }, 4),
    ]);
    expect(result.lines.map((l) => l.outcome)).toEqual(["not_counted", "unverified"]);
    expect(result.issues.map((i) => [i.code, i.where.row])).toEqual([
      ["count_quantity_is_required", 2],
      ["out_of_possession_item_must_be_verified", 4],
    ]);
    expect(result.issues[1]!.message).toContain("has no confirmation reference");
    expect(result.observed).toEqual([]);
  });

  it("does not take a confirmation older than the status for a verification", () => {
    const result = compareCount(COUNT_DATE, "Count 2026-12-31", [
      recorded(pledged, { confirmationDate: d("2026-08-01"), confirmationReference: "old" }),
    ]);
    expect(result.issues.map((i) => i.code)).toEqual(["confirmation_must_postdate_the_status"]);
    expect(result.lines[0]!.outcome).toBe("unverified");
  });

  it("conserves quantities: books + differences = what was counted (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 })),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        (pairs) => {
          const records = pairs.map(([b], i) =>
            books(`SEC${i % 5}`, `VAULT-${i}`, String(b), i + 2),
          );
          const built = buildCountLines(input(records)).lines;
          const counts = built.map((line, i) =>
            recorded(line, { countedQuantity: q(String(pairs[i]![1])) }),
          );
          const result = compareCount(COUNT_DATE, "Count", counts);
          const booksTotal = sum(built.map((l) => l.booksQuantity));
          const counted = sum(counts.map((c) => c.countedQuantity!));
          const differences = result.observed.reduce((t, o) => add(t, o.quantity), ZERO);
          expect(toDecimalString(subtract(counted, booksTotal))).toBe(toDecimalString(differences));
        },
      ),
    );
  });
});

describe("independence of the count", () => {
  const { people } = parseCountPeople({
    custodians: [{ name: "V. Keeper", locations: ["VAULT"] }, "All Access"],
    recordKeepers: ["R. Books"],
  });
  const line = (countedBy: string, supervisedBy: string) => ({
    securityId: "037833100",
    location: "VAULT",
    countedBy,
    supervisedBy,
    sheet: "Count 2026-12-31",
    row: 2,
  });

  it("knows custodians by location and record keepers, names as typed", () => {
    expect(conflictOf(people, " v.  keeper ", "vault")).toBe("custodian of vault");
    expect(conflictOf(people, "V. Keeper", "BOX-2")).toBeNull();
    expect(conflictOf(people, "all access", "BOX-2")).toBe("custodian of every location");
    expect(conflictOf(people, "R. Books", "BOX-2")).toBe("keeper of the stock record");
  });

  it("passes when the counter or the supervisor is independent, and fails when neither is", () => {
    expect(independenceFindings([line("A. Auditor", "")], people)).toEqual([]);
    expect(independenceFindings([line("V. Keeper", "A. Auditor")], people)).toEqual([]);
    const issues = independenceFindings(
      [line("V. Keeper", "R. Books"), line("V. Keeper", "")],
      people,
    );
    expect(issues.map((i) => i.code)).toEqual([
      "count_must_be_independent",
      "count_must_be_independent",
    ]);
    expect(issues[0]!.message).toContain("V. Keeper (custodian of VAULT)");
    expect(issues[0]!.message).toContain("R. Books (keeper of the stock record)");
  });

  it("refuses unreadable settings with a reason", () => {
    expect(parseCountPeople("x").problem).toBe("it is not an object");
    expect(parseCountPeople({ custodians: [{ locations: [] }] }).problem).toContain("needs a name");
  });
});
