/**
 * The 17a-13 count over a workbook (src/workbook/countRun.ts) in memory: generating the count
 * sheet without ever losing an entry, recording counts and confirmations from outside, and
 * comparing with the records and posting each difference to the Difference account once.
 */
import { describe, expect, it } from "vitest";
import { NO_COUNT_PEOPLE, type CountPeople } from "../../src/domain/countIndependence";
import { parseDecimal } from "../../src/domain/decimal";
import type { LedgerEntry } from "../../src/domain/differenceLedger";
import { parseIsoDate, type IsoDate } from "../../src/domain/isoDate";
import { LEDGER_SHEET, LEDGER_TABLE, ledgerRow, readLedger } from "../../src/domain/ledgerSheet";
import type { Row } from "../../src/domain/sheet";
import {
  compareCountSheet,
  generateCountSheet,
  recordCount,
  type CompareOptions,
  type CountEntry,
  type GenerateOptions,
} from "../../src/workbook/countRun";
import { COUNT_HEADERS } from "../../src/workbook/countSheet";
import { MemoryWorkbook } from "../../src/workbook/memoryWorkbook";
import { ledgerColumns } from "../../src/workbook/monthEndClose";

const d = (text: string): IsoDate => parseIsoDate(text)!;
const COUNT_DATE = d("2026-12-31");
const SHEET = "Count 2026-12-31";
const APPLE = "037833100";
const MICROSOFT = "594918104";
const ALPHABET = "38259P508";
const SOURCES = { books: "Stock Record", locations: "Locations" };

const STOCK_RECORD: Row[] = [
  ["CUSIP", "Description", "Location", "Quantity", "Status Since"],
  [APPLE, "APPLE INC COM", "VAULT", 150, null],
  [MICROSOFT, "MICROSOFT CORP COM", "VAULT", 80, null],
  [MICROSOFT, "MICROSOFT CORP COM", "PLEDGE-CHASE", 200, "2026-09-01"],
  [ALPHABET, "ALPHABET INC CL A", "DTC", 1000, null],
  [ALPHABET, "ALPHABET INC CL A", "TRANSFER", 10, "2026-12-20"],
];
const LOCATIONS: Row[] = [
  ["Location", "Contra", "Count Status"],
  ["DTC", "DTC", "Deposited"],
  ["VAULT", "VAULT", "Vault"],
  ["PLEDGE-CHASE", "CHASE", "Pledged"],
  ["TRANSFER", "TA", "In transfer"],
];

function workbook(stockRecord: Row[] = STOCK_RECORD, more: Record<string, Row[]> = {}) {
  return new MemoryWorkbook({ "Stock Record": stockRecord, Locations: LOCATIONS, ...more });
}

const generateOptions = (more: Partial<GenerateOptions> = {}): GenerateOptions => ({
  countDate: COUNT_DATE,
  cycle: null,
  onlyLocations: null,
  replace: false,
  ...more,
});

const compareOptions = (more: Partial<CompareOptions> = {}): CompareOptions => ({
  countDate: COUNT_DATE,
  today: d("2027-01-05"),
  actor: "J. Accountant",
  post: false,
  confirmResolutions: new Set(),
  people: NO_COUNT_PEOPLE,
  ...more,
});

const entry = (source: string, more: Omit<CountEntry, "source">): CountEntry => ({
  source,
  ...more,
});

/** The count sheet's rows as objects by header, without the header. */
async function countRows(port: MemoryWorkbook): Promise<Record<string, unknown>[]> {
  const rows = (await port.readSheet(SHEET)).rows;
  const header = rows[0]!.map(String);
  return rows.slice(1).map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]])));
}

async function ledgerEntries(port: MemoryWorkbook): Promise<LedgerEntry[]> {
  const sheets = await port.listSheets();
  if (!sheets.some((s) => s.name === LEDGER_SHEET)) return [];
  return readLedger((await port.readSheet(LEDGER_SHEET)).rows).entries;
}

/** Counts everything in the vault as the books say and confirms the pledge, except as given. */
async function countedWorkbook(
  counts: { apple?: string; microsoft?: string } = {},
): Promise<MemoryWorkbook> {
  const port = workbook();
  await generateCountSheet(port, SOURCES, generateOptions());
  await recordCount(port, {
    countDate: COUNT_DATE,
    entries: [
      entry("a", {
        securityId: APPLE,
        location: "VAULT",
        cells: { "Counted Quantity": counts.apple ?? "150" },
      }),
      entry("b", {
        securityId: MICROSOFT,
        location: "VAULT",
        cells: { "Counted Quantity": counts.microsoft ?? "80" },
      }),
      entry("c", {
        lineId: `${MICROSOFT}@PLEDGE-CHASE#pledged`,
        cells: { "Confirmation Date": "2026-12-30", "Confirmation Reference": "CHASE-7781" },
      }),
    ],
    countedBy: "A. Auditor",
    supervisedBy: "M. Chen",
  });
  return port;
}

describe("generating the count sheet", () => {
  it("writes one line per security, location and status, printable, with nothing entered", async () => {
    const port = workbook();
    const generated = await generateCountSheet(port, SOURCES, generateOptions());
    expect(generated.written).toBe(true);
    expect(generated.issues).toEqual([]);
    const rows = await countRows(port);
    expect(rows.map((r) => [r["Line ID"], r.Status, r["Verification Required"]])).toEqual([
      [`${APPLE}@VAULT#in_possession`, "In possession", "No"],
      [`${MICROSOFT}@VAULT#in_possession`, "In possession", "No"],
      [`${MICROSOFT}@PLEDGE-CHASE#pledged`, "Pledged", "Yes"],
      [`${ALPHABET}@DTC#deposited`, "Deposited", "No"],
      [`${ALPHABET}@TRANSFER#in_transfer`, "In transfer", "No"],
    ]);
    expect(rows[2]!["Days in Status"]).toBe(121);
    expect(rows.every((r) => r["Counted Quantity"] === "")).toBe(true);
    const table = port.writtenTables.find((t) => t.sheetName === SHEET)!;
    expect(table.columns.map((c) => c.header)).toEqual([...COUNT_HEADERS]);
    expect(table.print).toEqual({
      orientation: "landscape",
      fitToPagesWide: 1,
      repeatHeaderRow: true,
    });
  });

  it("refuses to overwrite a sheet that holds entries, and leaves it as it was", async () => {
    const port = await countedWorkbook();
    const before = await countRows(port);
    const again = await generateCountSheet(port, SOURCES, generateOptions());
    expect(again.written).toBe(false);
    expect(again.issues.map((i) => i.code)).toEqual(["count_sheet_must_not_be_overwritten"]);
    expect(again.issues[0]!.message).toContain("3 lines with entries");
    expect(await countRows(port)).toEqual(before);
  });

  it("with replace, keeps every entry on its line when the stock record moved", async () => {
    const port = await countedWorkbook({ apple: "149" });
    // The stock record is re-sorted and gains a line: the entries must follow their lines.
    const resorted: Row[] = [
      STOCK_RECORD[0]!,
      STOCK_RECORD[3]!,
      [ALPHABET, "ALPHABET INC CL A", "VAULT", 5, null],
      STOCK_RECORD[2]!,
      STOCK_RECORD[1]!,
      STOCK_RECORD[4]!,
      STOCK_RECORD[5]!,
    ];
    await port.writeTable({
      sheetName: "Stock Record",
      tableName: "Books",
      columns: resorted[0]!.map((h) => ({
        header: String(h),
        format: { kind: "general" },
        width: 10,
      })),
      rows: resorted.slice(1),
    });
    const replaced = await generateCountSheet(port, SOURCES, generateOptions({ replace: true }));
    expect(replaced.written).toBe(true);
    expect(replaced.keptEntries).toBe(3);
    const byLine = new Map((await countRows(port)).map((r) => [r["Line ID"], r]));
    expect(byLine.get(`${APPLE}@VAULT#in_possession`)).toMatchObject({
      "Counted Quantity": 149,
      "Counted By": "A. Auditor",
      "Supervised By": "M. Chen",
    });
    expect(byLine.get(`${MICROSOFT}@PLEDGE-CHASE#pledged`)).toMatchObject({
      "Confirmation Reference": "CHASE-7781",
    });
    expect(byLine.get(`${ALPHABET}@VAULT#in_possession`)).toMatchObject({
      "Counted Quantity": "",
    });
  });

  it("with replace, refuses when an entry would lose its line", async () => {
    const port = await countedWorkbook();
    const without = STOCK_RECORD.filter((row) => row[2] !== "PLEDGE-CHASE");
    await port.writeTable({
      sheetName: "Stock Record",
      tableName: "Books",
      columns: without[0]!.map((h) => ({
        header: String(h),
        format: { kind: "general" },
        width: 10,
      })),
      rows: without.slice(1),
    });
    const before = await countRows(port);
    const replaced = await generateCountSheet(port, SOURCES, generateOptions({ replace: true }));
    expect(replaced.written).toBe(false);
    expect(replaced.issues.map((i) => i.code)).toEqual(["count_entries_must_keep_their_lines"]);
    expect(replaced.issues[0]!.message).toContain(`${MICROSOFT}@PLEDGE-CHASE#pledged`);
    expect(await countRows(port)).toEqual(before);
  });

  it("keeps a cycle's name when a part is replaced without naming it again", async () => {
    const port = workbook();
    await generateCountSheet(port, SOURCES, generateOptions({ cycle: "2026-Q4" }));
    const replaced = await generateCountSheet(port, SOURCES, generateOptions({ replace: true }));
    expect(replaced.cycle).toBe("2026-Q4");
    expect((await countRows(port)).every((r) => r.Cycle === "2026-Q4")).toBe(true);
  });
});

describe("recording the count", () => {
  it("enters counts by line id or by security and location, and fills in the names", async () => {
    const port = workbook();
    await generateCountSheet(port, SOURCES, generateOptions());
    const recorded = await recordCount(port, {
      countDate: COUNT_DATE,
      entries: [
        // An ISIN finds the CUSIP's line; text quantities become numbers Excel can add up.
        entry("scan row 2", {
          securityId: "US0378331005",
          location: "vault",
          cells: { "Counted Quantity": "150.00" },
        }),
        entry("scan row 3", {
          lineId: `${MICROSOFT}@VAULT#in_possession`,
          cells: { "Counted Quantity": "79", "Counted By": "B. Counter" },
        }),
      ],
      countedBy: "A. Auditor",
      supervisedBy: "M. Chen",
    });
    expect(recorded.issues.filter((i) => i.severity === "error").map((i) => i.code)).toEqual([]);
    const rows = await countRows(port);
    expect(rows[0]).toMatchObject({
      "Counted Quantity": 150,
      "Counted By": "A. Auditor",
      "Supervised By": "M. Chen",
      Outcome: "Agreed",
    });
    // A name the entry gives is kept; only the missing one is filled in.
    expect(rows[1]).toMatchObject({
      "Counted Quantity": 79,
      "Counted By": "B. Counter",
      "Supervised By": "M. Chen",
      Outcome: "Difference",
      Difference: 1,
      "Long/Short": "Short",
    });
    // Lines nobody entered anything on get no names.
    expect(rows[2]).toMatchObject({ "Counted By": "", "Supervised By": "" });
    expect(port.writtenTables.filter((t) => t.sheetName === SHEET)).toHaveLength(2);
  });

  it("reports every entry that finds no line, and records the rest", async () => {
    const port = workbook();
    await generateCountSheet(port, SOURCES, generateOptions());
    const recorded = await recordCount(port, {
      countDate: COUNT_DATE,
      entries: [
        entry("counts.csv row 2", {
          securityId: APPLE,
          location: "BOX-9",
          cells: { "Counted Quantity": "5" },
        }),
        entry("counts.csv row 3", { lineId: "nope@VAULT#in_possession", cells: { Note: "x" } }),
        entry("counts.csv row 4", {
          securityId: APPLE,
          location: "VAULT",
          cells: { "Counted Quantity": "150" },
        }),
      ],
      countedBy: null,
      supervisedBy: null,
    });
    const unmatched = recorded.issues.filter((i) => i.code === "count_entry_must_match_a_line");
    expect(unmatched.map((i) => i.message)).toEqual([
      `counts.csv row 2: no line for ${APPLE} at BOX-9 on ${SHEET}; the entry was not recorded.`,
      `counts.csv row 3: no line nope@VAULT#in_possession on ${SHEET}; the entry was not recorded.`,
    ]);
    expect((await countRows(port))[0]).toMatchObject({ "Counted Quantity": 150 });
  });

  it("says so when a second scan changes what the first entered", async () => {
    const port = await countedWorkbook();
    const again = await recordCount(port, {
      countDate: COUNT_DATE,
      entries: [
        entry("rescan row 2", {
          securityId: APPLE,
          location: "VAULT",
          cells: { "Counted Quantity": "149" },
        }),
        entry("rescan row 3", {
          securityId: MICROSOFT,
          location: "VAULT",
          cells: { "Counted Quantity": "80" },
        }),
      ],
      countedBy: null,
      supervisedBy: null,
    });
    expect(again.issues.filter((i) => i.code === "count_entry_replaces_an_earlier_one")).toEqual([
      expect.objectContaining({
        severity: "warning",
        message: `rescan row 2: Counted Quantity of ${APPLE} at VAULT was "150" on ${SHEET} and is now "149".`,
      }),
    ]);
    expect((await countRows(port))[0]).toMatchObject({ "Counted Quantity": 149 });
  });

  it("needs the count sheet to exist", async () => {
    const recorded = await recordCount(workbook(), {
      countDate: COUNT_DATE,
      entries: [],
      countedBy: null,
      supervisedBy: null,
    });
    expect(recorded.read).toBeNull();
    expect(recorded.issues.map((i) => i.code)).toEqual(["count_sheet_must_exist"]);
  });
});

describe("comparing the count and posting its differences", () => {
  it("gives each line its outcome and each difference its direction", async () => {
    const port = await countedWorkbook({ apple: "140", microsoft: "81" });
    const { result } = await compareCountSheet(port, compareOptions());
    expect(result!.comparison.lines.map((c) => c.outcome)).toEqual([
      "difference",
      "difference",
      "verified",
      "verified_by_reconciliation",
      "accounted_for",
    ]);
    const rows = await countRows(port);
    expect(rows.map((r) => [r.Outcome, r.Difference, r["Long/Short"]])).toEqual([
      ["Difference", 10, "Short"],
      ["Difference", 1, "Long"],
      ["Verified", "", ""],
      ["Verified by reconciliation", "", ""],
      ["Accounted for", "", ""],
    ]);
    expect(result!.plan.postings.map((p) => [p.securityId, p.quantity, p.source])).toEqual([
      [APPLE, parseDecimal("-10"), "quarterly_count"],
      [MICROSOFT, parseDecimal("1"), "quarterly_count"],
    ]);
    expect(result!.clock).toMatchObject({ deadline: "2027-01-12", overdue: false });
    expect(await ledgerEntries(port)).toEqual([]);
  });

  it("posts once: a second compare with post finds nothing to post", async () => {
    const port = await countedWorkbook({ apple: "140" });
    const first = await compareCountSheet(port, compareOptions({ post: true }));
    expect(first.result!.posted.map((p) => [p.entryId, p.securityId, p.kind])).toEqual([
      ["DA-000001", APPLE, "initial"],
    ]);
    const second = await compareCountSheet(
      port,
      compareOptions({ post: true, today: d("2027-01-06") }),
    );
    expect(second.result!.posted).toEqual([]);
    expect(second.result!.plan.unchanged).toEqual([APPLE]);
    const ledger = await ledgerEntries(port);
    expect(ledger.map((e) => [e.entryId, e.securityKey, e.source, e.countReference])).toEqual([
      ["DA-000001", APPLE, "quarterly_count", "Security count 2026-12-31"],
    ]);
  });

  it("leaves the monthly reconciliation's entries of the same security alone", async () => {
    const monthly: LedgerEntry = {
      entryId: "DA-000001",
      securityKey: APPLE,
      securityId: APPLE,
      description: "APPLE INC COM",
      quantity: parseDecimal("-25")!,
      kind: "initial",
      countDate: d("2026-11-30"),
      source: "monthly_reconciliation",
      countReference: "Reconciliation as of 2026-11-30",
      postedOn: d("2026-12-02"),
      postedBy: "J. Accountant",
      deadline: d("2026-12-09"),
      onTime: true,
      businessDaysLate: 0,
      adjusts: null,
      reason: "Unresolved difference disclosed by the count",
    };
    const port = await countedWorkbook({ apple: "140" });
    await port.writeTable({
      sheetName: LEDGER_SHEET,
      tableName: LEDGER_TABLE,
      columns: ledgerColumns([monthly]),
      rows: [ledgerRow(monthly)],
    });
    const { result } = await compareCountSheet(
      port,
      compareOptions({ post: true, confirmResolutions: "all" }),
    );
    expect(result!.plan.proposedResolutions).toEqual([]);
    expect(result!.posted.map((p) => [p.entryId, p.quantity, p.source, p.adjusts])).toEqual([
      ["DA-000002", parseDecimal("-10"), "quarterly_count", null],
    ]);
    const ledger = await ledgerEntries(port);
    expect(ledger[0]).toEqual(monthly);
    expect(ledger).toHaveLength(2);
  });

  it("refuses to post an incomplete count, and says which lines are not counted", async () => {
    const port = workbook();
    await generateCountSheet(port, SOURCES, generateOptions());
    await recordCount(port, {
      countDate: COUNT_DATE,
      entries: [
        entry("a", { securityId: APPLE, location: "VAULT", cells: { "Counted Quantity": "100" } }),
      ],
      countedBy: "A. Auditor",
      supervisedBy: null,
    });
    const { result } = await compareCountSheet(port, compareOptions({ post: true }));
    expect(result!.complete).toBe(false);
    expect(result!.posted).toEqual([]);
    const codes = result!.issues.map((i) => i.code);
    expect(codes).toContain("count_quantity_is_required");
    expect(codes).toContain("out_of_possession_item_must_be_verified");
    expect(codes).toContain("count_must_be_complete_to_post");
    expect(await ledgerEntries(port)).toEqual([]);
  });

  it("flags a count made and supervised by the custodian and the record keeper", async () => {
    const people: CountPeople = {
      custodians: [{ name: "A. Auditor", locations: ["VAULT"] }],
      recordKeepers: ["M. Chen"],
    };
    const port = await countedWorkbook();
    const { result } = await compareCountSheet(port, compareOptions({ people }));
    expect(result!.independence.map((i) => [i.code, i.where.row])).toEqual([
      ["count_must_be_independent", 2],
      ["count_must_be_independent", 3],
    ]);
    // The pledge was confirmed by someone not its custodian (A. Auditor holds only the vault).
    expect(result!.independence.some((i) => i.message.includes("PLEDGE"))).toBe(false);
  });

  it("flags a count that names nobody who counted it", async () => {
    const port = workbook();
    await generateCountSheet(port, SOURCES, generateOptions());
    await recordCount(port, {
      countDate: COUNT_DATE,
      entries: [
        entry("a", { securityId: APPLE, location: "VAULT", cells: { "Counted Quantity": "150" } }),
      ],
      countedBy: null,
      supervisedBy: null,
    });
    const { result } = await compareCountSheet(port, compareOptions());
    expect(result!.independence.map((i) => i.code)).toEqual(["count_must_name_who_counted"]);
  });
});
